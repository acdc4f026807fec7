#include "postgres_support.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>

namespace retort::testing {
namespace {

constexpr const char* kUrlVariable = "RETORT_TEST_POSTGRESQL_URL";

// The parts of postgresql://user:password@host:port/database?key=value...
// kept both as written (to build URLs) and decoded (to build conninfo).
struct ServerUrl {
  std::string user_written;
  std::string password_written;
  bool has_password = false;
  std::string user;
  std::string password;
  std::string host;  // IPv6 addresses without their brackets
  bool host_is_ipv6 = false;
  std::string port;
  std::string database;  // empty: libpq's default
  std::string query_written;
};

std::runtime_error BadUrl(const std::string& why) {
  // The URL itself stays out of the message: it holds a password.
  return std::runtime_error(std::string(kUrlVariable) + " " + why +
                            "; it must look like postgresql://user:password@host:port/database");
}

std::string PercentDecode(const std::string& text) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    const std::string hex = i + 2 < text.size() ? text.substr(i + 1, 2) : "";
    if (hex.size() != 2 || hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
      throw BadUrl("has a bad %-escape");
    }
    decoded += static_cast<char>(std::stoi(hex, nullptr, 16));
    i += 2;
  }
  return decoded;
}

ServerUrl ParseServerUrl(const std::string& url) {
  ServerUrl parsed;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) throw BadUrl("has no scheme");
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "postgresql" && scheme != "postgres") throw BadUrl("is not a postgresql:// URL");
  std::string rest = url.substr(scheme_end + 3);

  if (const auto question = rest.find('?'); question != std::string::npos) {
    parsed.query_written = rest.substr(question + 1);
    rest.erase(question);
  }
  const auto slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) parsed.database = PercentDecode(rest.substr(slash + 1));

  // An unescaped '@' in a password is forgiven: the last one ends the user info.
  if (const auto at = authority.rfind('@'); at != std::string::npos) {
    const std::string user_info = authority.substr(0, at);
    authority.erase(0, at + 1);
    const auto colon = user_info.find(':');
    parsed.user_written = user_info.substr(0, colon);
    if (colon != std::string::npos) {
      parsed.has_password = true;
      parsed.password_written = user_info.substr(colon + 1);
    }
    parsed.user = PercentDecode(parsed.user_written);
    parsed.password = PercentDecode(parsed.password_written);
  }

  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string::npos) throw BadUrl("has an unclosed [");
    parsed.host = authority.substr(1, close - 1);
    parsed.host_is_ipv6 = true;
    authority.erase(0, close + 1);
    if (!authority.empty() && authority[0] != ':') throw BadUrl("has text after ]");
    if (!authority.empty()) parsed.port = authority.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    parsed.host = authority.substr(0, colon);
    parsed.port = authority.substr(colon + 1);
  } else {
    parsed.host = authority;
  }
  if (parsed.host.empty()) throw BadUrl("names no host");
  if (parsed.port.find_first_not_of("0123456789") != std::string::npos) {
    throw BadUrl("has a port that is not a number");
  }
  return parsed;
}

std::string WrittenUrl(const ServerUrl& server, const std::string& database) {
  std::string url = "postgresql://";
  if (!server.user_written.empty() || server.has_password) {
    url += server.user_written;
    if (server.has_password) url += ":" + server.password_written;
    url += "@";
  }
  url += server.host_is_ipv6 ? "[" + server.host + "]" : server.host;
  if (!server.port.empty()) url += ":" + server.port;
  url += "/" + database;
  if (!server.query_written.empty()) url += "?" + server.query_written;
  return url;
}

std::string ConninfoValue(const std::string& value) {
  std::string quoted = "'";
  for (const char c : value) {
    if (c == '\'' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "'";
}

std::string Conninfo(const ServerUrl& server, const std::string& database) {
  std::string conninfo = "host=" + ConninfoValue(server.host);
  if (!server.port.empty()) conninfo += " port=" + ConninfoValue(server.port);
  if (!server.user.empty()) conninfo += " user=" + ConninfoValue(server.user);
  if (server.has_password) conninfo += " password=" + ConninfoValue(server.password);
  if (!database.empty()) conninfo += " dbname=" + ConninfoValue(database);
  std::size_t start = 0;
  while (start < server.query_written.size()) {
    auto end = server.query_written.find('&', start);
    if (end == std::string::npos) end = server.query_written.size();
    const std::string pair = server.query_written.substr(start, end - start);
    const auto equals = pair.find('=');
    if (equals == std::string::npos) throw BadUrl("has a query parameter without a value");
    conninfo += " " + PercentDecode(pair.substr(0, equals)) + "=" +
                ConninfoValue(PercentDecode(pair.substr(equals + 1)));
    start = end + 1;
  }
  return conninfo;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

using Connection = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

Connection Connect(const std::string& conninfo, const std::string& what) {
  Connection connection(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (!connection) throw std::runtime_error("cannot connect to " + what + ": out of memory");
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + what + ": " +
                             Trimmed(PQerrorMessage(connection.get())));
  }
  // Notices ("table does not exist, skipping") would only clutter test output.
  PQsetNoticeProcessor(connection.get(), [](void*, const char*) {}, nullptr);
  return connection;
}

// Throws unless `result` reports success; the server's message is the point.
void Check(PGconn* connection, const Result& result) {
  if (!result) throw std::runtime_error("PostgreSQL: " + Trimmed(PQerrorMessage(connection)));
  switch (PQresultStatus(result.get())) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
      return;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
      throw std::runtime_error("PostgreSQL test SQL: COPY is not supported here");
    default:
      throw std::runtime_error("PostgreSQL: " + Trimmed(PQresultErrorMessage(result.get())));
  }
}

std::string QuotedIdentifier(const std::string& name) { return "\"" + name + "\""; }

std::string NewDatabaseName() {
  static std::atomic<unsigned> counter{0};
  std::random_device device;
  char random[9];
  std::snprintf(random, sizeof random, "%08x", device());
  return "retort_t_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" + random;
}

}  // namespace

std::string PostgresServerUrl() {
  const char* url = std::getenv(kUrlVariable);
  if (url == nullptr || *url == '\0') {
    FAIL(kUrlVariable << " is not set, so there is no PostgreSQL server to test against. "
                         "Run scripts/test.sh, which starts one, or start one with "
                         "scripts/postgres-server.sh start DIR and set "
                      << kUrlVariable << " to the URL it prints.");
  }
  return url;
}

PostgresDatabase::PostgresDatabase() : server_url_(PostgresServerUrl()), name_(NewDatabaseName()) {
  const ServerUrl server = ParseServerUrl(server_url_);
  const Connection connection =
      Connect(Conninfo(server, server.database), "the PostgreSQL test server");
  const Result result(PQexec(connection.get(), ("CREATE DATABASE " + QuotedIdentifier(name_)).c_str()),
                      &PQclear);
  try {
    Check(connection.get(), result);
  } catch (const std::runtime_error& error) {
    throw std::runtime_error("cannot create test database " + name_ + ": " + error.what());
  }
}

PostgresDatabase::~PostgresDatabase() {
  try {
    const ServerUrl server = ParseServerUrl(server_url_);
    const Connection connection =
        Connect(Conninfo(server, server.database), "the PostgreSQL test server");
    // FORCE: a test that failed may leave a connection to its database open.
    const Result result(
        PQexec(connection.get(),
               ("DROP DATABASE IF EXISTS " + QuotedIdentifier(name_) + " WITH (FORCE)").c_str()),
        &PQclear);
    Check(connection.get(), result);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "warning: test database %s was not dropped: %s\n", name_.c_str(),
                 error.what());
  } catch (...) {
    std::fprintf(stderr, "warning: test database %s was not dropped\n", name_.c_str());
  }
}

std::string PostgresDatabase::url() const { return WrittenUrl(ParseServerUrl(server_url_), name_); }

std::string PostgresDatabase::PoolerUrl() const {
  constexpr const char* kPoolerVariable = "RETORT_TEST_PGBOUNCER_URL";
  const char* pooler = std::getenv(kPoolerVariable);
  if (pooler == nullptr || *pooler == '\0') {
    FAIL(kPoolerVariable << " is not set, so there is no PgBouncer to test through. Run "
                            "scripts/test.sh, which starts one, or start one with "
                            "scripts/pgbouncer.sh start DIR URL and set "
                         << kPoolerVariable << " to the URL it prints.");
  }
  return WrittenUrl(ParseServerUrl(pooler), name_);
}

std::string PostgresDatabase::conninfo() const {
  return Conninfo(ParseServerUrl(server_url_), name_);
}

void PostgresDatabase::Exec(const std::string& sql) const {
  const Connection connection = Connect(conninfo(), "test database " + name_);
  const Result result(PQexec(connection.get(), sql.c_str()), &PQclear);
  Check(connection.get(), result);
}

std::vector<std::vector<std::string>> PostgresDatabase::Query(const std::string& sql) const {
  const Connection connection = Connect(conninfo(), "test database " + name_);
  // The extended protocol takes exactly one statement, as the contract says.
  const Result result(
      PQexecParams(connection.get(), sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0),
      &PQclear);
  Check(connection.get(), result);
  std::vector<std::vector<std::string>> rows;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    std::vector<std::string> values;
    for (int column = 0; column < PQnfields(result.get()); ++column) {
      values.push_back(PQgetisnull(result.get(), row, column)
                           ? std::string("NULL")
                           : std::string(PQgetvalue(result.get(), row, column)));
    }
    rows.push_back(std::move(values));
  }
  return rows;
}

std::string PostgresDatabase::Digest() const {
  // query_to_xml runs a query built per table, so that one statement reads
  // every table's rows.
  return Query(R"sql(
    SELECT md5(coalesce(string_agg(item, E'\n' ORDER BY item), '')) FROM (
      SELECT 'column ' || c.relname || '.' || a.attname || ' ' ||
             format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull || ' ' ||
             coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS item
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' ||
             pg_get_constraintdef(oid) || ' ' || convalidated
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relnamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'relation ' || relkind::text || ' ' || relname FROM pg_class
       WHERE relnamespace = 'public'::regnamespace
      UNION ALL
      SELECT 'view ' || viewname || ' ' || definition FROM pg_views WHERE schemaname = 'public'
      UNION ALL
      SELECT 'trigger ' || pg_get_triggerdef(t.oid) FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
       WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
      UNION ALL
      SELECT 'rows ' || relname || ' ' || md5(query_to_xml(
               format('SELECT md5(t::text) AS r FROM public.%I t ORDER BY 1', relname),
               false, false, '')::text)
        FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'
    ) items)sql").at(0).at(0);
}

}  // namespace retort::testing
