#include "retort/mysql/mysql_dialect.h"

#include "mysql_client.h"
#include "mysql_expression.h"
#include "mysql_lint.h"
#include "mysql_renderer.h"
#include "mysql_stored_form.h"
#include "retort/constraint_selector.h"

namespace retort::mysql {
namespace {

class MysqlDialect : public Dialect {
 public:
  std::string name() const override { return "mysql"; }
  std::vector<std::string> url_schemes() const override { return {"mysql", "mariadb"}; }

  DialectTraits traits() const override {
    DialectTraits traits;
    // Each DDL statement commits the transaction it is in.
    traits.transactional_ddl = false;
    traits.native_alter_column = true;
    traits.migration_lock = "named lock (GET_LOCK), per database";
    traits.lacks = {Feature::kDeferrableConstraints, Feature::kPartialIndexes,
                    Feature::kTypeChangeUsing,       Feature::kDropColumnCascade,
                    Feature::kSetDefaultAction,      Feature::kUnboundedNumeric};
    return traits;
  }

  std::unique_ptr<Connection> Connect(const DatabaseUrl& url) const override {
    return LoadMysqlClient().connect(renderer_, url);
  }

  void Check(const RevisionOp& op) const override {
    if (std::holds_alternative<BulkInsert>(op.op)) return;
    // What needs the live table to be written is checked when it runs.
    if (const auto* drop = std::get_if<DropConstraint>(&op.op); drop && IsSelector(*drop)) return;
    if (const auto* drop = std::get_if<DropIndex>(&op.op); drop && drop->table.empty()) return;
    if (const auto* alter = std::get_if<AlterColumn>(&op.op)) {
      Column live;
      live.name = alter->column;
      renderer_.AlterColumnAgainst(*alter, live);
      return;
    }
    renderer_.Render(op.op);
  }

  // Offline SQL: without ALGORITHM clauses (see MysqlRenderer).
  std::vector<std::string> Render(const Operation& op) const override {
    return script_renderer_.Render(op);
  }

  std::unique_ptr<ScratchDatabase> OpenScratch(const DatabaseUrl& live,
                                               const DatabaseUrl* dev) const override {
    return LoadMysqlClient().open_scratch(renderer_, live, dev);
  }

  std::string QuoteIdentifier(std::string_view name) const override {
    return renderer_.QuoteIdentifier(name);
  }
  std::string RenderType(const Type& type) const override { return renderer_.RenderType(type); }
  std::string CanonicalExpression(std::string_view expression) const override {
    return mysql::CanonicalExpression(expression);
  }

  Schema StoredForm(Schema schema) const override { return mysql::StoredForm(std::move(schema)); }

  // MariaDB takes no offset in a literal: the UTC time alone, which the
  // connection's time_zone (UTC, see MysqlConnection) reads as meant.
  std::string TimestampLiteral(std::string_view utc) const override {
    const std::size_t offset = utc.find_first_of("+", 19);
    return renderer_.RenderLiteral(std::string(utc.substr(0, offset)));
  }

  std::vector<LintFinding> Lint(const Operation& op, const LintContext& context) const override {
    return LintOperation(renderer_, op, context);
  }

 private:
  MysqlRenderer renderer_;
  MysqlRenderer script_renderer_{false};
};

}  // namespace

std::unique_ptr<Dialect> MakeDialect() { return std::make_unique<MysqlDialect>(); }

}  // namespace retort::mysql
