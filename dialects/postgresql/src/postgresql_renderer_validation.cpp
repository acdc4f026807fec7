// PostgreSQL's cheaper ways to add constraints: NOT VALID and VALIDATE
// CONSTRAINT, UNIQUE USING INDEX, and SET NOT NULL proven by a validated
// CHECK. Each trades one statement under an ACCESS EXCLUSIVE lock that scans
// the table for a brief lock plus a scan that blocks neither reads nor
// writes (see docs/postgresql.md).
#include "postgresql_renderer.h"

namespace retort::postgresql {
namespace {

// PostgreSQL keeps the first 63 bytes of an identifier.
constexpr std::size_t kMaxIdentifierBytes = 63;

// The name of the CHECK that via_check adds for `column` for the time of the
// change, cut to PostgreSQL's limit at a character boundary.
std::string TemporaryCheckName(const std::string& column) {
  std::string name = "retort_not_null_" + column;
  if (name.size() <= kMaxIdentifierBytes) return name;
  std::size_t end = kMaxIdentifierBytes;
  while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80) --end;
  return name.substr(0, end);
}

}  // namespace

std::vector<std::string> PostgresqlRenderer::CreateForeignKeySql(
    const CreateForeignKey& op) const {
  std::vector<std::string> statements = SqlRenderer::CreateForeignKeySql(op);
  if (op.not_valid) statements.back() += " NOT VALID";
  return statements;
}

std::vector<std::string> PostgresqlRenderer::CreateCheckSql(const CreateCheckConstraint& op) const {
  std::vector<std::string> statements = SqlRenderer::CreateCheckSql(op);
  if (op.not_valid) statements.back() += " NOT VALID";
  return statements;
}

std::vector<std::string> PostgresqlRenderer::CreateUniqueSql(
    const CreateUniqueConstraint& op) const {
  if (op.using_index.empty()) return SqlRenderer::CreateUniqueSql(op);
  return {"ALTER TABLE " + QuoteName(op.table) + " ADD " + ConstraintPrefix(op.constraint.name) +
          "UNIQUE USING INDEX " + QuoteIdentifier(op.using_index)};
}

std::vector<std::string> PostgresqlRenderer::ValidateConstraintSql(
    const ValidateConstraint& op) const {
  return {"ALTER TABLE " + QuoteName(op.table) + " VALIDATE CONSTRAINT " +
          QuoteIdentifier(op.name)};
}

std::vector<std::string> PostgresqlRenderer::SetNotNullSql(const AlterColumn& op) const {
  if (!op.via_check) return SqlRenderer::SetNotNullSql(op);
  const std::string table = "ALTER TABLE " + QuoteName(op.table);
  const std::string column = QuoteIdentifier(op.column);
  const std::string check = QuoteIdentifier(TemporaryCheckName(op.column));
  return {table + " DROP CONSTRAINT IF EXISTS " + check + ", ADD CONSTRAINT " + check +
              " CHECK (" + column + " IS NOT NULL) NOT VALID",
          table + " VALIDATE CONSTRAINT " + check,
          table + " ALTER COLUMN " + column + " SET NOT NULL",
          table + " DROP CONSTRAINT " + check};
}

}  // namespace retort::postgresql
