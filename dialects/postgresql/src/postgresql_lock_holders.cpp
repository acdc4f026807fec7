#include "postgresql_lock_holders.h"

#include <libpq-fe.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "retort/error.h"

namespace retort::postgresql {
namespace {

using LookupConnection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Granted relation locks of other sessions in this database, with what
// pg_stat_activity says of their sessions. System catalogues are left out:
// every session touches them, and a migration never waits on them for long.
constexpr const char* kHeldLocks = R"(
SELECT l.pid, n.nspname, c.relname, c.relkind, l.mode,
       coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(a.state, ''),
       a.xact_start IS NOT NULL,
       to_char(coalesce(a.xact_start, a.backend_start) AT TIME ZONE 'UTC',
               'YYYY-MM-DD HH24:MI:SS'),
       round(extract(epoch FROM clock_timestamp() -
                                coalesce(a.xact_start, a.backend_start))::numeric, 1),
       coalesce(a.query, '')
FROM pg_locks l
JOIN pg_class c ON c.oid = l.relation
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'relation' AND l.granted
  AND l.pid <> $1::int AND l.pid <> pg_backend_pid()
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY l.pid, n.nspname, c.relname)";

enum Column { kPid, kSchema, kName, kKind, kMode, kApplication, kUser, kState, kInTransaction,
              kSince, kSeconds, kQuery };

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool IdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Whether `name` occurs in `text` (both lower case) as a whole word.
bool Names(const std::string& text, const std::string& name) {
  for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
    const std::size_t end = at + name.size();
    if ((at == 0 || !IdentifierChar(text[at - 1])) &&
        (end == text.size() || !IdentifierChar(text[end]))) {
      return true;
    }
  }
  return false;
}

std::string KindName(const std::string& kind) {
  static const std::map<std::string, std::string> names = {
      {"r", "table"}, {"p", "table"},    {"v", "view"},          {"m", "materialized view"},
      {"i", "index"}, {"I", "index"},    {"S", "sequence"},      {"f", "foreign table"}};
  auto it = names.find(kind);
  return it == names.end() ? "relation" : it->second;
}

struct Holder {
  std::string session;             // who, for the message
  std::vector<std::string> locks;  // "AccessShareLock on public.accounts"
  std::string query;
};

}  // namespace

LockHolders FindLockHolders(const ConnectionSettings& settings, int waiting_pid,
                            const std::string& statement) {
  LockHolders found;
  // Short: a lookup for an error message must not itself hang.
  LookupConnection connection(PQconnectdb((settings.conninfo + " connect_timeout=5").c_str()),
                        &PQfinish);
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    found.failure = "a second connection to look it up failed: " +
                    ScrubSecret(PQerrorMessage(connection.get()), settings.password);
    while (!found.failure.empty() && found.failure.back() == '\n') found.failure.pop_back();
    return found;
  }
  PQclear(PQexec(connection.get(), "SET statement_timeout = 5000"));
  const std::string pid = std::to_string(waiting_pid);
  const char* values[] = {pid.c_str()};
  Result result(PQexecParams(connection.get(), kHeldLocks, 1, nullptr, values, nullptr, nullptr, 0),
                &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    const char* why = PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY);
    found.failure = "looking in pg_locks failed: " + std::string(why ? why : "no answer");
    return found;
  }
  const std::string text = Lower(statement);
  std::vector<std::string> objects;
  std::vector<std::pair<std::string, Holder>> holders;  // by pid, in the query's order
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    auto cell = [&](Column column) { return std::string(PQgetvalue(result.get(), row, column)); };
    if (!Names(text, Lower(cell(kName)))) continue;
    const std::string relation = cell(kSchema) + "." + cell(kName);
    const std::string object = KindName(cell(kKind)) + " " + relation;
    if (std::find(objects.begin(), objects.end(), object) == objects.end()) {
      objects.push_back(object);
    }
    if (holders.empty() || holders.back().first != cell(kPid)) {
      Holder holder;
      holder.session = "server process " + cell(kPid) + " (";
      if (!cell(kApplication).empty()) holder.session += "application '" + cell(kApplication) + "', ";
      if (!cell(kUser).empty()) holder.session += "user " + cell(kUser) + ", ";
      if (!cell(kState).empty()) holder.session += cell(kState) + ", ";
      holder.session += (cell(kInTransaction) == "t" ? "in a transaction since " : "connected since ") +
                        cell(kSince) + " UTC, " + cell(kSeconds) + " s ago";
      holder.query = cell(kQuery);
      holders.emplace_back(cell(kPid), std::move(holder));
    }
    holders.back().second.locks.push_back(cell(kMode) + " on " + relation);
  }
  for (std::size_t k = 0; k < objects.size(); ++k) {
    found.object += (k == 0 ? "" : ", ") + objects[k];
  }
  for (const auto& [pid_text, holder] : holders) {
    std::string locks;
    for (const std::string& lock : holder.locks) locks += (locks.empty() ? "" : ", ") + lock;
    found.holders += (found.holders.empty() ? "" : "; ") + holder.session + ", holding " + locks +
                     (holder.query.empty()
                          ? std::string()
                          : "; its last query: " + StatementForMessage(holder.query)) +
                     ")";
  }
  return found;
}

}  // namespace retort::postgresql
