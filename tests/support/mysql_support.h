// The MariaDB test server: its URL, and throwaway databases on it that tests
// can look into with the MariaDB client library directly, as another
// application would.
#ifndef RETORT_TESTS_MYSQL_SUPPORT_H_
#define RETORT_TESTS_MYSQL_SUPPORT_H_

#include <string>
#include <vector>

namespace retort::testing {

// The test server's URL from RETORT_TEST_MYSQL_URL
// (mysql://user:password@host:port/database). When it is unset the calling
// test FAILS (never skips), saying to run scripts/test.sh or set it.
std::string MysqlServerUrl();

// A fresh, uniquely named database on the test server, created by the
// constructor and dropped by the destructor, which never throws.
class MysqlDatabase {
 public:
  // On the server `server_url` names (mysql://user:password@host:port/db);
  // empty: the test server, MysqlServerUrl().
  explicit MysqlDatabase(std::string server_url = "");
  ~MysqlDatabase();
  MysqlDatabase(const MysqlDatabase&) = delete;
  MysqlDatabase& operator=(const MysqlDatabase&) = delete;

  const std::string& name() const { return name_; }
  // mysql://user:password@host:port/<name>, as a retort user writes it.
  std::string url() const;
  // The same database through `server_url`, another node of its cluster.
  std::string UrlOn(const std::string& server_url) const;

  // Runs SQL text (any number of statements) on a connection of its own;
  // throws std::runtime_error with the server's message on failure.
  void Exec(const std::string& sql) const;
  // The rows of one query, on a connection of its own; every value as
  // text, SQL NULL as "NULL". Throws std::runtime_error on failure.
  std::vector<std::vector<std::string>> Query(const std::string& sql) const;

 private:
  std::string server_url_;
  std::string name_;
};

// The rows of one query (any number of statements: the last result's) on
// a connection of its own to `url`, a URL as MysqlDatabase::url() gives;
// values as MysqlDatabase::Query gives them.
std::vector<std::vector<std::string>> QueryUrl(const std::string& url, const std::string& sql);

// One connection of its own to `url`, kept open until destruction, for what
// must span several statements (a lock a test holds while retort runs).
class MysqlSession {
 public:
  // Throws std::runtime_error when it cannot connect.
  explicit MysqlSession(const std::string& url);
  ~MysqlSession();
  MysqlSession(const MysqlSession&) = delete;
  MysqlSession& operator=(const MysqlSession&) = delete;
  // Runs SQL text; throws std::runtime_error with the server's message.
  void Exec(const std::string& sql);

 private:
  void* handle_;  // MYSQL*, kept out of this header
};

// The nodes of the test Galera cluster, from RETORT_TEST_GALERA_URLS (one
// server URL per node, separated by white space). When it is unset the
// calling test FAILS (never skips), saying to run scripts/test.sh or start
// scripts/galera-cluster.sh.
std::vector<std::string> GaleraNodeUrls();

}  // namespace retort::testing

#endif  // RETORT_TESTS_MYSQL_SUPPORT_H_
