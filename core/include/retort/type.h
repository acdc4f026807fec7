// Neutral column types. A revision names types in this vocabulary; each
// dialect maps them onto its own (see the dialect's RenderType).
#ifndef RETORT_TYPE_H_
#define RETORT_TYPE_H_

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
};

struct Type {
  TypeKind kind = TypeKind::kText;
  std::optional<int> length;     // string(n)
  std::optional<int> precision;  // numeric(p) and numeric(p,s)
  std::optional<int> scale;      // numeric(p,s)

  friend bool operator==(const Type&, const Type&) = default;
};

// Parses the neutral spelling: "integer", "string(20)", "numeric(10,2)".
// Case and blanks around the arguments are ignored. Throws OperationError
// naming the text and listing the known types.
Type ParseType(std::string_view text);

// The canonical neutral spelling; ParseType(FormatType(t)) == t.
std::string FormatType(const Type& type);

// The neutral type names, in documentation order ("string(n)", ...).
const std::vector<std::string>& NeutralTypeNames();

}  // namespace retort

#endif  // RETORT_TYPE_H_
