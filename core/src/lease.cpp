#include "lease.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "retort/error.h"
#include "retort/version.h"
#include "run_facts.h"
#include "version_table_schema.h"

namespace retort {
namespace {

using Clock = std::chrono::steady_clock;

// The row's key: one migration lock per set of retort's tables.
const char* const kLockName = "migration";

std::string RandomToken() {
  std::random_device device;
  std::string token;
  for (int k = 0; k < 4; ++k) {
    char part[9];
    std::snprintf(part, sizeof part, "%08x", static_cast<unsigned>(device()));
    token += part;
  }
  return token;
}

std::string ThisProcess() {
  return ExecutingUser() + " pid " + std::to_string(::getpid()) + " (retort " + LibraryVersion() +
         ")";
}

// How long a waiter sleeps between looks at the row: a tenth of a lease, at
// most a quarter second, jittered so that waiters that came together do
// not ask together.
std::chrono::milliseconds PollPause(std::chrono::milliseconds lease) {
  thread_local std::mt19937 generator{std::random_device{}()};
  const double base = static_cast<double>(std::min<long long>(250, lease.count() / 10));
  std::uniform_real_distribution<double> jitter(0.5, 1.5);
  return std::chrono::milliseconds(static_cast<long long>(base * jitter(generator)) + 1);
}

SqlValue Text(const std::string& text) { return SqlValue::Text(text); }

}  // namespace

Lease::Lease(const Dialect& dialect, std::unique_ptr<Connection> connection,
             const VersionTableNames& names, std::chrono::milliseconds duration,
             std::string database)
    : dialect_(dialect),
      connection_(std::move(connection)),
      names_(names),
      duration_(duration),
      database_(std::move(database)),
      token_(RandomToken()),
      holder_(ThisProcess()) {}

Lease::~Lease() { Release(); }

std::string Lease::Table() const {
  const std::string table = dialect_.QuoteIdentifier(names_.lock);
  return names_.schema.empty() ? table : dialect_.QuoteIdentifier(names_.schema) + "." + table;
}

std::string Lease::Now() const { return dialect_.TimestampLiteral(UtcTimestamp()); }

Lease::Row Lease::Read() {
  const QueryRows result =
      connection_->Query("SELECT token, holder, generation, lease_ms, renewed_at FROM " + Table() +
                             " WHERE name = :name",
                         {Text(kLockName)});
  Row row;
  if (result.rows.empty()) return row;
  const std::vector<SqlValue>& values = result.rows.front();
  row.exists = true;
  row.token = values[0].ToText();
  row.holder = values[1].ToText();
  row.generation = values[2].AsInteger(names_.lock + ".generation");
  row.lease = std::chrono::milliseconds(values[3].AsInteger(names_.lock + ".lease_ms"));
  row.renewed_at = values[4].is_null() ? "" : ToUtcTimestamp(values[4].ToText());
  return row;
}

void Lease::MakeTableAndRow() {
  const QualifiedName table{names_.schema, names_.lock};
  if (!connection_->TableExists(table)) {
    try {
      for (const std::string& sql :
           dialect_.Render(CreateTable{LockTableDefinition(names_), true})) {
        connection_->Execute(sql);
      }
    } catch (const DatabaseError& error) {
      // Another migrator may have made it at the same moment.
      if (!connection_->TableExists(table)) {
        throw DatabaseError(
            "cannot make the lease table " + Table() + " in " + database_ + ": " + error.what(),
            error.code());
      }
    }
  }
  if (Read().exists) return;
  // Migrators that come together insert the row together. The losers are
  // refused: by the key, or on a cluster by certification, as a deadlock.
  // Such a refusal is tried again; one that keeps coming with no row is the
  // database's.
  for (int attempt = 1;; ++attempt) {
    try {
      connection_->Query(
          "INSERT INTO " + Table() + " (name, generation, lease_ms) VALUES (:name, 0, 0)",
          {Text(kLockName)});
      return;
    } catch (const DatabaseError& error) {
      if (Read().exists) return;
      if (attempt == 3) {
        throw DatabaseError("cannot write the migration lease's row into " + Table() + " of " +
                                database_ + ": " + error.what(),
                            error.code());
      }
    }
    std::this_thread::sleep_for(PollPause(duration_));
  }
}

Lease::Row Lease::TryTake(const Row& seen) {
  const Clock::time_point sent = Clock::now();
  const std::string now = Now();
  take_failure_.reset();
  try {
    connection_->Query("UPDATE " + Table() +
                           " SET token = :token, holder = :holder, generation = generation + 1, "
                           "lease_ms = :lease, taken_at = " +
                           now + ", renewed_at = " + now +
                           " WHERE name = :name AND generation = :seen",
                       {Text(token_), Text(holder_), SqlValue::Integer(duration_.count()),
                        Text(kLockName), SqlValue::Integer(seen.generation)});
  } catch (const DatabaseError& error) {
    // Lost a race the database tells by an error (a cluster's
    // certification, a busy file), or cannot write at all: the row says.
    take_failure_ = error;
  }
  Row after;
  try {
    after = Read();
  } catch (...) {
    FreeRow();  // it may be ours: never left held by no one
    throw;
  }
  if (after.token == token_) {
    std::lock_guard<std::mutex> lock(mutex_);
    renewal_sent_ = sent;
  }
  return after;
}

void Lease::Take(std::chrono::milliseconds timeout) {
  if (held_) return;
  MakeTableAndRow();
  const Clock::time_point deadline = Clock::now() + timeout;
  Row watched;
  Clock::time_point unchanged_since = Clock::now();
  // The generation of the row a take was last refused on; generations only
  // grow, so an old one never matches again.
  std::optional<std::int64_t> refused_on;
  while (true) {
    const Row row = Read();
    bool may_take = row.token.empty();
    if (!may_take) {
      if (row.token != watched.token || row.generation != watched.generation) {
        watched = row;
        unchanged_since = Clock::now();
      } else {
        // The holder's own lease length, which may differ from ours.
        const std::chrono::milliseconds lease =
            row.lease > std::chrono::milliseconds(0) ? row.lease : duration_;
        may_take = Clock::now() - unchanged_since >= lease;
      }
    }
    if (may_take) {
      const Row after = TryTake(row);
      if (after.token == token_) break;
      // A lost race changes the row's generation. Refused twice on the same
      // generation, a pause apart, there was no race: the database will not
      // let this lease be written (rights, a read-only server).
      if (take_failure_ && after.generation == row.generation) {
        if (refused_on == row.generation) {
          throw DatabaseError("cannot take the migration lease of " + database_ + " (table " +
                                  Table() + "), which is " +
                                  (row.token.empty() ? "free" : "lapsed") + ": " +
                                  take_failure_->what(),
                              take_failure_->code());
        }
        refused_on = row.generation;
      }
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) {
      const Row holder = Read();
      throw DatabaseError(
          "another retort process is migrating " + database_ + ": " +
              (holder.holder.empty() ? std::string("a holder") : holder.holder) +
              " holds its migration lease (table " + Table() + ")" +
              (holder.renewed_at.empty() ? "" : ", last renewed at " + holder.renewed_at) +
              "; it was not released or let lapse within " + std::to_string(timeout.count()) +
              " ms; wait for it, or raise lock_timeout (a lease lapses when not renewed for " +
              std::to_string((holder.lease.count() > 0 ? holder.lease : duration_).count()) +
              " ms)",
          "LEASE_TIMEOUT");
    }
    std::this_thread::sleep_for(
        std::min(PollPause(duration_),
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
  }
  held_ = true;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
    lost_.clear();
    renewal_failure_.clear();
  }
  renewer_ = std::thread([this] { KeepRenewing(); });
}

void Lease::KeepRenewing() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, duration_ / 3, [this] { return stop_ || !lost_.empty(); })) {
    lock.unlock();
    const Clock::time_point sent = Clock::now();
    try {
      connection_->Query("UPDATE " + Table() + " SET generation = generation + 1, renewed_at = " +
                             Now() + " WHERE name = :name AND token = :token",
                         {Text(kLockName), Text(token_)});
      const Row row = Read();
      lock.lock();
      if (row.token != token_) {
        lost_ = "it was taken over by " + (row.holder.empty() ? "no one" : row.holder) +
                " after it lapsed";
        return;
      }
      renewal_sent_ = sent;
      renewal_failure_.clear();
    } catch (const DatabaseError& error) {
      lock.lock();
      renewal_failure_ = error.what();
    }
  }
}

std::string Lease::Lost() const {
  std::lock_guard<std::mutex> lock(mutex_);
  // A waiter may take the lease over once it saw the row unchanged for a
  // whole lease; the last renewal that counted was sent before that clock
  // started, so a tenth of a lease before it runs out is when to stop.
  if (lost_.empty() && held_ && Clock::now() - renewal_sent_ >= duration_ - duration_ / 10) {
    lost_ = "it was not renewed within its " + std::to_string(duration_.count()) +
            " ms (lease_duration), after which another migrator may take it over" +
            (renewal_failure_.empty() ? "" : " (the last renewal failed: " + renewal_failure_ + ")");
  }
  return lost_;
}

void Lease::FreeRow() noexcept {
  try {
    connection_->Query("UPDATE " + Table() +
                           " SET token = NULL, holder = NULL, generation = generation + 1 "
                           "WHERE name = :name AND token = :token",
                       {Text(kLockName), Text(token_)});
  } catch (...) {
    // It lapses.
  }
}

void Lease::Release() noexcept {
  if (!held_) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (renewer_.joinable()) renewer_.join();
  held_ = false;
  FreeRow();
}

}  // namespace retort
