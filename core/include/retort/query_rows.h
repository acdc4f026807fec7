// What a query returns, in terms every dialect can give: each value NULL, an
// integer, a real number or text, as the database reports it. The core reads
// its own tables through Connection::Query with these and nothing else, so a
// dialect need not reach its database through any particular driver.
//
// Thread-safety: plain values; distinct objects may be used from any thread.
#ifndef RETORT_QUERY_ROWS_H_
#define RETORT_QUERY_ROWS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace retort {

// One value of a row or of a query's parameters.
//
// A dialect maps its database's types onto the four kinds: whole-number
// types to integers, binary floating point to reals, NULL to null, and
// everything else (decimals, dates, times, booleans it has no integer for,
// blobs as their bytes) to text in the database's own text form, so that
// nothing is rounded on the way.
class SqlValue {
 public:
  enum class Kind { kNull, kInteger, kReal, kText };

  SqlValue() = default;  // NULL
  static SqlValue Integer(std::int64_t value);
  static SqlValue Real(double value);
  static SqlValue Text(std::string value);

  Kind kind() const { return static_cast<Kind>(value_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }

  // The value as text: an integer in decimal, a real as the shortest text
  // that reads back as the same number ("0.5", "1e+20"), text as it is.
  // NULL is the empty string; ask is_null() where that matters.
  std::string ToText() const;

  // The value as an integer: an integer, or text that is one in decimal.
  // Throws DatabaseError naming `what` (a column, for the message) for any
  // other value.
  std::int64_t AsInteger(std::string_view what) const;

  // The value as a real number: a real, an integer, or text that is a
  // number. Throws DatabaseError naming `what` for any other value.
  double AsReal(std::string_view what) const;

  friend bool operator==(const SqlValue&, const SqlValue&) = default;

 private:
  std::variant<std::monostate, std::int64_t, double, std::string> value_;
};

// A query's column names and rows, every row as long as the column list.
struct QueryRows {
  std::vector<std::string> columns;
  std::vector<std::vector<SqlValue>> rows;
};

}  // namespace retort

#endif  // RETORT_QUERY_ROWS_H_
