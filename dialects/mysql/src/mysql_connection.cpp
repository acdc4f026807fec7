#include "mysql_connection.h"

#include <soci/mysql/soci-mysql.h>

#include <cmath>

#include "mysql_catalog.h"
#include "mysql_reflect.h"
#include "retort/error.h"

namespace retort::mysql {
namespace {

// The server refused the ALGORITHM (or LOCK) the statement asked for.
constexpr unsigned kAlgorithmRefused = 1845;
constexpr unsigned kAlgorithmRefusedWithReason = 1846;
// Lock wait timeout exceeded (metadata locks and row locks alike).
constexpr const char* kLockWaitTimeout = "1205";

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

bool IsAlgorithmRefusal(const DatabaseError& error) {
  return error.code() == std::to_string(kAlgorithmRefused) ||
         error.code() == std::to_string(kAlgorithmRefusedWithReason);
}

}  // namespace

MysqlConnection::MysqlConnection(const MysqlRenderer& renderer, ConnectionSettings settings)
    : renderer_(renderer), settings_(std::move(settings)) {
  try {
    session_.open(soci::mysql, settings_.connect_string);
  } catch (const soci::mysql_soci_error& error) {
    throw DatabaseError("cannot connect to MySQL at " + settings_.shown + ": " +
                            Trimmed(ScrubSecret(error.get_error_message(), settings_.password)),
                        std::to_string(error.err_num_));
  } catch (const soci::soci_error& error) {
    throw DatabaseError("cannot connect to MySQL at " + settings_.shown + ": " +
                            Trimmed(ScrubSecret(error.get_error_message(), settings_.password)),
                        "2002");
  }
  handle_ = static_cast<soci::mysql_session_backend*>(session_.get_backend())->conn_;
  const std::string server = mysql_get_server_info(handle_);
  if (server.find("MariaDB") == std::string::npos || mysql_get_server_version(handle_) < 100700) {
    throw ConfigError("the MySQL dialect works with MariaDB 10.7 or later, and " + settings_.shown +
                      " is " + server +
                      " (MySQL 8 differs in what docs/mysql.md lists, and is not yet supported)");
  }
  SetMultiStatements(true);
  // - time_zone UTC: TIMESTAMP values in UTC, as retort writes and reads its
  //   own (and so NOW() in a revision, whatever the server's zone);
  // - explicit_defaults_for_timestamp: a TIMESTAMP column gets no default
  //   and no ON UPDATE it was not given (older servers' default is OFF);
  // - sql_mode: strict for every table, so that a change that would alter
  //   values fails instead of cutting them, and without
  //   NO_BACKSLASH_ESCAPES, which retort's string literals are written for.
  Execute(
      "SET time_zone = '+00:00', explicit_defaults_for_timestamp = 1, sql_mode = "
      "TRIM(BOTH ',' FROM CONCAT_WS(',', REPLACE(CONCAT(',', @@sql_mode, ','), "
      "',NO_BACKSLASH_ESCAPES,', ','), 'STRICT_ALL_TABLES'))");
  SetUpForCluster();
}

void MysqlConnection::SetMultiStatements(bool on) {
  if (multi_statements_ == on) return;
  if (mysql_set_server_option(handle_, on ? MYSQL_OPTION_MULTI_STATEMENTS_ON
                                          : MYSQL_OPTION_MULTI_STATEMENTS_OFF) != 0) {
    Fail("set the multi-statement option");
  }
  multi_statements_ = on;
}

MysqlConnection::~MysqlConnection() {
  Rollback();
  ReleaseMigrationLock();
}

void* MysqlConnection::NativeHandle(std::string_view kind) {
  if (kind == "soci::session") {
    // SOCI reads one result per statement: text of several statements must
    // fail there as it always did, not leave results unread.
    SetMultiStatements(false);
    return &session_;
  }
  if (kind == "MYSQL") return handle_;
  return nullptr;
}

bool MysqlConnection::TableExists(const QualifiedName& table) {
  const auto rows = QueryText(
      "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = "
      "COALESCE(NULLIF(:schema, ''), DATABASE()) AND TABLE_NAME = :name",
      {table.schema, table.name});
  return !rows.empty();
}

void MysqlConnection::Begin(const std::vector<const RevisionOp*>&) { Execute("START TRANSACTION"); }

void MysqlConnection::Commit() { Execute("COMMIT"); }

void MysqlConnection::Rollback() noexcept {
  if (handle_ != nullptr) mysql_rollback(handle_);
}

void MysqlConnection::SetStatementLockTimeout(std::optional<std::chrono::milliseconds> timeout) {
  statement_lock_timeout_ = timeout;
  if (!timeout) {
    Execute("SET SESSION lock_wait_timeout = DEFAULT");
    return;
  }
  // Whole seconds, and at least one: 0 would mean "do not wait at all" on
  // some servers and be refused on others.
  const auto seconds = std::max<long long>(
      1, static_cast<long long>(std::ceil(static_cast<double>(timeout->count()) / 1000.0)));
  Execute("SET SESSION lock_wait_timeout = " + std::to_string(seconds));
}

void MysqlConnection::Apply(const std::vector<RevisionOp>& ops, MigrationListener& listener,
                            Span* current) {
  for (std::size_t k = 0; k < ops.size(); ++k) {
    *current = Span{k, 1};
    ApplyOne(ops[k], listener);
  }
}

void MysqlConnection::ApplyOne(const RevisionOp& revision_op, MigrationListener& listener) {
  const Operation& op = revision_op.op;
  std::vector<std::string> statements;
  if (const auto* alter = std::get_if<AlterColumn>(&op);
      alter && (alter->type || alter->nullable || alter->comment)) {
    // MODIFY states the whole column: from the live one, not the revision.
    const LiveColumnDefinition live = LiveColumn(*this, alter->table, alter->column);
    statements = renderer_.AlterColumnAgainst(*alter, live.column, live.extras);
  } else if (const auto* drop = std::get_if<DropConstraint>(&op)) {
    statements = DropConstraintStatements(*drop);
  } else if (const auto* unique = std::get_if<CreateUniqueConstraint>(&op);
             unique && !unique->using_index.empty()) {
    RequireUniqueIndexFor(*this, *unique);
    statements = renderer_.Render(op);
  } else if (const auto* add = std::get_if<AddColumn>(&op)) {
    CheckFilledByServer(*add);
    statements = renderer_.Render(op);
  } else if (const auto* column = std::get_if<DropColumn>(&op)) {
    // The column's foreign keys go first: MySQL refuses to drop a column
    // under one, where the other databases drop the key with it.
    for (const std::string& key : ForeignKeysOver(*this, column->table, column->column)) {
      DropConstraint drop_key{column->table, key, ConstraintKind::kForeignKey, std::nullopt};
      for (std::string& sql : renderer_.Render(drop_key)) statements.push_back(std::move(sql));
    }
    for (std::string& sql : renderer_.Render(op)) statements.push_back(std::move(sql));
  } else if (const auto* drop_index = std::get_if<DropIndex>(&op);
             drop_index && drop_index->table.empty()) {
    DropIndex resolved = *drop_index;
    resolved.table = TableOfIndex(*this, drop_index->name, drop_index->if_exists);
    if (!resolved.table.empty()) statements = renderer_.Render(resolved);
  } else {
    statements = renderer_.Render(op);
  }
  for (const std::string& sql : statements) RunStatement(sql, op, listener);
}

void MysqlConnection::CheckFilledByServer(const AddColumn& add) {
  const Column& column = add.column;
  if (column.nullable || column.server_default || column.autoincrement || column.generated) return;
  if (QueryText("SELECT 1 FROM " + renderer_.QuoteName(add.table) + " LIMIT 1").empty()) return;
  throw OperationError(Describe(add) + ": the column is NOT NULL without a server_default, and " +
                       ToString(add.table) + " has rows, which MySQL would fill with " +
                       "zeros or empty strings; give it a server_default, or add it nullable, " +
                       "fill it, and then make it NOT NULL");
}

std::vector<std::string> MysqlConnection::DropConstraintStatements(const DropConstraint& drop) {
  const DropConstraint resolved = ResolveConstraint(*this, drop);
  if (resolved.kind == ConstraintKind::kForeignKey) {
    // The index MySQL made for the key goes with it, as it came.
    return {renderer_.DropForeignKey(resolved.table, resolved.name,
                                     IndexMadeFor(*this, resolved.table, resolved.name))};
  }
  if (resolved.kind == ConstraintKind::kCheck && IsColumnCheck(*this, resolved)) {
    // MariaDB drops a column's own check (named after the column, one per
    // column) only by stating the column again without it.
    LiveColumnDefinition live = LiveColumn(*this, resolved.table, resolved.name);
    live.extras.checks.clear();
    return {renderer_.Restate(resolved.table, live.column, live.extras)};
  }
  return renderer_.Render(resolved);
}

void MysqlConnection::RunStatement(const std::string& sql, const Operation& op,
                                   MigrationListener& listener) {
  std::string statement = sql;
  listener.OnStatement(statement);
  while (true) {
    try {
      Execute(statement);
      return;
    } catch (const DatabaseError& error) {
      // Only a statement retort wrote steps down: a revision's own SQL may
      // hold several statements, and those before the refused one ran.
      if (IsAlgorithmRefusal(error) && !std::holds_alternative<retort::Execute>(op)) {
        std::optional<std::string> weaker = WithWeakerAlgorithm(statement);
        // The server names the one it can do: only a copy is left.
        const bool copy_only =
            std::string_view(error.what()).find("Try ALGORITHM=COPY") != std::string_view::npos;
        while (copy_only && weaker && AlgorithmOf(*weaker) != Algorithm::kCopy) {
          weaker = WithWeakerAlgorithm(*weaker);
        }
        if (weaker) {
          listener.OnNotice(Describe(op) + ": the server cannot do it with " +
                            DescribeAlgorithm(AlgorithmOf(statement)) + " here (" + error.what() +
                            "); running it as " + *weaker);
          statement = std::move(*weaker);
          continue;
        }
      }
      if (error.code() != kLockWaitTimeout) throw;
      const std::string holders = LockHolders(*this, op);
      throw LockTimeoutError(
          std::string(error.what()) + "; it waited longer than " +
              (statement_lock_timeout_
                   ? "ddl_lock_timeout (" + std::to_string(statement_lock_timeout_->count()) +
                         " ms)"
                   : std::string("the server's lock_wait_timeout")) +
              " for a lock on what it changes" +
              (holders.empty() ? std::string() : ", which these sessions may hold: " + holders),
          error.code(), Describe(op), holders);
    }
  }
}

Schema MysqlConnection::Reflect() { return ReflectDatabase(*this, settings_.database); }

void MysqlConnection::AcquireMigrationLock(std::chrono::milliseconds timeout) {
  if (locked_) return;
  // One lock per database; the server's lock names are at most 64
  // characters, and a database's name is too.
  lock_name_ = "retort:" + settings_.database.substr(0, 57);
  const auto taken = QueryText("SELECT GET_LOCK(:name, :seconds)",
                               {lock_name_, std::to_string(timeout.count() / 1000.0)});
  if (!taken.empty() && taken[0][0] == "1") {
    locked_ = true;
    return;
  }
  const auto holder = QueryText("SELECT IS_USED_LOCK(:name)", {lock_name_});
  const std::string id = holder.empty() ? "" : holder[0][0].value_or("");
  throw DatabaseError("another retort process is migrating " + settings_.shown +
                          (id.empty() ? std::string() : " (server connection " + id + ")") +
                          ": its migration lock (GET_LOCK('" + lock_name_ +
                          "')) was not free within " + std::to_string(timeout.count()) +
                          " ms; wait for it, or raise lock_timeout",
                      kLockWaitTimeout);
}

void MysqlConnection::ReleaseMigrationLock() noexcept {
  if (!locked_ || handle_ == nullptr) return;
  locked_ = false;
  try {
    QueryText("SELECT RELEASE_LOCK(:name)", {lock_name_});
  } catch (...) {
    // The server frees it when the session ends.
  }
}

}  // namespace retort::mysql
