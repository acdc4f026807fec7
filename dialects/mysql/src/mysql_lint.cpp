#include "mysql_lint.h"

#include "retort/error.h"

namespace retort::mysql {
namespace {

// The table an operation changes, when it changes one table in place.
std::optional<QualifiedName> TableOf(const Operation& op) {
  return std::visit(
      [](const auto& o) -> std::optional<QualifiedName> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, AddColumn> || std::is_same_v<T, DropColumn> ||
                      std::is_same_v<T, AlterColumn> || std::is_same_v<T, CreateForeignKey> ||
                      std::is_same_v<T, CreateUniqueConstraint> ||
                      std::is_same_v<T, CreateCheckConstraint> ||
                      std::is_same_v<T, CreatePrimaryKey> || std::is_same_v<T, DropConstraint> ||
                      std::is_same_v<T, CreateTableComment> ||
                      std::is_same_v<T, DropTableComment>) {
          return o.table;
        } else if constexpr (std::is_same_v<T, CreateIndex>) {
          return o.index.table;
        } else if constexpr (std::is_same_v<T, DropIndex>) {
          return QualifiedName{o.name.schema, o.table};
        } else {
          return std::nullopt;
        }
      },
      op);
}

// The statements `op` would run; where rendering needs the live database,
// the operation's own shape stands in for it (a named constraint of
// unknown kind, an index of unknown table, a column as existing_* says).
std::vector<std::string> StatementsOf(const MysqlRenderer& renderer, const Operation& op,
                                      const QualifiedName& table) {
  if (const auto* alter = std::get_if<AlterColumn>(&op)) {
    Column live;
    live.name = alter->column;
    live.type = alter->existing_type.value_or(alter->type.value_or(Type{}));
    live.nullable = alter->existing_nullable.value_or(true);
    return renderer.AlterColumnAgainst(*alter, live);
  }
  if (const auto* drop = std::get_if<DropIndex>(&op); drop && drop->table.empty()) {
    DropIndex known = *drop;
    known.table = table.name.empty() ? "t" : table.name;
    return renderer.Render(known);
  }
  if (const auto* drop = std::get_if<DropConstraint>(&op); drop && drop->name.empty()) {
    DropConstraint named = *drop;
    named.name = "c";
    return renderer.Render(named);
  }
  return renderer.Render(op);
}

}  // namespace

std::vector<LintFinding> LintOperation(const MysqlRenderer& renderer, const Operation& op,
                                       const LintContext& context) {
  const std::optional<QualifiedName> table = TableOf(op);
  if (!table || context.IsNewTable(*table)) return {};
  std::vector<std::string> statements;
  try {
    statements = StatementsOf(renderer, op, *table);
  } catch (const OperationError&) {
    return {};  // Check reports it
  }
  std::vector<LintFinding> findings;
  for (const std::string& statement : statements) {
    if (statement.rfind("ALTER TABLE", 0) != 0) continue;
    const Algorithm algorithm = AlgorithmOf(statement);
    LintFinding finding;
    finding.locks = {{*table, algorithm == Algorithm::kCopy ? "SHARED (writes wait)"
                                                            : "metadata lock, briefly"}};
    switch (algorithm) {
      case Algorithm::kInstant:
        finding.rule = "mysql-algorithm-instant";
        finding.message = "runs with ALGORITHM=INSTANT: only the table's metadata changes";
        break;
      case Algorithm::kInplace:
        finding.rule = "mysql-algorithm-inplace";
        finding.scans = true;
        finding.message =
            "runs with ALGORITHM=INPLACE, LOCK=NONE: InnoDB works through the "
            "rows while reads and writes go on";
        break;
      case Algorithm::kCopy:
        finding.rule = "mysql-algorithm-copy";
        finding.severity = LintSeverity::kWarning;
        finding.scans = true;
        finding.rewrites = true;
        finding.message = "the server copies the table (ALGORITHM=COPY): writes to " +
                          ToString(*table) + " wait until the copy is done";
        break;
    }
    finding.message += " [" + StatementForMessage(statement) + "]";
    findings.push_back(std::move(finding));
  }
  return findings;
}

}  // namespace retort::mysql
