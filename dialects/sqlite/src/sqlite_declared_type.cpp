// Reading a column's declared type as a neutral type: the names retort's
// renderer writes, common names of other tools, then SQLite's own affinity
// rules for anything else.
#include <cctype>
#include <charconv>
#include <string>
#include <vector>

#include "sqlite_reflect.h"

namespace retort::sqlite {
namespace {

struct DeclaredType {
  std::string base;        // upper case, blanks collapsed: "DOUBLE PRECISION"
  std::vector<int> args;   // empty when there are none or one is not a number
};

DeclaredType SplitDeclared(std::string_view declared) {
  DeclaredType type;
  const auto open = declared.find('(');
  for (char c : declared.substr(0, open)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!type.base.empty() && type.base.back() != ' ') type.base += ' ';
    } else {
      type.base += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!type.base.empty() && type.base.back() == ' ') type.base.pop_back();
  const auto close = declared.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return type;
  }
  std::string_view rest = declared.substr(open + 1, close - open - 1);
  while (true) {
    const auto comma = rest.find(',');
    std::string_view argument = rest.substr(0, comma);
    while (!argument.empty() && std::isspace(static_cast<unsigned char>(argument.front()))) {
      argument.remove_prefix(1);
    }
    while (!argument.empty() && std::isspace(static_cast<unsigned char>(argument.back()))) {
      argument.remove_suffix(1);
    }
    if (!argument.empty() && argument.front() == '+') argument.remove_prefix(1);
    int value = 0;
    const auto [end, error] =
        std::from_chars(argument.data(), argument.data() + argument.size(), value);
    if (error != std::errc() || end != argument.data() + argument.size()) {
      type.args.clear();
      return type;
    }
    type.args.push_back(value);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return type;
}

Type Of(TypeKind kind) { return Type{kind, std::nullopt, std::nullopt, std::nullopt}; }

Type StringType(const DeclaredType& declared) {
  Type type = Of(TypeKind::kString);
  if (!declared.args.empty() && declared.args[0] >= 1) type.length = declared.args[0];
  return type;
}

// Only what ParseType would accept survives, so the result always formats
// and parses back to itself.
Type NumericType(const DeclaredType& declared) {
  Type type = Of(TypeKind::kNumeric);
  if (declared.args.empty() || declared.args[0] < 1) return type;
  type.precision = declared.args[0];
  // numeric(p) is numeric(p,0), as SQL defines it: the canonical form says so.
  type.scale = 0;
  if (declared.args.size() > 1 && declared.args[1] >= 0 && declared.args[1] <= declared.args[0]) {
    type.scale = declared.args[1];
  }
  return type;
}

struct KnownName {
  const char* name;
  TypeKind kind;
};

// What retort's renderers write, then names other tools write for the same
// types. The string and numeric names take their arguments.
constexpr KnownName kKnownNames[] = {
    {"INTEGER", TypeKind::kInteger},
    {"INT", TypeKind::kInteger},
    {"INT4", TypeKind::kInteger},
    {"MEDIUMINT", TypeKind::kInteger},
    {"BIGINT", TypeKind::kBigInt},
    {"INT8", TypeKind::kBigInt},
    {"UNSIGNED BIG INT", TypeKind::kBigInt},
    {"SMALLINT", TypeKind::kSmallInt},
    {"INT2", TypeKind::kSmallInt},
    {"TINYINT", TypeKind::kSmallInt},
    {"BOOLEAN", TypeKind::kBoolean},
    {"BOOL", TypeKind::kBoolean},
    {"VARCHAR", TypeKind::kString},
    {"CHARACTER VARYING", TypeKind::kString},
    {"VARYING CHARACTER", TypeKind::kString},
    {"NVARCHAR", TypeKind::kString},
    {"NATIVE CHARACTER", TypeKind::kString},
    {"NCHAR", TypeKind::kString},
    {"CHARACTER", TypeKind::kString},
    {"CHAR", TypeKind::kString},
    {"TEXT", TypeKind::kText},
    {"CLOB", TypeKind::kText},
    {"REAL", TypeKind::kFloat},
    {"FLOAT", TypeKind::kFloat},
    {"FLOAT4", TypeKind::kFloat},
    {"DOUBLE", TypeKind::kDouble},
    {"DOUBLE PRECISION", TypeKind::kDouble},
    {"FLOAT8", TypeKind::kDouble},
    {"NUMERIC", TypeKind::kNumeric},
    {"DECIMAL", TypeKind::kNumeric},
    {"ANY", TypeKind::kNumeric},
    {"DATE", TypeKind::kDate},
    {"TIME", TypeKind::kTime},
    {"TIME WITHOUT TIME ZONE", TypeKind::kTime},
    {"DATETIME", TypeKind::kDateTime},
    {"TIMESTAMP", TypeKind::kDateTime},
    {"TIMESTAMP WITHOUT TIME ZONE", TypeKind::kDateTime},
    {"TIMESTAMPTZ", TypeKind::kTimestampTz},
    {"TIMESTAMP WITH TIME ZONE", TypeKind::kTimestampTz},
    {"BLOB", TypeKind::kBlob},
    {"", TypeKind::kBlob},
    {"JSON", TypeKind::kJson},
    {"JSONB", TypeKind::kJson},
    {"UUID", TypeKind::kUuid},
};

}  // namespace

Type NeutralType(std::string_view declared) {
  const DeclaredType type = SplitDeclared(declared);
  // retort writes a uuid as CHAR(36) (see SqliteRenderer::RenderType).
  if (type.base == "CHAR" && type.args.size() == 1 && type.args[0] == 36) {
    return Of(TypeKind::kUuid);
  }
  for (const KnownName& known : kKnownNames) {
    if (type.base != known.name) continue;
    if (known.kind == TypeKind::kString) return StringType(type);
    if (known.kind == TypeKind::kNumeric) return NumericType(type);
    return Of(known.kind);
  }
  // SQLite's affinity rules, in SQLite's order (section 3.1 of "Datatypes In
  // SQLite"): the first that matches decides.
  const std::string& base = type.base;
  const auto contains = [&](const char* part) { return base.find(part) != std::string::npos; };
  if (contains("INT")) return Of(TypeKind::kInteger);
  if (contains("CHAR") || contains("CLOB") || contains("TEXT")) return Of(TypeKind::kText);
  if (contains("BLOB")) return Of(TypeKind::kBlob);
  if (contains("DOUB")) return Of(TypeKind::kDouble);
  if (contains("REAL") || contains("FLOA")) return Of(TypeKind::kFloat);
  return Of(TypeKind::kNumeric);
}

}  // namespace retort::sqlite
