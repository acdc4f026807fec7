#include "mysql_support.h"

#include <mysql.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace retort::testing {
namespace {

constexpr const char* kUrlVariable = "RETORT_TEST_MYSQL_URL";

struct ServerUrl {
  std::string user, password, host, database;
  unsigned port = 3306;
};

ServerUrl Parsed(const std::string& url) {
  // The test server's own URL: no percent-escapes, which the server script
  // never writes.
  static const std::regex kPattern(
      R"((?:mysql|mariadb)://([^:@/]+)(?::([^@/]*))?@([^:/]+)(?::(\d+))?/([^?]*))");
  std::smatch match;
  if (!std::regex_match(url, match, kPattern)) {
    // The URL stays out of the message: it holds a password.
    throw std::runtime_error(std::string(kUrlVariable) +
                             " must look like mysql://user:password@host:port/database");
  }
  ServerUrl parsed{match[1], match[2], match[3], match[5]};
  if (match[4].matched) parsed.port = static_cast<unsigned>(std::stoul(match[4]));
  return parsed;
}

using Handle = std::unique_ptr<MYSQL, decltype(&mysql_close)>;

Handle Connect(const std::string& server_url, const std::string& database) {
  const ServerUrl server = Parsed(server_url);
  Handle handle(mysql_init(nullptr), &mysql_close);
  if (!mysql_real_connect(handle.get(), server.host.c_str(), server.user.c_str(),
                          server.password.c_str(), database.empty() ? nullptr : database.c_str(),
                          server.port, nullptr, CLIENT_MULTI_STATEMENTS)) {
    throw std::runtime_error(std::string("cannot connect to the MariaDB test server: ") +
                             mysql_error(handle.get()));
  }
  return handle;
}

// Runs `sql` and reads every result, returning the last one's rows.
std::vector<std::vector<std::string>> Run(MYSQL* handle, const std::string& sql) {
  if (mysql_real_query(handle, sql.data(), sql.size()) != 0) {
    throw std::runtime_error(std::string("test SQL failed: ") + mysql_error(handle));
  }
  std::vector<std::vector<std::string>> rows;
  while (true) {
    std::unique_ptr<MYSQL_RES, decltype(&mysql_free_result)> result(mysql_store_result(handle),
                                                                    &mysql_free_result);
    if (result) {
      rows.clear();
      const unsigned count = mysql_num_fields(result.get());
      while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
        const unsigned long* lengths = mysql_fetch_lengths(result.get());
        std::vector<std::string> values;
        for (unsigned c = 0; c < count; ++c) {
          values.push_back(row[c] ? std::string(row[c], lengths[c]) : std::string("NULL"));
        }
        rows.push_back(std::move(values));
      }
    }
    const int next = mysql_next_result(handle);
    if (next < 0) return rows;
    if (next > 0) throw std::runtime_error(std::string("test SQL failed: ") + mysql_error(handle));
  }
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return "retort_t_" + std::to_string(getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(device() % 100000);
}

}  // namespace

std::string MysqlServerUrl() {
  const char* url = std::getenv(kUrlVariable);
  if (url == nullptr || *url == '\0') {
    FAIL(kUrlVariable << " is not set: run scripts/test.sh, which starts a throwaway MariaDB "
                         "server, or set it to a server where the test user may create "
                         "databases");
  }
  return url;
}

MysqlDatabase::MysqlDatabase(std::string server_url)
    : server_url_(server_url.empty() ? MysqlServerUrl() : std::move(server_url)),
      name_(UniqueName()) {
  Run(Connect(server_url_, "").get(), "CREATE DATABASE `" + name_ + "` CHARACTER SET utf8mb4");
}

MysqlDatabase::~MysqlDatabase() {
  try {
    Run(Connect(server_url_, "").get(), "DROP DATABASE IF EXISTS `" + name_ + "`");
  } catch (...) {
    // Left behind; its name says what it is.
  }
}

std::string MysqlDatabase::url() const { return UrlOn(server_url_); }

std::string MysqlDatabase::UrlOn(const std::string& server_url) const {
  return server_url.substr(0, server_url.rfind('/') + 1) + name_;
}

void MysqlDatabase::Exec(const std::string& sql) const {
  Run(Connect(server_url_, name_).get(), sql);
}

std::vector<std::vector<std::string>> MysqlDatabase::Query(const std::string& sql) const {
  return Run(Connect(server_url_, name_).get(), sql);
}

std::vector<std::vector<std::string>> QueryUrl(const std::string& url, const std::string& sql) {
  return Run(Connect(url, Parsed(url).database).get(), sql);
}

MysqlSession::MysqlSession(const std::string& url)
    : handle_(Connect(url, Parsed(url).database).release()) {}

MysqlSession::~MysqlSession() { mysql_close(static_cast<MYSQL*>(handle_)); }

void MysqlSession::Exec(const std::string& sql) { Run(static_cast<MYSQL*>(handle_), sql); }

std::vector<std::string> GaleraNodeUrls() {
  constexpr const char* kNodesVariable = "RETORT_TEST_GALERA_URLS";
  const char* text = std::getenv(kNodesVariable);
  std::vector<std::string> urls;
  std::istringstream words(text == nullptr ? "" : text);
  for (std::string url; words >> url;) urls.push_back(url);
  if (urls.size() < 2) {
    FAIL(kNodesVariable << " does not name the nodes of a Galera cluster: run scripts/test.sh, "
                           "which starts one, or start one with scripts/galera-cluster.sh start "
                           "DIR and set " << kNodesVariable << " to the URLs it prints.");
  }
  return urls;
}

}  // namespace retort::testing
