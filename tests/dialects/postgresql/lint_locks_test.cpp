// Each lock retort lint claims is the lock PostgreSQL takes. For every
// operation the rules judge, the rendered statements run on one connection
// inside a transaction that stays open while a second connection reads
// pg_locks for the first one's backend: the strongest mode held on each
// claimed table must be the claimed mode. Statements that cannot run in a
// transaction (CONCURRENTLY) are made to wait behind a lock held by a third
// connection, and the mode they wait for is read instead. The rewrite
// claims are checked by whether the table's relfilenode changes.
#include <catch2/catch.hpp>
#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <thread>

#include "lint_testing.h"
#include "postgres_support.h"
#include "postgresql_lint.h"
#include "retort/commands.h"
#include "retort/dialect_registry.h"

namespace retort::testing {
namespace {

// One libpq connection, as another application holds one.
class Session {
 public:
  explicit Session(const PostgresDatabase& db) : conn_(PQconnectdb(db.conninfo().c_str())) {
    REQUIRE(PQstatus(conn_) == CONNECTION_OK);
  }
  ~Session() { PQfinish(conn_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::vector<std::vector<std::string>> Query(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    std::vector<std::vector<std::string>> rows;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      const std::string message = PQerrorMessage(conn_);
      PQclear(result);
      FAIL("SQL failed: " << sql << "\n" << message);
    }
    for (int r = 0; r < PQntuples(result); ++r) {
      rows.emplace_back();
      for (int c = 0; c < PQnfields(result); ++c) rows.back().push_back(PQgetvalue(result, r, c));
    }
    PQclear(result);
    return rows;
  }
  std::string Pid() { return std::to_string(PQbackendPID(conn_)); }
  void Send(const std::string& sql) { REQUIRE(PQsendQuery(conn_, sql.c_str()) == 1); }
  // Waits for what Send started; returns whether it succeeded.
  bool Finish() {
    bool ok = true;
    while (PGresult* result = PQgetResult(conn_)) {
      const ExecStatusType status = PQresultStatus(result);
      ok = ok && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
      PQclear(result);
    }
    return ok;
  }

 private:
  PGconn* conn_;
};

const char* kSetup = R"(
CREATE TABLE customers (id integer PRIMARY KEY, name text);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, amount numeric(10,2),
                     code varchar(10), note text, qty integer);
CREATE TABLE events (id integer, kind text);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 200) g;
INSERT INTO orders SELECT g, g, g, 'x' || g, 'n', g FROM generate_series(1, 200) g;
INSERT INTO events SELECT g, 'k' FROM generate_series(1, 200) g;
CREATE INDEX ix_orders_qty ON orders (qty);
CREATE VIEW v_orders AS SELECT id FROM orders;
CREATE FUNCTION keep_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER tr_orders BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION keep_row();
ALTER TABLE orders ADD CONSTRAINT ck_unchecked CHECK (qty > 0) NOT VALID;
CREATE UNIQUE INDEX ux_orders_id ON orders (id);
)";

// The lock modes in PostgreSQL's order of strength.
int Strength(const std::string& mode) {
  static const std::vector<std::string> order = {
      "AccessShareLock", "RowShareLock",          "RowExclusiveLock", "ShareUpdateExclusiveLock",
      "ShareLock",       "ShareRowExclusiveLock", "ExclusiveLock",    "AccessExclusiveLock"};
  const auto it = std::find(order.begin(), order.end(), mode);
  REQUIRE(it != order.end());
  return static_cast<int>(it - order.begin());
}

// The operation of a one-revision project whose upgrade is `yaml`.
Operation OperationOf(const std::string& yaml) {
  Project project;
  project.AddYamlRevision("a1", "", yaml);
  const Revision revision = Show(project.config(), "a1");
  REQUIRE(revision.upgrade.size() == 1);
  return revision.upgrade.front().op;
}

const Dialect& Postgresql() {
  const Dialect* dialect = DialectRegistry::Global().Find("postgresql");
  REQUIRE(dialect != nullptr);
  return *dialect;
}

// Runs `op` in a transaction on `actor`, and returns each table's strongest
// mode held, read from `observer`, and whether `rewritten` got a new file.
struct Observed {
  std::map<std::string, std::string> strongest;
  bool rewritten = false;
};

Observed RunHoldingLocks(Session& actor, Session& observer, const Operation& op,
                         const std::vector<LintLock>& claimed) {
  const std::string own = claimed.front().table.name;
  const std::string oid = observer.Query("SELECT '" + own + "'::regclass::oid")[0][0];
  const std::string file_query = "SELECT relfilenode FROM pg_class WHERE oid = " + oid;
  const std::string before = actor.Query(file_query)[0][0];
  actor.Query("BEGIN");
  for (const std::string& sql : Postgresql().Render(op)) actor.Query(sql);
  Observed observed;
  for (const LintLock& lock : claimed) {
    for (const auto& row : observer.Query(
             "SELECT mode FROM pg_locks WHERE granted AND pid = " + actor.Pid() +
             " AND relation = '" + lock.table.name + "'::regclass")) {
      std::string& strongest = observed.strongest[lock.table.name];
      if (strongest.empty() || Strength(row[0]) > Strength(strongest)) strongest = row[0];
    }
  }
  const auto after = actor.Query(file_query);
  observed.rewritten = !after.empty() && after[0][0] != before;
  actor.Query("ROLLBACK");
  return observed;
}

TEST_CASE("lint postgresql: every claimed lock is the strongest lock pg_locks shows while the "
          "statement's transaction is open, and every claimed rewrite changes the table's file",
          "[lint][postgresql][server]") {
  PostgresDatabase db;
  db.Exec(kSetup);
  Session actor(db);
  Session observer(db);
  const std::vector<std::string> cases = {
      "- add_column: {table: orders, column: {name: plan, type: text, server_default: \"'free'\"}}",
      "- add_column: {table: orders, column: {name: token, type: uuid, server_default: "
      "\"gen_random_uuid()\"}}",
      "- add_column: {table: events, column: {name: n, type: bigint, primary_key: true, "
      "autoincrement: true}}",
      "- add_column: {table: orders, column: {name: buyer, type: integer, references: "
      "customers.id}}",
      "- alter_column: {table: orders, column: qty, type: bigint, existing_type: integer}",
      "- alter_column: {table: orders, column: code, type: string(20), existing_type: string(10)}",
      "- alter_column: {table: orders, column: code, type: text, existing_type: string(10)}",
      "- alter_column: {table: orders, column: amount, type: \"numeric(12,2)\", existing_type: "
      "\"numeric(10,2)\"}",
      "- alter_column: {table: orders, column: note, type: string(5), existing_type: text, "
      "lossy: allow}",
      "- alter_column: {table: customers, column: name, nullable: false}",
      "- alter_column: {table: orders, column: note, new_column_name: remark}",
      "- alter_column: {table: orders, column: note, server_default: \"'x'\"}",
      "- create_index: {name: ix_orders_code, table: orders, columns: [code]}",
      "- drop_index: {name: ix_orders_qty, table: orders}",
      "- create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], "
      "referent_table: customers, referent_columns: [id]}",
      "- create_check_constraint: {name: ck_qty, table: orders, condition: \"qty > 0\"}",
      "- create_unique_constraint: {name: uq_orders_code, table: orders, columns: [code]}",
      "- create_check_constraint: {name: ck_qty, table: orders, condition: \"qty > 0\", "
      "not_valid: true}",
      "- create_foreign_key: {name: fk_orders_customer, table: orders, columns: [customer_id], "
      "referent_table: customers, referent_columns: [id], not_valid: true}",
      "- create_unique_constraint: {table: orders, columns: [id], using_index: ux_orders_id}",
      "- validate_constraint: {table: orders, name: ck_unchecked}",
      "- create_primary_key: {name: pk_events, table: events, columns: [id]}",
      "- drop_constraint: {name: orders_pkey, table: orders, type: primary}",
      "- drop_column: {table: orders, column: note}",
      "- rename_table: {name: events, new_name: happenings}",
      "- drop_table: events",
      "- create_table: {name: invoices, columns: [{name: id, type: integer}, {name: customer_id, "
      "type: integer}], foreign_keys: [{columns: [customer_id], referent_table: customers, "
      "referent_columns: [id]}]}",
      "- create_trigger: {name: tr_events, table: events, definition: \"CREATE TRIGGER "
      "tr_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION keep_row()\"}",
      "- drop_trigger: {name: tr_orders, table: orders}",
      "- drop_view: {name: v_orders}",
  };
  for (const std::string& yaml : cases) {
    INFO(yaml);
    const Operation op = OperationOf(yaml + "\n");
    const postgresql::LockProfile profile = postgresql::ProfileOf(op);
    REQUIRE_FALSE(profile.locks.empty());
    // The findings show the profile's locks.
    LintContext context;
    const std::vector<LintFinding> findings = Postgresql().Lint(op, context);
    for (const LintFinding& finding : findings) {
      for (const LintLock& lock : finding.locks) {
        CHECK(std::find(profile.locks.begin(), profile.locks.end(), lock) != profile.locks.end());
      }
    }
    const Observed observed = RunHoldingLocks(actor, observer, op, profile.locks);
    for (const LintLock& lock : profile.locks) {
      INFO("table " << lock.table.name);
      const auto held = observed.strongest.find(lock.table.name);
      REQUIRE(held != observed.strongest.end());
      CHECK(held->second == lock.mode);
    }
    CHECK(observed.rewritten == profile.rewrites);
  }
}

// Runs `sql` on `actor` outside a transaction while `holder` holds a lock
// that conflicts with everything, and returns the mode `actor` waits for on
// `table`; then gives up the statement (cancelled by lock_timeout).
std::string WaitedMode(Session& actor, Session& holder, Session& observer,
                       const std::string& table, const std::string& sql) {
  holder.Query("BEGIN");
  holder.Query("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
  actor.Query("SET lock_timeout = '20s'");
  actor.Send(sql);
  std::string mode;
  for (int attempt = 0; attempt < 200 && mode.empty(); ++attempt) {
    const auto rows = observer.Query("SELECT mode FROM pg_locks WHERE NOT granted AND pid = " +
                                     actor.Pid() + " AND relation = '" + table + "'::regclass");
    if (!rows.empty()) {
      mode = rows[0][0];
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // Cancel the waiting statement: it then changes nothing.
  observer.Query("SELECT pg_cancel_backend(" + actor.Pid() + ")");
  CHECK_FALSE(actor.Finish());
  holder.Query("ROLLBACK");
  actor.Query("RESET lock_timeout");
  return mode;
}

TEST_CASE("lint postgresql: CONCURRENTLY takes ShareUpdateExclusiveLock, as claimed, read "
          "from the lock it waits for",
          "[lint][postgresql][server]") {
  PostgresDatabase db;
  db.Exec(kSetup);
  Session actor(db);
  Session holder(db);
  Session observer(db);
  for (const std::string yaml :
       {"- create_index: {name: ix_orders_code, table: orders, columns: [code], concurrently: "
        "true}",
        "- drop_index: {name: ix_orders_qty, table: orders, concurrently: true}"}) {
    INFO(yaml);
    const Operation op = OperationOf(yaml + "\n");
    const postgresql::LockProfile profile = postgresql::ProfileOf(op);
    REQUIRE(profile.locks.size() == 1);
    const std::vector<std::string> statements = Postgresql().Render(op);
    REQUIRE(statements.size() == 1);
    CHECK(WaitedMode(actor, holder, observer, "orders", statements.front()) ==
          profile.locks.front().mode);
  }
  // Nothing was left behind by the cancelled statements.
  CHECK(observer.Query("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders'")[0][0] == "3");
}

}  // namespace
}  // namespace retort::testing
