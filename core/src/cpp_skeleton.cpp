#include "cpp_skeleton.h"

#include <cstdio>

namespace retort {
namespace {

// `value` as a C++ string literal.
std::string CppLiteral(const std::string& value) {
  std::string text = "\"";
  for (char c : value) {
    switch (c) {
      case '"': text += "\\\""; break;
      case '\\': text += "\\\\"; break;
      case '\n': text += "\\n"; break;
      case '\r': text += "\\r"; break;
      case '\t': text += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\%03o", static_cast<unsigned char>(c));
          text += escaped;
        } else {
          text += c;
        }
    }
  }
  return text + "\"";
}

std::string CppLiteralList(const std::vector<std::string>& values) {
  std::string text = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += (i == 0 ? "" : ", ") + CppLiteral(values[i]);
  }
  return text + "}";
}

}  // namespace

std::string CppRevisionSkeleton(const NewRevision& spec, const std::string& id,
                                const std::string& create_date,
                                const std::string& down_revision_value,
                                const std::string& branch_labels_value,
                                const std::string& depends_on_value,
                                const std::string& message_value) {
  return "// revision: " + id + "\n"
         "// down_revision: " + down_revision_value + "\n"
         "// branch_labels: " + branch_labels_value + "\n"
         "// depends_on: " + depends_on_value + "\n"
         "// message: " + message_value + "\n"
         "// create_date: " + create_date + "\n"
         "//\n"
         "// A revision written in C++. The application compiles this file and runs the\n"
         "// revision; the retort program reads the header above (keep it and the\n"
         "// registration below saying the same) and shows the revision, but cannot run it.\n"
         "#include <retort/code_revision.h>\n"
         "\n"
         "namespace {\n"
         "\n"
         "// `db` is the migration's connection, inside the revision's transaction:\n"
         "// db.Execute(sql) runs statements, db.Query(sql, {values...}) binds the values to\n"
         "// :name placeholders in order and returns the rows as text, db.dialect_name()\n"
         "// tells SQLite from PostgreSQL, and db.session() is the SOCI session. Throwing\n"
         "// rolls the revision back.\n"
         "void Upgrade([[maybe_unused]] retort::RevisionContext& db) {\n"
         "}\n"
         "\n"
         "// Undoes Upgrade; remove it (and .downgrade below) if the revision cannot be\n"
         "// undone, and downgrading past it is refused.\n"
         "void Downgrade([[maybe_unused]] retort::RevisionContext& db) {\n"
         "}\n"
         "\n"
         "[[maybe_unused]] const bool registered = retort::RegisterCodeRevision({\n"
         "    .revision = " + CppLiteral(id) + ",\n"
         "    .down_revisions = " + CppLiteralList(spec.down_revisions) + ",\n"
         "    .branch_labels = " + CppLiteralList(spec.branch_labels) + ",\n"
         "    .depends_on = " + CppLiteralList(spec.depends_on) + ",\n"
         "    .message = " + CppLiteral(spec.message) + ",\n"
         "    .upgrade = Upgrade,\n"
         "    .downgrade = Downgrade,\n"
         "    .transactional = true,  // false: runs outside a transaction (and the header\n"
         "                            // then says transaction: false)\n"
         "    .source = {},           // empty: this file and line\n"
         "});\n"
         "\n"
         "}  // namespace\n";
}

}  // namespace retort
