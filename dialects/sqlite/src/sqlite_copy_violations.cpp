// When a rebuild's copy breaks a CHECK, UNIQUE or PRIMARY KEY of the new
// definition, SQLite names the constraint and the internal INSERT, not the
// rows. This finds the rows: the copy is tried again with OR IGNORE in a
// savepoint, and the rows of the old table that did not arrive are the ones
// that break a constraint; their rowids (or values) and the values of the
// columns the constraint uses are listed, as CheckNotNulls does for NULLs.
#include <algorithm>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_lexer.h"
#include "sqlite_rebuild.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

constexpr const char* kSavepoint = "_retort_copy_violations";
constexpr int kExamples = 5;

// SQLite's own words after the result code: "CHECK constraint failed: x > 0".
std::string SqliteMessage(const DatabaseError& error) {
  const std::string what = error.what();
  const std::string marker = error.code() + ": ";
  const auto at = what.find(marker);
  return at == std::string::npos ? what : what.substr(at + marker.size());
}

// "UNIQUE constraint failed: t.a, t.b" -> {a, b}.
std::vector<std::string> FailedColumns(const std::string& message) {
  std::vector<std::string> columns;
  const auto colon = message.find(": ");
  if (colon == std::string::npos) return columns;
  std::string rest = message.substr(colon + 2);
  std::size_t begin = 0;
  while (begin <= rest.size()) {
    std::size_t end = rest.find(", ", begin);
    if (end == std::string::npos) end = rest.size();
    const std::string item = rest.substr(begin, end - begin);
    const auto dot = item.rfind('.');
    columns.push_back(dot == std::string::npos ? item : item.substr(dot + 1));
    begin = end + 2;
  }
  return columns;
}

// "CHECK <name> (<condition>)" from a named CHECK's text.
std::string NamedCheck(const std::string& name, const std::string& text) {
  for (const Token& token : Tokenize(text)) {
    if (token.Is("CHECK")) {
      const auto begin = text.find_first_not_of(" \t\n", token.end);
      return "CHECK " + name + (begin == std::string::npos ? "" : " " + text.substr(begin));
    }
  }
  return "CHECK " + name;
}

// Rolls the diagnosis's copy back, however it ends.
class DiagnosisSavepoint {
 public:
  explicit DiagnosisSavepoint(SqliteConnection& connection) : connection_(connection) {
    connection_.Execute(std::string("SAVEPOINT ") + kSavepoint);
  }
  ~DiagnosisSavepoint() {
    try {
      connection_.Execute(std::string("ROLLBACK TO ") + kSavepoint + "; RELEASE " + kSavepoint);
    } catch (const Error&) {
      // The revision fails anyway and its transaction is rolled back whole.
    }
  }
  DiagnosisSavepoint(const DiagnosisSavepoint&) = delete;
  DiagnosisSavepoint& operator=(const DiagnosisSavepoint&) = delete;

 private:
  SqliteConnection& connection_;
};

}  // namespace

void TableRebuild::ExplainCopyViolation(const DatabaseError& error, const std::string& temporary,
                                        const std::vector<CopiedColumn>& copied,
                                        bool by_rowid) {
  const bool check = error.code() == "SQLITE_CONSTRAINT_CHECK";
  const bool unique = error.code() == "SQLITE_CONSTRAINT_UNIQUE";
  const bool key = error.code() == "SQLITE_CONSTRAINT_PRIMARYKEY";
  if (!check && !unique && !key) return;
  const std::string message = SqliteMessage(error);

  // What the constraint is, and the columns whose values show why it fails.
  std::string constraint;
  std::vector<std::string> involved;
  if (check) {
    const std::string detail = message.substr(std::min(message.size(), message.find(": ") + 2));
    // SQLite gives a named constraint's name, an unnamed one's expression.
    constraint = "CHECK (" + detail + ")";
    involved = IdentifiersIn(detail);
    for (const TableConstraintSql& named : table_.constraints) {
      if (!named.name.empty() && MentionsIdentifier({named.name}, detail)) {
        constraint = NamedCheck(named.name, named.text);
        involved = named.identifiers;
      }
    }
    for (const ColumnSql& column : table_.columns) {
      for (const ColumnClause& clause : column.clauses) {
        if (clause.kind == ClauseKind::kCheck && !clause.name.empty() &&
            MentionsIdentifier({clause.name}, detail)) {
          constraint = NamedCheck(clause.name, clause.text) + " of column " + column.name;
          involved = IdentifiersIn(clause.text);
          involved.push_back(column.name);
        }
      }
    }
  } else {
    involved = FailedColumns(message);
    std::string list;
    for (const std::string& column : involved) list += (list.empty() ? "" : ", ") + column;
    constraint = std::string(key ? "PRIMARY KEY" : "UNIQUE") + " (" + list + ")";
  }
  std::vector<const CopiedColumn*> shown;
  for (const CopiedColumn& column : copied) {
    if (MentionsIdentifier(involved, column.name)) shown.push_back(&column);
  }
  if (shown.empty()) {
    for (const CopiedColumn& column : copied) shown.push_back(&column);
  }

  const std::string table = renderer_.QuoteName(name_);
  std::string sources, targets, values;
  for (const CopiedColumn& column : copied) {
    sources += (sources.empty() ? "" : ", ") + column.source;
    targets += (targets.empty() ? "" : ", ") + Quote(column.name);
  }
  for (const CopiedColumn* column : shown) {
    values += std::string(values.empty() ? "" : " || ', ' || ") + "'" + column->name +
              " ' || quote(" + column->source + ")";
  }
  if (by_rowid) {
    sources = "rowid, " + sources;
    targets = "rowid, " + targets;
  }
  std::string count = "0";
  std::string examples;
  {
    DiagnosisSavepoint savepoint(connection_);
    connection_.Execute("INSERT OR IGNORE INTO " + temporary + " (" + targets + ") SELECT " +
                        sources + " FROM " + table);
    const std::string missing =
        by_rowid ? " WHERE rowid NOT IN (SELECT rowid FROM " + temporary + ")" : "";
    if (by_rowid) {
      count = connection_.QueryText("SELECT count(*) FROM " + table + missing)[0][0].value_or("0");
      for (const auto& row :
           connection_.QueryText("SELECT rowid, " + values + " FROM " + table + missing +
                             " ORDER BY rowid LIMIT " + std::to_string(kExamples))) {
        examples += std::string(examples.empty() ? "" : "; ") + "rowid " + row[0].value_or("?") +
                    ": " + row[1].value_or("");
      }
    } else {
      // Without a rowid to tell them apart, the rows are told by their
      // values: those of the old table that the new one lacks.
      const auto rows_of = [&](const std::string& name) {
        return connection_.Query("SELECT count(*) FROM " + name, {}).rows[0][0].AsInteger(name);
      };
      count = std::to_string(rows_of(table) - rows_of(temporary));
      std::string copied_values;
      for (const CopiedColumn* column : shown) {
        copied_values += std::string(copied_values.empty() ? "" : " || ', ' || ") + "'" +
                         column->name + " ' || quote(" + Quote(column->name) + ")";
      }
      for (const auto& row : connection_.QueryText(
               "SELECT " + values + " FROM " + table + " EXCEPT SELECT " + copied_values +
               " FROM " + temporary + " LIMIT " + std::to_string(kExamples))) {
        examples += std::string(examples.empty() ? "" : "; ") + row[0].value_or("");
      }
    }
  }
  if (count == "0") return;  // not the rows' fault after all: SQLite's message stands
  const long long total = std::stoll(count);
  if (total > kExamples) examples += "; ...";
  throw OperationError(count + " row(s) of " + ToString(name_) + " break " + constraint +
                       " of the rebuilt table" +
                       (unique || key ? ", repeating a value of another row" : "") + " (" +
                       examples + "), so the rebuild cannot copy them; update or delete them "
                       "first, or change the constraint");
}

}  // namespace retort::sqlite
