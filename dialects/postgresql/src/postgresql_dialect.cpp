#include "retort/postgresql/postgresql_dialect.h"

#include "postgresql_client.h"
#include "postgresql_expression.h"
#include "postgresql_lint.h"
#include "postgresql_renderer.h"
#include "postgresql_script.h"
#include "retort/constraint_selector.h"

namespace retort::postgresql {
namespace {

class PostgresqlDialect : public Dialect {
 public:
  std::string name() const override { return "postgresql"; }
  std::vector<std::string> url_schemes() const override { return {"postgresql", "postgres"}; }

  DialectTraits traits() const override {
    DialectTraits traits;
    traits.transactional_ddl = true;
    traits.native_alter_column = true;
    traits.migration_lock = "session-level advisory lock (pg_try_advisory_lock), per schema";
    return traits;
  }

  std::unique_ptr<Connection> Connect(const DatabaseUrl& url) const override {
    return LoadPostgresqlClient().connect(renderer_, url);
  }

  void Check(const RevisionOp& op) const override {
    // Rendering is the check; bulk_insert renders from data alone and may be
    // large.
    if (std::holds_alternative<BulkInsert>(op.op)) return;
    // A drop_constraint without a name gets one from the database when it
    // runs; the revision reader made sure it says what to look for.
    if (const auto* drop = std::get_if<DropConstraint>(&op.op); drop && IsSelector(*drop)) return;
    renderer_.Render(op.op);
  }

  std::vector<std::string> Render(const Operation& op) const override {
    return renderer_.Render(op);
  }

  std::unique_ptr<ScratchDatabase> OpenScratch(const DatabaseUrl& live,
                                               const DatabaseUrl* dev) const override {
    return LoadPostgresqlClient().open_scratch(renderer_, live, dev);
  }

  std::unique_ptr<Connection> OpenScript(ScriptWriter& script,
                                         std::unique_ptr<ScratchDatabase>) const override {
    return OpenPostgresqlScript(*this, renderer_, script);
  }

  std::string QuoteIdentifier(std::string_view name) const override {
    return renderer_.QuoteIdentifier(name);
  }
  std::string RenderType(const Type& type) const override { return renderer_.RenderType(type); }
  std::string CanonicalExpression(std::string_view expression) const override {
    return postgresql::CanonicalExpression(expression);
  }

  std::vector<LintFinding> Lint(const Operation& op, const LintContext& context) const override {
    return LintOperation(op, context);
  }

 private:
  PostgresqlRenderer renderer_;
};

}  // namespace

std::unique_ptr<Dialect> MakeDialect() { return std::make_unique<PostgresqlDialect>(); }

}  // namespace retort::postgresql
