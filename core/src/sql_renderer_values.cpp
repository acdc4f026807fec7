// How SqlRenderer spells types and literal values: the standard type names,
// a dialect's native types, and the values bulk_insert writes.
#include <charconv>
#include <cmath>
#include <string>

#include "overloaded.h"
#include "retort/error.h"
#include "retort/sql_renderer.h"
#include "text_util.h"

namespace retort {

std::string SqlRenderer::RenderType(const Type& type) const {
  switch (type.kind) {
    case TypeKind::kInteger: return "INTEGER";
    case TypeKind::kBigInt: return "BIGINT";
    case TypeKind::kSmallInt: return "SMALLINT";
    case TypeKind::kBoolean: return "BOOLEAN";
    case TypeKind::kString:
      return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : "VARCHAR";
    case TypeKind::kText: return "CLOB";
    case TypeKind::kFloat: return "REAL";
    case TypeKind::kDouble: return "DOUBLE PRECISION";
    case TypeKind::kNumeric: {
      std::string text = "NUMERIC";
      if (type.precision) {
        text += "(" + std::to_string(*type.precision);
        if (type.scale) text += ", " + std::to_string(*type.scale);
        text += ")";
      }
      return text;
    }
    case TypeKind::kDate: return "DATE";
    case TypeKind::kTime: return "TIME";
    case TypeKind::kDateTime: return "TIMESTAMP";
    case TypeKind::kTimestampTz: return "TIMESTAMP WITH TIME ZONE";
    case TypeKind::kBlob: return "BLOB";
    case TypeKind::kJson: return "JSON";
    case TypeKind::kUuid:
      throw OperationError("type uuid is not standard SQL, and the " + dialect() +
                           " dialect does not render it");
    case TypeKind::kNative: {
      const auto spelling = type.native.find(dialect_);
      if (spelling == type.native.end()) {
        throw OperationError("the native type '" + FormatType(type) + "' has no " + dialect_ +
                             " spelling");
      }
      return spelling->second;
    }
  }
  return "CLOB";
}

std::string SqlRenderer::RenderColumnType(const std::string& column, const Type& type) const {
  if (type.kind == TypeKind::kNative && type.native.count(dialect_) == 0) {
    std::string dialects;
    for (const auto& [dialect, spelling] : type.native) {
      dialects += (dialects.empty() ? "" : ", ") + dialect;
    }
    throw OperationError("column " + column + " has a native type with no " + dialect_ +
                         " spelling (it has " + (dialects.empty() ? "none" : dialects) +
                         "); add a '" + dialect_ + ":' entry to its type");
  }
  return RenderType(type);
}

std::string SqlRenderer::RenderLiteral(const Literal& value) const {
  return std::visit(
      Overloaded{
          [](std::monostate) -> std::string { return "NULL"; },
          [](bool b) -> std::string { return b ? "TRUE" : "FALSE"; },
          [](long long i) { return std::to_string(i); },
          [](double d) -> std::string {
            if (!std::isfinite(d)) throw OperationError("cannot write a non-finite number in SQL");
            char buffer[64];
            auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, d);
            std::string text(buffer, end);
            if (text.find_first_of(".e") == std::string::npos) text += ".0";
            return text;
          },
          [](const std::string& s) { return text::SqlStringLiteral(s); },
      },
      value);
}

}  // namespace retort
