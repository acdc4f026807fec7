#include "retort/type.h"

#include <charconv>

#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

struct TypeSpelling {
  TypeKind kind;
  const char* name;
  int arguments;  // how many it takes at most: string(n) 1, numeric(p,s) 2
};

constexpr TypeSpelling kSpellings[] = {
    {TypeKind::kInteger, "integer", 0},   {TypeKind::kBigInt, "bigint", 0},
    {TypeKind::kSmallInt, "smallint", 0}, {TypeKind::kBoolean, "boolean", 0},
    {TypeKind::kString, "string", 1},     {TypeKind::kText, "text", 0},
    {TypeKind::kFloat, "float", 0},       {TypeKind::kDouble, "double", 0},
    {TypeKind::kNumeric, "numeric", 2},   {TypeKind::kDate, "date", 0},
    {TypeKind::kTime, "time", 0},         {TypeKind::kDateTime, "datetime", 0},
    {TypeKind::kTimestampTz, "timestamptz", 0}, {TypeKind::kBlob, "blob", 0},
    {TypeKind::kJson, "json", 0},         {TypeKind::kUuid, "uuid", 0},
};

[[noreturn]] void Unknown(std::string_view text, const std::string& why) {
  throw OperationError("unknown type '" + std::string(text) + "' (" + why +
                       "); the types are: " + text::Join(NeutralTypeNames(), ", "));
}

int ParseArgument(std::string_view whole, std::string_view argument) {
  argument = text::Trim(argument);
  int value = 0;
  auto [end, error] = std::from_chars(argument.data(), argument.data() + argument.size(), value);
  if (error != std::errc() || end != argument.data() + argument.size() || value < 0) {
    Unknown(whole, "'" + std::string(argument) + "' is not a whole number");
  }
  return value;
}

}  // namespace

const std::vector<std::string>& NeutralTypeNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const TypeSpelling& spelling : kSpellings) {
      std::string name = spelling.name;
      if (spelling.arguments == 1) name += "(n)";
      if (spelling.arguments == 2) name += "(p,s)";
      list.push_back(name);
    }
    return list;
  }();
  return names;
}

Type ParseType(std::string_view text) {
  const std::string lowered = text::Lower(text::Trim(text));
  const auto open = lowered.find('(');
  const std::string_view base = text::Trim(std::string_view(lowered).substr(0, open));
  std::vector<std::string_view> arguments;
  if (open != std::string::npos) {
    if (lowered.back() != ')') Unknown(text, "missing ')'");
    arguments = text::Split(std::string_view(lowered).substr(open + 1, lowered.size() - open - 2),
                            ',');
  }
  for (const TypeSpelling& spelling : kSpellings) {
    if (base != spelling.name) continue;
    if (static_cast<int>(arguments.size()) > spelling.arguments) {
      Unknown(text, std::string(spelling.name) + " takes " +
                        (spelling.arguments == 0 ? "no arguments"
                                                 : "at most " + std::to_string(spelling.arguments) +
                                                       " argument(s)"));
    }
    Type type{spelling.kind, std::nullopt, std::nullopt, std::nullopt};
    if (spelling.kind == TypeKind::kString && !arguments.empty()) {
      type.length = ParseArgument(text, arguments[0]);
      if (*type.length == 0) Unknown(text, "a string holds at least 1 character");
    }
    if (spelling.kind == TypeKind::kNumeric) {
      if (!arguments.empty()) type.precision = ParseArgument(text, arguments[0]);
      if (arguments.size() > 1) type.scale = ParseArgument(text, arguments[1]);
      if (type.precision && *type.precision == 0) Unknown(text, "precision must be at least 1");
      if (type.scale && *type.scale > *type.precision) {
        Unknown(text, "the scale cannot exceed the precision");
      }
    }
    return type;
  }
  Unknown(text, "not a neutral type");
}

Type NativeType(const std::string& dialect, const std::string& spelling) {
  Type type;
  type.kind = TypeKind::kNative;
  type.native.emplace(dialect, spelling);
  return type;
}

std::string FormatType(const Type& type) {
  if (type.kind == TypeKind::kNative) {
    std::string text;
    for (const auto& [dialect, spelling] : type.native) {
      text += (text.empty() ? "" : "; ") + dialect + ": " + spelling;
    }
    return text.empty() ? "native (no spelling)" : text;
  }
  for (const TypeSpelling& spelling : kSpellings) {
    if (spelling.kind != type.kind) continue;
    std::string name = spelling.name;
    if (type.kind == TypeKind::kString && type.length) {
      name += "(" + std::to_string(*type.length) + ")";
    }
    if (type.kind == TypeKind::kNumeric && type.precision) {
      name += "(" + std::to_string(*type.precision);
      if (type.scale) name += "," + std::to_string(*type.scale);
      name += ")";
    }
    return name;
  }
  return "text";
}

}  // namespace retort
