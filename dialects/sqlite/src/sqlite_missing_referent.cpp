#include "sqlite_missing_referent.h"

#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {
namespace {

// A foreign key an operation declares on `child`.
struct DeclaredKey {
  QualifiedName child;
  const ForeignKey* key;
};

std::vector<DeclaredKey> DeclaredKeys(const Operation& op) {
  std::vector<DeclaredKey> keys;
  if (const auto* create = std::get_if<CreateTable>(&op)) {
    for (const ForeignKey& key : create->table.foreign_keys) {
      keys.push_back(DeclaredKey{create->table.name, &key});
    }
  } else if (const auto* add = std::get_if<AddColumn>(&op)) {
    if (add->foreign_key) keys.push_back(DeclaredKey{add->table, &*add->foreign_key});
  } else if (const auto* create_key = std::get_if<CreateForeignKey>(&op)) {
    keys.push_back(DeclaredKey{create_key->table, &create_key->foreign_key});
  }
  return keys;
}

// Whether `schema` has a table `name`, compared as SQLite compares names.
// Reads here need no deferred ADD COLUMN (see SqliteConnection::CatchUp):
// whether a table exists and its foreign keys stay as they are, since only
// columns without REFERENCES are deferred, and the parent's columns are
// caught up before they are read.
bool HasTable(SqliteConnection& connection, const std::string& schema, const std::string& name) {
  return !connection
              .QueryAsIs("SELECT 1 FROM pragma_table_list WHERE schema = ?1 AND type = 'table' AND "
                     "name = ?2 COLLATE NOCASE",
                     {schema, name})
              .empty();
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

void RefuseMissingReferents(SqliteConnection& connection, const std::vector<RevisionOp>& ops,
                            Connection::Span* current) {
  for (std::size_t k = 0; k < ops.size(); ++k) {
    for (const DeclaredKey& declared : DeclaredKeys(ops[k].op)) {
      const std::string schema = declared.child.schema.empty() ? "main" : declared.child.schema;
      if (!HasTable(connection, schema, declared.child.name)) continue;  // dropped or renamed later
      const std::string& parent = declared.key->referent.name;
      // The key as SQLite keeps it now: a later operation may have renamed
      // a column it names, or removed it.
      const auto targets = connection.QueryAsIs(
          "SELECT \"to\" FROM pragma_foreign_key_list(?1, ?2) WHERE \"table\" = ?3 COLLATE NOCASE",
          {declared.child.name, schema, parent});
      if (targets.empty()) continue;
      const std::string key = "the foreign key of " + ToString(declared.child) + " (" +
                              Joined(declared.key->columns) + ")";
      const std::string silently = "; SQLite would accept it and fail only when a row is "
                                   "written with foreign keys on";
      if (!HasTable(connection, schema, parent)) {
        *current = Connection::Span{k, 1};
        throw OperationError(key + " references table " + parent +
                             ", which does not exist at the end of the revision" + silently +
                             ". Create the table first (in this revision or an earlier one), or "
                             "correct the name");
      }
      std::vector<std::string> columns;
      std::vector<std::string> key_columns;
      connection.CatchUp(QualifiedName{schema, parent});
      for (const auto& row : connection.QueryAsIs(
               "SELECT name, pk FROM pragma_table_info(?1, ?2) ORDER BY cid", {parent, schema})) {
        columns.push_back(row[0].value_or(""));
        if (row[1] != "0") key_columns.push_back(row[0].value_or(""));
      }
      for (const auto& target : targets) {
        if (!target[0] && key_columns.empty()) {
          *current = Connection::Span{k, 1};
          throw OperationError(key + " references " + parent +
                               " without naming columns, which means its primary key, and " +
                               parent + " has none; name the referenced columns");
        }
        if (target[0] && !MentionsIdentifier(columns, *target[0])) {
          *current = Connection::Span{k, 1};
          throw OperationError(key + " references column " + parent + "." + *target[0] +
                               ", which does not exist at the end of the revision" + silently +
                               ". Correct the column's name");
        }
      }
    }
  }
}

}  // namespace retort::sqlite
