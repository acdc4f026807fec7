// alter_column on MySQL: MODIFY COLUMN restating the whole column, ALTER
// COLUMN ... SET/DROP DEFAULT, RENAME COLUMN (see mysql_renderer.h).
#include "mysql_renderer.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// Whether a change from `before` to `after` only lengthens a VARCHAR, which
// InnoDB does in place of the metadata while the length's byte count stays.
bool OnlyLengthens(const Type& before, const Type& after) {
  return before.kind == TypeKind::kString && after.kind == TypeKind::kString && before.length &&
         after.length && *after.length >= *before.length;
}

}  // namespace

std::vector<std::string> MysqlRenderer::AlterColumnSql(const AlterColumn& op) const {
  const bool modifies = op.type || op.nullable || op.comment;
  if (!modifies) return AlterColumnAgainst(op, Column{});
  std::vector<std::string> missing;
  if (!op.type && !op.existing_type) missing.push_back("existing_type");
  if (!op.nullable && !op.existing_nullable) missing.push_back("existing_nullable");
  if (!op.server_default && !op.existing_server_default) {
    missing.push_back("existing_server_default");
  }
  if (!op.comment && !op.existing_comment) missing.push_back("existing_comment");
  if (!missing.empty()) {
    std::string list;
    for (const std::string& name : missing) list += (list.empty() ? "" : ", ") + name;
    throw OperationError(Describe(op) +
                         ": MySQL's MODIFY COLUMN states the whole column, and "
                         "without the database retort does not know its " +
                         list + "; give them in the revision, or run it online");
  }
  Column live;
  live.name = op.column;
  live.type = op.existing_type.value_or(Type{});
  live.nullable = op.existing_nullable.value_or(true);
  if (op.existing_server_default) live.server_default = *op.existing_server_default;
  if (op.existing_comment) live.comment = *op.existing_comment;
  return AlterColumnAgainst(op, live);
}

std::vector<std::string> MysqlRenderer::AlterColumnAgainst(const AlterColumn& op,
                                                           const Column& live,
                                                           const ColumnExtras& extras) const {
  if (!op.using_expression.empty()) ThrowNotStandard(Describe(op), "USING");
  const std::string column = QuoteIdentifier(op.column);
  std::vector<std::string> statements;
  if (op.nullable && !*op.nullable && !op.fill_nulls.empty()) {
    statements.push_back("UPDATE " + QuoteName(op.table) + " SET " + column + " = " +
                         op.fill_nulls + " WHERE " + column + " IS NULL");
  }
  if (op.type || op.nullable || op.comment) {
    Column changed = live;
    changed.name = op.column;
    if (op.type) changed.type = *op.type;
    if (op.nullable) changed.nullable = *op.nullable;
    if (op.server_default) changed.server_default = *op.server_default;
    if (op.comment) changed.comment = *op.comment;
    // A character set belongs to a textual type; a new type gets the
    // table's.
    ColumnExtras kept = extras;
    if (op.type) kept.charset.clear(), kept.collation.clear();
    // Metadata alone, unless the rows must be checked or rewritten: for
    // NULLs, or in the new type (a VARCHAR lengthened within its length
    // bytes is neither; the server says when it is).
    Algorithm algorithm = Algorithm::kInstant;
    if (changed.nullable != live.nullable) algorithm = Algorithm::kInplace;
    if (op.type && !OnlyLengthens(live.type, *op.type)) algorithm = Algorithm::kCopy;
    statements.push_back(
        Alter(op.table, "MODIFY COLUMN " + Definition(changed, kept, false), algorithm));
  } else if (op.server_default) {
    statements.push_back(
        Alter(op.table,
              "ALTER COLUMN " + column +
                  (*op.server_default ? " SET DEFAULT " + RenderDefault(**op.server_default)
                                      : std::string(" DROP DEFAULT")),
              Algorithm::kInstant));
  }
  if (op.new_column_name) {
    statements.push_back(
        Alter(op.table, "RENAME COLUMN " + column + " TO " + QuoteIdentifier(*op.new_column_name),
              Algorithm::kInstant));
  }
  return statements;
}

std::string MysqlRenderer::Restate(const QualifiedName& table, const Column& column,
                                   const ColumnExtras& extras) const {
  return Alter(table, "MODIFY COLUMN " + Definition(column, extras, false), Algorithm::kInstant);
}

}  // namespace retort::mysql
