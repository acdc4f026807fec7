// Exceptions retort throws. Every one derives from retort::Error, and its
// what() is a complete sentence a user can act on: it names the file and line,
// the revision, the option or the database error code that caused it.
//
// Thread-safety: exceptions are immutable values; they may be copied and read
// from any thread. StatementForMessage is pure.
#ifndef RETORT_ERROR_H_
#define RETORT_ERROR_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace retort {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A file the user wrote is wrong: a revision file, the template, retort.ini.
// The message starts with "path:line: " (no line when it is not known).
class FileError : public Error {
 public:
  FileError(std::string path, int line, const std::string& message);

  const std::string& path() const { return path_; }
  int line() const { return line_; }  // 1-based; 0 when unknown

 private:
  std::string path_;
  int line_;
};

// The revision graph is inconsistent (cycle, duplicate id, missing parent), or
// a revision reference or target does not resolve (unknown, ambiguous, several
// heads where one is needed).
class RevisionError : public Error {
 public:
  using Error::Error;
};

// Configuration is unusable: retort.ini, an environment variable, a URL, an
// option value.
class ConfigError : public Error {
 public:
  using Error::Error;
};

// An operation cannot be carried out as asked: the dialect cannot do it, it
// cannot be reversed, or its arguments contradict each other.
class OperationError : public Error {
 public:
  using Error::Error;
};

// The database refused something. code() is the dialect's own code (SQLSTATE
// for PostgreSQL, the extended result code name for SQLite).
class DatabaseError : public Error {
 public:
  DatabaseError(const std::string& message, std::string code)
      : Error(message), code_(std::move(code)) {}

  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// A statement gave up waiting for a lock another session held on what it
// changes (ddl_lock_timeout). Dialects throw it from Connection::Apply; the
// migrator rolls the revision back and may try it again. object() names what
// was waited for ("table public.accounts"), holders() who held it ("server
// process 4711 (psql, user alice, idle in transaction for 12 s)"); either is
// empty when the dialect could not tell. what() says all of it.
class LockTimeoutError : public DatabaseError {
 public:
  LockTimeoutError(const std::string& message, std::string code, std::string object,
                   std::string holders)
      : DatabaseError(message, std::move(code)),
        object_(std::move(object)),
        holders_(std::move(holders)) {}

  const std::string& object() const { return object_; }
  const std::string& holders() const { return holders_; }

 private:
  std::string object_;
  std::string holders_;
};

// `sql` on one line, blanks collapsed, cut to about 160 characters: enough
// for an error message to point at the statement in its revision.
std::string StatementForMessage(std::string_view sql);

}  // namespace retort

#endif  // RETORT_ERROR_H_
