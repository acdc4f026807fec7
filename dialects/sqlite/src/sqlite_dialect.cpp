#include "retort/sqlite/sqlite_dialect.h"

#include <charconv>
#include <filesystem>

#include "retort/error.h"
#include "sqlite_connection.h"
#include "sqlite_lint.h"
#include "sqlite_rebuild_rules.h"
#include "sqlite_renderer.h"
#include "sqlite_script.h"

namespace retort::sqlite {
namespace {

ConnectionSettings SettingsFrom(const DatabaseUrl& url) {
  if (!url.host.empty()) {
    throw ConfigError("SQLite URL " + url.Redacted() +
                      " names a host; write sqlite:///relative.db, sqlite:////absolute.db or "
                      "sqlite://:memory:");
  }
  if (!url.user.empty() || !url.password.empty() || url.port) {
    throw ConfigError("SQLite URL " + url.Redacted() + " cannot have a user, password or port");
  }
  // An empty path is most often a variable that was not set; SQLite would
  // open a temporary database, migrate it and throw it away.
  if (url.database.empty()) {
    throw ConfigError("SQLite URL " + url.Redacted() +
                      " names no database file (is a variable in it unset?); write "
                      "sqlite:///relative.db, sqlite:////absolute.db or sqlite://:memory:");
  }
  ConnectionSettings settings;
  settings.path = url.database;
  for (const auto& [key, value] : url.query) {
    if (key == "timeout") {
      double seconds = -1;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (error != std::errc() || end != value.data() + value.size() || seconds < 0) {
        throw ConfigError("SQLite URL " + url.Redacted() + ": timeout '" + value +
                          "' is not a number of seconds");
      }
      settings.busy_timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    } else if (key == "foreign_keys") {
      if (value != "on" && value != "off") {
        throw ConfigError("SQLite URL " + url.Redacted() + ": foreign_keys must be on or off");
      }
      settings.foreign_keys = value == "on";
    } else {
      throw ConfigError("SQLite URL " + url.Redacted() + ": unknown parameter '" + key +
                        "' (known: timeout, foreign_keys)");
    }
  }
  return settings;
}

// An in-memory database: nothing to create or remove, and the fastest
// place to run a history.
class MemoryScratch : public ScratchDatabase {
 public:
  MemoryScratch(const SqliteRenderer& renderer, ConnectionSettings settings)
      : connection_(renderer, std::move(settings)) {}

  Connection& connection() override { return connection_; }
  std::string description() const override { return "an in-memory SQLite database"; }

 private:
  SqliteConnection connection_;
};

class SqliteDialect : public Dialect {
 public:
  std::string name() const override { return "sqlite"; }
  std::vector<std::string> url_schemes() const override { return {"sqlite"}; }

  DialectTraits traits() const override {
    DialectTraits traits;
    traits.transactional_ddl = true;
    traits.native_alter_column = false;  // changes a column by rebuilding its table
    traits.migration_lock = "flock on the database's folder, then BEGIN IMMEDIATE";
    traits.script_replays_history = true;  // a rebuild starts from the table's text
    return traits;
  }

  std::unique_ptr<Connection> Connect(const DatabaseUrl& url) const override {
    return std::make_unique<SqliteConnection>(renderer_, SettingsFrom(url));
  }

  // The folder AcquireMigrationLock flocks, with its path made absolute
  // and its links resolved: one folder however the URL spells it.
  std::string MigrationLockScope(const DatabaseUrl& url) const override {
    try {
      const ConnectionSettings settings = SettingsFrom(url);
      if (settings.path == ":memory:") return {};
      std::filesystem::path folder = std::filesystem::path(settings.path).parent_path();
      if (folder.empty()) folder = ".";
      return "sqlite folder " +
             std::filesystem::weakly_canonical(std::filesystem::absolute(folder)).string();
    } catch (const std::exception&) {
      return {};  // Connect says what is wrong
    }
  }

  void Check(const RevisionOp& op) const override {
    if (RebuildTarget(op.op)) {
      // What only a rebuild can do is fine, unless rebuilds are forbidden.
      // (drop_column's needs show in the live schema; Apply checks those.)
      const std::string why = WhyRebuild(op.op, renderer_, nullptr);
      if (!why.empty() && op.rebuild == RebuildPolicy::kNever) {
        throw OperationError(Describe(op.op) + ": SQLite's ALTER TABLE " + why +
                             ", and rebuild: never forbids the table rebuild this needs");
      }
      return;
    }
    // Rendering is the check; bulk_insert renders from data alone and may be
    // large.
    if (std::holds_alternative<BulkInsert>(op.op)) return;
    renderer_.Render(op.op);
  }

  std::vector<std::string> Render(const Operation& op) const override {
    return renderer_.Render(op);
  }

  // Always in memory, with the live URL's settings (foreign_keys...): a dev
  // database would only be slower.
  std::unique_ptr<ScratchDatabase> OpenScratch(const DatabaseUrl& live,
                                               const DatabaseUrl* /*dev*/) const override {
    ConnectionSettings settings = SettingsFrom(live);
    settings.path = ":memory:";
    return std::make_unique<MemoryScratch>(renderer_, std::move(settings));
  }

  std::unique_ptr<Connection> OpenScript(
      ScriptWriter& script, std::unique_ptr<ScratchDatabase> history) const override {
    return OpenSqliteScript(script, std::move(history));
  }

  std::string QuoteIdentifier(std::string_view name) const override {
    return renderer_.QuoteIdentifier(name);
  }
  std::string RenderType(const Type& type) const override { return renderer_.RenderType(type); }

  std::vector<LintFinding> Lint(const Operation& op, const LintContext& context) const override {
    return LintOperation(op, context, renderer_);
  }

 private:
  SqliteRenderer renderer_;
};

}  // namespace

std::unique_ptr<Dialect> MakeDialect() { return std::make_unique<SqliteDialect>(); }

}  // namespace retort::sqlite
