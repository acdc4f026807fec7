// MySQL and MariaDB URLs as users write them, turned into SOCI's mysql
// connection string.
//
//   mysql://user:password@host:port/dbname?charset=utf8mb4
//   mariadb://...                       the same
//   mysql://user@localhost/db?unix_socket=/run/mysqld/mysqld.sock
//
// The database name is required: retort keeps its tables in it, and a
// MySQL "schema" is a database. Parameters are those SOCI's mysql backend
// passes to the client library: charset, unix_socket, connect_timeout,
// read_timeout, write_timeout, sslca, sslcert, sslkey (and password, instead
// of the URL's).
#ifndef RETORT_MYSQL_MYSQL_URL_H_
#define RETORT_MYSQL_MYSQL_URL_H_

#include <string>
#include <string_view>

#include "retort/url.h"

namespace retort::mysql {

struct ConnectionSettings {
  std::string connect_string;  // for soci::session::open; holds the password
  std::string password;        // to scrub from anything shown, as a last guard
  std::string shown;           // the URL with its password redacted, for messages
  std::string database;        // the database the connection uses
  DatabaseUrl url;             // what it was read from, for other nodes of a cluster
};

// Throws ConfigError, never showing the password, for a URL without a
// database or with a parameter the backend does not take.
ConnectionSettings SettingsFrom(const DatabaseUrl& url);


}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_URL_H_
