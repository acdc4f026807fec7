#include "sqlite_drop_probe.h"

#include <array>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_lexer.h"
#include "sqlite_renderer.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {
namespace {

constexpr const char* kSavepoint = "_retort_drop_probe";

struct Trigger {
  std::string name;
  std::string target;  // the table or view it is on
  std::string sql;
};

// Undoes everything the probe did, however it ends.
class ProbeSavepoint {
 public:
  explicit ProbeSavepoint(SqliteConnection& connection) : connection_(connection) {
    const auto legacy = connection_.QueryText("PRAGMA legacy_alter_table");
    legacy_ = !legacy.empty() && legacy[0][0] == "1";
    connection_.Execute(std::string("SAVEPOINT ") + kSavepoint);
  }
  ~ProbeSavepoint() {
    try {
      connection_.Execute(std::string("ROLLBACK TO ") + kSavepoint + "; RELEASE " + kSavepoint +
                          "; PRAGMA legacy_alter_table = " + (legacy_ ? "ON" : "OFF"));
    } catch (const Error&) {
      // The revision's transaction fails with the error that got here, or
      // with the next statement; either way it is rolled back whole.
    }
  }
  ProbeSavepoint(const ProbeSavepoint&) = delete;
  ProbeSavepoint& operator=(const ProbeSavepoint&) = delete;

 private:
  SqliteConnection& connection_;
  bool legacy_ = false;
};

// An INSERT, a DELETE and an UPDATE of every column of `target`: between
// them they fire any trigger on it, so compiling them compiles the trigger.
// An empty entry where no statement can be written (a view that no longer
// compiles has no columns to list).
std::array<std::string, 3> FiringStatements(SqliteConnection& connection,
                                            const SqliteRenderer& renderer,
                                            const std::string& schema, const std::string& target) {
  const std::string name = renderer.QuoteIdentifier(schema) + "." + renderer.QuoteIdentifier(target);
  std::string assignments;
  try {
    for (const auto& row : connection.QueryText("SELECT name FROM pragma_table_xinfo(?1, ?2) "
                                            "WHERE hidden = 0 ORDER BY cid",
                                            {target, schema})) {
      const std::string column = renderer.QuoteIdentifier(row[0].value_or(""));
      assignments += (assignments.empty() ? "" : ", ") + column + " = " + column;
    }
  } catch (const DatabaseError&) {
    assignments.clear();
  }
  return {"INSERT INTO " + name + " DEFAULT VALUES", "DELETE FROM " + name,
          assignments.empty() ? std::string() : "UPDATE " + name + " SET " + assignments};
}

bool Compiles(SqliteConnection& connection, const std::string& sql) {
  return !sql.empty() && connection.CompileError(sql).empty();
}

// For each view, whether it compiles; for each trigger, which of its firing
// statements compile with it as the only trigger of the schema.
struct Compiled {
  std::vector<bool> views;
  std::vector<std::array<bool, 3>> triggers;
};

Compiled CompileAll(SqliteConnection& connection, const SqliteRenderer& renderer,
                    const std::string& schema, const std::vector<std::string>& views,
                    const std::vector<Trigger>& triggers) {
  const std::string prefix = renderer.QuoteIdentifier(schema) + ".";
  Compiled compiled;
  for (const std::string& view : views) {
    compiled.views.push_back(
        Compiles(connection, "SELECT * FROM " + prefix + renderer.QuoteIdentifier(view)));
  }
  for (const Trigger& trigger : triggers) {
    std::array<bool, 3> fires{false, false, false};
    try {
      connection.Execute(trigger.sql);
    } catch (const DatabaseError&) {
      compiled.triggers.push_back(fires);  // it cannot even be created
      continue;
    }
    const auto statements = FiringStatements(connection, renderer, schema, trigger.target);
    for (std::size_t i = 0; i < statements.size(); ++i) {
      fires[i] = Compiles(connection, statements[i]);
    }
    connection.Execute("DROP TRIGGER " + prefix + renderer.QuoteIdentifier(trigger.name));
    compiled.triggers.push_back(fires);
  }
  return compiled;
}

}  // namespace

BrokenObjects ObjectsBrokenByDrop(SqliteConnection& connection, const SqliteRenderer& renderer,
                                  const QualifiedName& table,
                                  const std::vector<std::string>& kept_columns) {
  const std::string schema = table.schema.empty() ? "main" : table.schema;
  const std::string prefix = renderer.QuoteIdentifier(schema) + ".";
  std::vector<std::string> views;
  std::vector<Trigger> triggers;
  for (const auto& row : connection.QueryText("SELECT type, name, tbl_name, sql FROM " + prefix +
                                          "sqlite_schema WHERE type IN ('view', 'trigger') AND "
                                          "sql IS NOT NULL ORDER BY rowid")) {
    if (*row[0] == "view") {
      views.push_back(*row[1]);
    } else {
      triggers.push_back(Trigger{*row[1], *row[2], *row[3]});
    }
  }
  BrokenObjects broken;
  if ((views.empty() && triggers.empty()) || kept_columns.empty()) return broken;

  ProbeSavepoint savepoint(connection);
  // Compiling a statement compiles every trigger it may fire, and the
  // triggers those fire in turn: each trigger is tried alone, so that a
  // failure is blamed on the right one.
  for (const Trigger& trigger : triggers) {
    connection.Execute("DROP TRIGGER " + prefix + renderer.QuoteIdentifier(trigger.name));
  }
  const Compiled before = CompileAll(connection, renderer, schema, views, triggers);
  // With legacy_alter_table on, the rename leaves the views' and triggers'
  // text alone, so that they name the stand-in.
  const std::string aside = "_retort_drop_probe_" + table.name;
  connection.Execute("PRAGMA legacy_alter_table = ON");
  connection.Execute("ALTER TABLE " + renderer.QuoteName(table) + " RENAME TO " +
                     renderer.QuoteIdentifier(aside));
  std::string columns;
  for (const std::string& column : kept_columns) {
    columns += (columns.empty() ? "" : ", ") + renderer.QuoteIdentifier(column);
  }
  connection.Execute("CREATE TABLE " + renderer.QuoteName(table) + " (" + columns + ")");
  const Compiled after = CompileAll(connection, renderer, schema, views, triggers);

  for (std::size_t i = 0; i < views.size(); ++i) {
    if (before.views[i] && !after.views[i]) broken.views.push_back(views[i]);
  }
  for (std::size_t i = 0; i < triggers.size(); ++i) {
    for (std::size_t k = 0; k < 3; ++k) {
      if (before.triggers[i][k] && !after.triggers[i][k]) {
        broken.triggers.push_back(triggers[i].name);
        break;
      }
    }
  }
  return broken;
}

bool TriggerFiresOnUpdateOf(std::string_view sql, std::string_view column) {
  const std::vector<Token> tokens = Tokenize(sql);
  // CREATE TRIGGER name [BEFORE | AFTER | INSTEAD OF] UPDATE OF a, b ON ...
  for (std::size_t i = 0; i + 1 < tokens.size() && !tokens[i].Is("ON"); ++i) {
    if (!tokens[i].Is("UPDATE") || !tokens[i + 1].Is("OF")) continue;
    std::vector<std::string> names;
    for (std::size_t k = i + 2; k < tokens.size() && !tokens[k].Is("ON"); ++k) {
      if (tokens[k].kind != TokenKind::kPunctuation) names.push_back(tokens[k].Identifier());
    }
    return MentionsIdentifier(names, column);
  }
  return false;
}

}  // namespace retort::sqlite
