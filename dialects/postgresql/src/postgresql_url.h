// PostgreSQL URLs as users write them, turned into what libpq (and so SOCI's
// postgresql backend) accepts: a keyword/value connection string.
//
//   postgresql://user:password@host:port/dbname?sslmode=require
//   postgres://...                      the same
//   postgresql:///dbname                 host, port, user from the libpq
//                                        environment (PGHOST, PGPORT, ...)
//
// What the URL leaves out is left out of the connection string too, so that
// libpq fills it from its environment variables and defaults.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_URL_H_
#define RETORT_POSTGRESQL_POSTGRESQL_URL_H_

#include <string>
#include <string_view>

#include "retort/url.h"

namespace retort::postgresql {

struct ConnectionSettings {
  std::string conninfo;  // for PQconnectdb; holds the password
  std::string password;  // to scrub from anything shown, as a last guard
  std::string shown;     // the URL with its password redacted, for messages
};

// Throws ConfigError, never showing the password, for a parameter libpq does
// not know or a URL it cannot use.
ConnectionSettings SettingsFrom(const DatabaseUrl& url);


}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_URL_H_
