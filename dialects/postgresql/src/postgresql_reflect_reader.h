// Reading pg_catalog for reflection: one query's rows by column number, the
// queries themselves (with the reflected schema's name as $1), and the
// snapshot they share.
#ifndef RETORT_POSTGRESQL_POSTGRESQL_REFLECT_READER_H_
#define RETORT_POSTGRESQL_POSTGRESQL_REFLECT_READER_H_

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort::postgresql {

// The elements of an array as PostgreSQL writes it in text: {a,"b c","d\"e"}.
// Elements are quoted, with backslash escapes, whenever they hold anything
// but plain characters; NULL elements are not expected (name and text arrays
// of the catalogue). Throws retort::Error for text that is no array.
std::vector<std::string> ParseArray(std::string_view text);

// One query's rows, read by column number. Owns the result.
class Rows {
 public:
  using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;
  explicit Rows(Result result) : result_(std::move(result)) {}

  int size() const { return PQntuples(result_.get()); }
  std::string Text(int row, int column) const { return PQgetvalue(result_.get(), row, column); }
  std::optional<std::string> Optional(int row, int column) const;
  bool Bool(int row, int column) const { return Text(row, column) == "t"; }
  char Char(int row, int column) const { return *PQgetvalue(result_.get(), row, column); }
  long long Integer(int row, int column) const;
  std::vector<std::string> Array(int row, int column) const {
    return ParseArray(Text(row, column));
  }

 private:
  Result result_;
};

// Runs reflection's queries over one connection for one schema. Holds
// references: `schema_name` must outlive it. Not thread-safe (a PGconn is
// not).
class Reader {
 public:
  Reader(PGconn* connection, const std::string& schema_name)
      : connection_(connection), schema_name_(schema_name) {}

  const std::string& schema_name() const { return schema_name_; }

  // Runs `sql` with the schema name as $1. Throws retort::DatabaseError with
  // the SQLSTATE, naming what was being read (`reading`).
  Rows Query(const std::string& sql, const char* reading) const;

  // Runs a statement that returns no rows (transaction control); throws as
  // Query.
  void Command(const char* sql) const;

 private:
  [[noreturn]] void Fail(const PGresult* result, const std::string& doing) const;

  PGconn* connection_;
  const std::string& schema_name_;
};

// Holds the queries to one snapshot when the caller has no transaction open,
// so that a table created or dropped meanwhile cannot leave columns without
// their table; inside the caller's transaction, its isolation rules.
class ReadTransaction {
 public:
  ReadTransaction(PGconn* connection, const Reader& reader);
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  PGconn* connection_;
  bool own_ = false;
};

}  // namespace retort::postgresql

#endif  // RETORT_POSTGRESQL_POSTGRESQL_REFLECT_READER_H_
