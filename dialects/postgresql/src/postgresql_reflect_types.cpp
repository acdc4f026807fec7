// Reading a PostgreSQL column type back as a neutral type: the inverse of the
// dialect's type rendering; anything else stays PostgreSQL's own spelling.
#include <charconv>
#include <optional>

#include "postgresql_reflect.h"

namespace retort::postgresql {
namespace {

// The PostgreSQL spellings NeutralType maps without arguments.
struct PlainType {
  std::string_view spelling;
  TypeKind kind;
};

constexpr PlainType kPlainTypes[] = {
    {"integer", TypeKind::kInteger},
    {"bigint", TypeKind::kBigInt},
    {"smallint", TypeKind::kSmallInt},
    {"boolean", TypeKind::kBoolean},
    {"character varying", TypeKind::kString},
    {"text", TypeKind::kText},
    {"real", TypeKind::kFloat},
    {"double precision", TypeKind::kDouble},
    {"numeric", TypeKind::kNumeric},
    {"date", TypeKind::kDate},
    {"time without time zone", TypeKind::kTime},
    {"timestamp without time zone", TypeKind::kDateTime},
    {"timestamp with time zone", TypeKind::kTimestampTz},
    {"bytea", TypeKind::kBlob},
    {"jsonb", TypeKind::kJson},
    {"json", TypeKind::kJson},
    {"uuid", TypeKind::kUuid},
};

// A whole non-negative number, or nullopt.
std::optional<int> Number(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < 0) {
    return std::nullopt;
  }
  return value;
}

// The arguments of "name(a,b)" when `text` is "name(...)", else nullopt.
std::optional<std::string_view> Arguments(std::string_view text, std::string_view name) {
  if (text.size() < name.size() + 2 || text.substr(0, name.size()) != name ||
      text[name.size()] != '(' || text.back() != ')') {
    return std::nullopt;
  }
  return text.substr(name.size() + 1, text.size() - name.size() - 2);
}

std::optional<Type> NeutralNumeric(std::string_view arguments) {
  const auto comma = arguments.find(',');
  const std::optional<int> precision = Number(arguments.substr(0, comma));
  std::optional<int> scale;
  if (comma != std::string_view::npos) {
    // PostgreSQL 15 accepts a negative scale or one above the precision;
    // the neutral numeric(p,s) does not.
    scale = Number(arguments.substr(comma + 1));
    if (!scale) return std::nullopt;
  }
  if (!precision || *precision == 0 || (scale && *scale > *precision)) return std::nullopt;
  return Type{TypeKind::kNumeric, std::nullopt, precision, scale};
}

}  // namespace

Type NeutralType(std::string_view format_type) {
  for (const PlainType& plain : kPlainTypes) {
    if (format_type == plain.spelling) {
      return Type{plain.kind, std::nullopt, std::nullopt, std::nullopt};
    }
  }
  if (const auto arguments = Arguments(format_type, "character varying")) {
    const std::optional<int> length = Number(*arguments);
    if (length && *length > 0) return Type{TypeKind::kString, length, std::nullopt, std::nullopt};
  }
  if (const auto arguments = Arguments(format_type, "numeric")) {
    if (std::optional<Type> numeric = NeutralNumeric(*arguments)) return *numeric;
  }
  return NativeType(kDialectName, std::string(format_type));
}

}  // namespace retort::postgresql
