// Configuration: retort.ini, then the environment, then the command line.
//
//   [retort]
//   # relative to the ini file's folder
//   script_location = migrations
//   # ${VAR} and ${VAR:-default} read the environment
//   url = sqlite:///${APP_DB:-app.db}
//   transaction_per_revision = true
//   # seconds
//   lock_timeout = 60
//   # seconds each statement may wait for a lock on what it changes, and how
//   # often a revision that timed out is tried again
//   ddl_lock_timeout = 5
//   ddl_lock_retries = 3
//   # retort's tables: <name>, <name minus _version>_history and _incomplete
//   version_table = retort_version
//   version_table_schema = audit
//   # folders of revision files forming one graph (default: <script_location>/versions)
//   version_locations = migrations/versions shared/versions
//   # new revision file names, as in alembic.ini
//   file_template = %%(year)d_%%(month).2d_%%(day).2d-%%(rev)s_%%(slug)s
//   # where check, autogenerate and adoption run the history to learn the
//   # schema it makes (default: in memory for SQLite, a temporary database on
//   # the same server otherwise)
//   dev_url = postgresql://localhost/app_dev
//   # upgrade stamps a database made before retort with the revision its
//   # schema matches, then goes on
//   adopt_unversioned = false
//   # upgrade and downgrade over an applied revision whose file was edited
//   # since it ran: refuse (error) or print a notice and go on (warn)
//   on_checksum_mismatch = error
//   # how migrators keep apart: auto, session (the database's own lock) or
//   # lease (a row of retort_lock, renewed while a run lasts); auto takes a
//   # lease where the session lock cannot work (a Galera cluster, a pooler)
//   lock = auto
//   # a pooler between retort and the database: none, session, transaction
//   pooler = transaction
//   # seconds a lease lasts unless renewed
//   lease_duration = 30
//
// '#' starts a comment anywhere on a line; each option may be given once.
// RETORT_URL overrides url and RETORT_DEV_URL dev_url; an explicit override
// (--url, --dev-url) overrides both.
//
// Thread-safety: Config and the structs here are plain values. The functions
// may be called from several threads at once; LoadConfig reads the file and
// the environment (through `environment`) and keeps nothing.
#ifndef RETORT_CONFIG_H_
#define RETORT_CONFIG_H_

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "retort/code_revision.h"

namespace retort {

// The tables retort keeps in a database. The history and incomplete tables
// are named after the version table, so that two script directories that
// share a database (each with its own version_table) keep their histories
// apart: "X_version" gives "X_history", "X_incomplete" and "X_lock", any
// other name N gives "N_history", "N_incomplete" and "N_lock".
struct VersionTableNames {
  std::string schema;  // empty: the connection's default schema
  std::string version = "retort_version";
  std::string history = "retort_history";
  std::string incomplete = "retort_incomplete";
  std::string lock = "retort_lock";  // the lease (retort/lease_lock.h)

  // The names for version table `version` in `schema`. Does not check them
  // (LoadConfig does).
  static VersionTableNames For(const std::string& version, const std::string& schema = "");
};

// What upgrade and downgrade do when an applied revision's file no longer
// has the checksum recorded when it ran (see validate.h).
enum class ChecksumMismatch {
  kError,  // refuse to run (RevisionError), naming each such revision
  kWarn,   // tell the listener (OnNotice) and run
};

// "error" or "warn". Throws ConfigError naming `where` for anything else.
ChecksumMismatch ParseChecksumMismatch(const std::string& text, const std::string& where);

// How concurrent migrators are kept apart (lock = ...).
enum class LockKind {
  kAuto,     // the session lock, unless it cannot work here: then a lease
  kSession,  // the dialect's own lock (Connection::AcquireMigrationLock)
  kLease,    // a lease: a row of retort's lock table (retort/lease_lock.h)
};

struct LockSettings {
  LockKind kind = LockKind::kAuto;
  // pooler = transaction: a pooler between retort and the database hands
  // each transaction to whichever server connection is free, so that no
  // session lock can work; kAuto then takes a lease.
  bool transaction_pooler = false;
  // lease_duration: a lease not renewed for this long lapses, and a waiting
  // migrator takes it over. Renewed every third of it.
  std::chrono::milliseconds lease_duration{30'000};
};

struct Config {
  std::filesystem::path config_file;  // the ini file read; empty when none
  std::filesystem::path script_location;
  std::string url;         // empty when none is configured
  std::string url_origin;  // where url came from, for messages: "--url", "RETORT_URL", a file
  bool transaction_per_revision = true;
  std::chrono::milliseconds lock_timeout{60'000};
  // ddl_lock_timeout (seconds) and ddl_lock_retries: see MigrateOptions.
  std::optional<std::chrono::milliseconds> ddl_lock_timeout;
  int ddl_lock_retries = 0;
  // version_table and version_table_schema.
  VersionTableNames tables;
  // Where version_table_schema was set ("retort.ini:7"), for messages.
  std::string tables_origin;
  // Folders of revision files that form one graph; empty: the script
  // directory's versions/ folder alone.
  std::vector<std::filesystem::path> version_locations;
  // How new revision files are named (Alembic's grammar, see
  // script_directory.h); empty: "%(rev)s_%(slug)s".
  std::string file_template;
  // -x key=value from the command line: a revision's SQL reads them as
  // ${x.key}.
  std::map<std::string, std::string> x_arguments;
  // --tag: recorded in every history row this run writes.
  std::string tag;
  // The development database for scratch work (see Dialect::OpenScratch);
  // empty: the dialect's own choice. dev_url_origin as url_origin.
  std::string dev_url;
  std::string dev_url_origin;
  // Whether Upgrade adopts a database that holds tables but no version
  // table: stamps the revision whose schema it matches, then upgrades.
  bool adopt_unversioned = false;
  ChecksumMismatch on_checksum_mismatch = ChecksumMismatch::kError;
  // lock, pooler and lease_duration.
  LockSettings lock;
  // Revisions written in C++, nodes of the graph beside the files (see
  // code_revision.h). LoadConfig copies the registered ones here; a Config
  // built by hand has only what its builder adds.
  std::vector<CodeRevision> code_revisions;
};

struct ConfigOverrides {
  std::optional<std::string> url;
  std::optional<std::string> dev_url;
  std::optional<std::filesystem::path> script_location;
  std::optional<std::string> lock;  // as lock = ... reads it
};

// Looks up an environment variable; nullopt when unset.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string&)>;

// Seconds as written in retort.ini or on the command line ("2.5"), 0 to a
// week. Throws ConfigError naming `where` for anything else.
std::chrono::milliseconds ParseLockTimeout(const std::string& text, const std::string& where);

// ddl_lock_timeout as written in retort.ini, a revision or on the command
// line: seconds as ParseLockTimeout reads them, but at least a millisecond
// (PostgreSQL reads 0 as no limit at all). Throws ConfigError naming `where`.
std::chrono::milliseconds ParseDdlLockTimeout(const std::string& text, const std::string& where);

// The most ddl_lock_retries accepted: with pauses capped at a few seconds,
// more would keep a deploy retrying for many minutes.
constexpr int kMostDdlLockRetries = 50;

// ddl_lock_retries: a whole number from 0 to kMostDdlLockRetries. Throws
// ConfigError naming `where` for anything else.
int ParseDdlLockRetries(const std::string& text, const std::string& where);

// lock = auto, session or lease. Throws ConfigError naming `where` for
// anything else.
LockKind ParseLockKind(const std::string& text, const std::string& where);

// pooler = none, session or transaction: whether it is a transaction
// pooler. Throws ConfigError naming `where` for anything else.
bool ParseTransactionPooler(const std::string& text, const std::string& where);

// lease_duration: seconds as ParseLockTimeout reads them, at least one.
// Throws ConfigError naming `where`.
std::chrono::milliseconds ParseLeaseDuration(const std::string& text, const std::string& where);

// Splits a -x argument "key=value" (the key: letters, digits and '_', not
// starting with a digit; the value may be empty and may hold '='). Throws
// ConfigError naming the argument for anything else.
std::pair<std::string, std::string> ParseXArgument(std::string_view argument);

// The process environment.
std::optional<std::string> ProcessEnvironment(const std::string& name);

// Reads `ini_file` and applies RETORT_URL and `overrides`; the C++
// revisions registered so far become code_revisions. A missing file is
// an error unless the overrides give both script_location and url. Throws
// ConfigError naming the file and the option, also for a version_table or
// version_table_schema that is not a plain SQL name (or whose derived names
// pass PostgreSQL's 63 characters), and for a file_template that cannot name
// revision files.
Config LoadConfig(const std::filesystem::path& ini_file, const ConfigOverrides& overrides = {},
                  const EnvironmentLookup& environment = ProcessEnvironment);

// Replaces ${VAR} and ${VAR:-default} (the default also when VAR is empty,
// as in the shell; it may itself use ${...}) in `text`; "$$" is a literal
// '$'. The variable "here" is `here` (the ini file's folder) unless set.
// Throws ConfigError naming `where` for an unset variable without default,
// an unclosed "${", and a shell-style $NAME, which is not expanded.
std::string Interpolate(std::string_view text, const EnvironmentLookup& environment,
                        const std::string& here, const std::string& where);

}  // namespace retort

#endif  // RETORT_CONFIG_H_
