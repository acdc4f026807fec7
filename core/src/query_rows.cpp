#include "retort/query_rows.h"

#include <charconv>
#include <system_error>

#include "retort/error.h"

namespace retort {
namespace {

[[noreturn]] void ThrowNotA(std::string_view kind, std::string_view what, const SqlValue& value) {
  const std::string shown = value.is_null() ? "NULL" : "'" + value.ToText() + "'";
  throw DatabaseError(
      std::string(what) + " holds " + shown + " where " + std::string(kind) + " belongs", "");
}

// from_chars, not stoll or stod: the whole text, whatever the host
// program's locale.
template <class Number>
bool ParseWhole(const std::string& text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

SqlValue SqlValue::Integer(std::int64_t value) {
  SqlValue result;
  result.value_ = value;
  return result;
}

SqlValue SqlValue::Real(double value) {
  SqlValue result;
  result.value_ = value;
  return result;
}

SqlValue SqlValue::Text(std::string value) {
  SqlValue result;
  result.value_ = std::move(value);
  return result;
}

std::string SqlValue::ToText() const {
  switch (kind()) {
    case Kind::kNull:
      return {};
    case Kind::kInteger:
      return std::to_string(std::get<std::int64_t>(value_));
    case Kind::kReal: {
      char buffer[64];
      const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::get<double>(value_));
      return std::string(buffer, result.ptr);
    }
    case Kind::kText:
      break;
  }
  return std::get<std::string>(value_);
}

std::int64_t SqlValue::AsInteger(std::string_view what) const {
  if (kind() == Kind::kInteger) return std::get<std::int64_t>(value_);
  std::int64_t value = 0;
  if (kind() == Kind::kText && ParseWhole(std::get<std::string>(value_), value)) return value;
  ThrowNotA("an integer", what, *this);
}

double SqlValue::AsReal(std::string_view what) const {
  switch (kind()) {
    case Kind::kReal:
      return std::get<double>(value_);
    case Kind::kInteger:
      return static_cast<double>(std::get<std::int64_t>(value_));
    case Kind::kText: {
      double value = 0;
      if (ParseWhole(std::get<std::string>(value_), value)) return value;
      break;
    }
    case Kind::kNull:
      break;
  }
  ThrowNotA("a number", what, *this);
}

}  // namespace retort
