// The database under test as the suite sees it from outside the migrator:
// its schema, rows, version rows, and the clean-up that puts it back to empty.
// One connection of its own serves every call (a PostgreSQL connection costs
// milliseconds, and a run makes hundreds of calls). Between calls it holds no
// transaction, lock or open statement, so retort migrates undisturbed.
#ifndef RETORT_CONFORMANCE_CASE_DATABASE_H_
#define RETORT_CONFORMANCE_CASE_DATABASE_H_

#include <memory>
#include <string>
#include <vector>

#include "catalogue.h"
#include "retort/dialect.h"
#include "retort/schema.h"
#include "retort/url.h"

namespace retort::conformance {

class CaseDatabase {
 public:
  // Finds the dialect for `url` (registered, or a module). Throws ConfigError
  // for a URL no dialect takes.
  explicit CaseDatabase(std::string url);

  const std::string& url() const { return url_; }
  const Dialect& dialect() const { return *dialect_; }

  // Its own connection, opened on first use; throws as Dialect::Connect.
  Connection& connection() const { return Use(); }
  Schema Reflect() const;
  // Runs each text (any number of statements) outside a transaction.
  void Run(const std::vector<std::string>& statements) const;
  // The rows of `query`, every value as text, SQL NULL as "NULL".
  TextRows Query(const std::string& query) const;
  // The rows of retort_version, sorted; empty when the table is missing.
  std::vector<std::string> VersionRows() const;

  // Throws ConfigError unless the database holds no tables but retort's and
  // no version rows: the suite creates and drops tables freely.
  void RequireEmpty() const;

  // Drops every table reflection shows (retort's own are not shown),
  // retrying while foreign keys between them make some drops fail. Returns
  // whether none is left.
  bool DropAllTables() const;

 private:
  // The connection, opened on first use.
  Connection& Use() const;

  std::string url_;
  DatabaseUrl parsed_;
  const Dialect* dialect_;
  mutable std::unique_ptr<Connection> connection_;
};

}  // namespace retort::conformance

#endif  // RETORT_CONFORMANCE_CASE_DATABASE_H_
