// The PostgreSQL test server: its URL, and throwaway databases on it that
// tests can look into with plain libpq, as another application would.
#ifndef RETORT_TESTS_POSTGRES_SUPPORT_H_
#define RETORT_TESTS_POSTGRES_SUPPORT_H_

#include <string>
#include <vector>

namespace retort::testing {

// The test server's URL from RETORT_TEST_POSTGRESQL_URL. When it is unset the
// calling test FAILS (never skips), with a message saying to run scripts/test.sh
// or set the variable.
std::string PostgresServerUrl();

// A fresh, uniquely named database on the test server (name like
// retort_t_<pid>_<counter>_<random>), created by the constructor, dropped
// (WITH (FORCE)) by the destructor, which never throws.
class PostgresDatabase {
 public:
  // Fails the calling test as PostgresServerUrl() does when there is no
  // server; throws std::runtime_error when the database cannot be created.
  PostgresDatabase();
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  const std::string& name() const { return name_; }
  // postgresql://user:password@host:port/<name>, as a retort user writes it.
  std::string url() const;
  // The same database through the test PgBouncer (transaction pooling) that
  // RETORT_TEST_PGBOUNCER_URL names; when that is unset the calling test
  // FAILS, as for the server.
  std::string PoolerUrl() const;
  // The same as a libpq keyword/value connection string, for PQconnectdb.
  std::string conninfo() const;

  // Runs SQL text (any number of statements) through libpq's PQexec, on a
  // connection of its own; throws std::runtime_error with the server's
  // message on failure.
  void Exec(const std::string& sql) const;
  // Runs one query, on a connection of its own; every value as text, SQL
  // NULL as the string "NULL". Throws std::runtime_error with the server's
  // message on failure.
  std::vector<std::vector<std::string>> Query(const std::string& sql) const;
  // A digest of everything in the public schema that a migration could
  // change: columns (type, nullability, default), constraints (and whether
  // they are validated), indexes, views, triggers, sequences, and every
  // table's rows. Equal digests: nothing changed.
  std::string Digest() const;

 private:
  std::string server_url_;
  std::string name_;
};

}  // namespace retort::testing

#endif  // RETORT_TESTS_POSTGRES_SUPPORT_H_
