// SchemaToSql: the statements that create a schema, rendered by the dialect
// from the same operations a revision holds.
#include <map>
#include <set>

#include "retort/error.h"
#include "retort/schema_format.h"
#include "schema_document.h"
#include "table_order.h"
#include "view_trigger_changes.h"

namespace retort {
namespace {

void Append(std::vector<std::string>& statements, std::vector<std::string> more) {
  for (std::string& statement : more) statements.push_back(std::move(statement));
}

std::string Quoted(const Dialect& dialect, const QualifiedName& name) {
  return (name.schema.empty() ? "" : dialect.QuoteIdentifier(name.schema) + ".") +
         dialect.QuoteIdentifier(name.name);
}

std::string Literal(const std::string& text) {
  std::string quoted = "'";
  for (const char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

// Sequences, enums and domains have no operations: they are written in
// standard SQL (CREATE TYPE ... AS ENUM where a database has enums), with
// the dialect's type names.
void AppendTypesAndSequences(const Schema& schema, const Dialect& dialect,
                             std::vector<std::string>& statements) {
  for (const EnumType& type : schema.enums) {
    std::string labels;
    for (const std::string& label : type.labels) {
      labels += (labels.empty() ? "" : ", ") + Literal(label);
    }
    statements.push_back("CREATE TYPE " + Quoted(dialect, type.name) + " AS ENUM (" + labels + ")");
  }
  for (const Domain& domain : schema.domains) {
    std::string sql = "CREATE DOMAIN " + Quoted(dialect, domain.name) + " AS " +
                      dialect.RenderType(domain.type);
    if (domain.server_default) sql += " DEFAULT " + *domain.server_default;
    if (!domain.nullable) sql += " NOT NULL";
    for (const CheckConstraint& check : domain.check_constraints) {
      sql += (check.name.empty() ? "" : " CONSTRAINT " + dialect.QuoteIdentifier(check.name)) +
             " CHECK (" + check.condition + ")";
    }
    statements.push_back(sql);
  }
  for (const Sequence& sequence : schema.sequences) {
    statements.push_back("CREATE SEQUENCE " + Quoted(dialect, sequence.name) + " AS " +
                         dialect.RenderType(sequence.type) + " INCREMENT BY " +
                         std::to_string(sequence.increment) + " MINVALUE " +
                         std::to_string(sequence.min_value) + " MAXVALUE " +
                         std::to_string(sequence.max_value) + " START WITH " +
                         std::to_string(sequence.start) + (sequence.cycle ? " CYCLE" : ""));
  }
}

}  // namespace

std::vector<std::string> SchemaToSql(const Schema& schema, const Dialect& dialect) {
  std::vector<std::string> statements;
  AppendTypesAndSequences(schema, dialect, statements);
  const TableOrder order = OrderByForeignKeys(schema.tables);
  // A foreign key that closes a cycle is added once both tables exist; a
  // dialect that cannot add one to an existing table from the operation
  // alone (it would rebuild the table) accepts it inline, where nothing
  // checks that the referenced table exists yet.
  std::vector<std::string> later;
  for (const std::size_t position : order.tables) {
    Table table = schema.tables[position];
    std::vector<ForeignKey> inline_keys;
    for (std::size_t key = 0; key < table.foreign_keys.size(); ++key) {
      if (order.IsDeferred(table, key)) {
        try {
          Append(later, dialect.Render(CreateForeignKey{table.name, table.foreign_keys[key]}));
          continue;
        } catch (const OperationError&) {
        }
      }
      inline_keys.push_back(table.foreign_keys[key]);
    }
    table.foreign_keys = std::move(inline_keys);
    Append(statements, dialect.Render(CreateTable{WithInlineKey(std::move(table)), false}));
  }
  Append(statements, std::move(later));
  for (const Index& index : schema.indexes) {
    Append(statements, dialect.Render(CreateIndex{index, false, false}));
  }
  for (const View* view : ViewsReadFirst(schema.views)) {
    Append(statements, dialect.Render(CreateView{view->name, Execute{view->definition, {}},
                                                 view->materialized}));
  }
  for (const Trigger& trigger : schema.triggers) {
    Append(statements,
           dialect.Render(CreateTrigger{trigger.name, trigger.table, Execute{trigger.definition, {}}}));
  }
  // A sequence that belongs to a column is given to it once the table exists.
  for (const Sequence& sequence : schema.sequences) {
    if (sequence.owned_by.empty()) continue;
    statements.push_back("ALTER SEQUENCE " + Quoted(dialect, sequence.name) + " OWNED BY " +
                         sequence.owned_by);
  }
  return statements;
}

}  // namespace retort
