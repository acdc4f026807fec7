// Neutral column types. A revision names types in this vocabulary; each
// dialect maps them onto its own (see the dialect's RenderType).
//
// Thread-safety: plain values and pure functions, callable from several
// threads at once. Only ParseType throws (OperationError).
#ifndef RETORT_TYPE_H_
#define RETORT_TYPE_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

enum class TypeKind {
  kInteger,
  kBigInt,
  kSmallInt,
  kBoolean,
  kString,  // string(n): variable length with a limit
  kText,
  kFloat,
  kDouble,
  kNumeric,  // numeric(p,s)
  kDate,
  kTime,
  kDateTime,
  kTimestampTz,
  kBlob,
  kJson,
  kUuid,
  // A type with no neutral equivalent (a PostgreSQL array, domain, enum,
  // tsvector, char(n), timestamp(3)...): kept as each dialect spells it,
  // never approximated by a neutral one.
  kNative,
};

struct Type {
  TypeKind kind = TypeKind::kText;
  std::optional<int> length;     // string(n)
  std::optional<int> precision;  // numeric(p) and numeric(p,s)
  std::optional<int> scale;      // numeric(p,s)
  // kNative: the type's spelling per dialect name ("postgresql" ->
  // "tsvector"); a dialect with no entry cannot render the type. Empty for
  // every other kind.
  std::map<std::string, std::string> native = {};

  friend bool operator==(const Type&, const Type&) = default;
};

// Parses the neutral spelling: "integer", "string(20)", "numeric(10,2)".
// Case and blanks around the arguments are ignored. Throws OperationError
// naming the text and listing the known types. (A native type is not text
// but a map of dialect name to spelling; see NativeType.)
Type ParseType(std::string_view text);

// A native type with one spelling: NativeType("postgresql", "tsvector").
Type NativeType(const std::string& dialect, const std::string& spelling);

// The canonical neutral spelling; ParseType(FormatType(t)) == t for every
// kind but kNative, which reads "postgresql: tsvector" (entries in dialect
// order, separated by "; ") for messages and diffs.
std::string FormatType(const Type& type);

// The neutral type names, in documentation order ("string(n)", ...).
const std::vector<std::string>& NeutralTypeNames();

}  // namespace retort

#endif  // RETORT_TYPE_H_
