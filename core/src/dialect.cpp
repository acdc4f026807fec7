// What the Dialect interface does for a dialect that does not say otherwise.
#include "retort/dialect.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "text_util.h"

namespace retort {

std::string_view FeatureName(Feature feature) {
  switch (feature) {
    case Feature::kDeferrableConstraints:
      return "deferrable constraints";
    case Feature::kPartialIndexes:
      return "partial indexes";
    case Feature::kTypeChangeUsing:
      return "type changes with USING";
    case Feature::kDropColumnCascade:
      return "drop_column with cascade";
    case Feature::kSetDefaultAction:
      return "the SET DEFAULT action";
    case Feature::kUnboundedNumeric:
      return "numeric without a precision";
  }
  return "an unknown feature";
}

std::string NewScratchName() {
  std::random_device device;
  std::uniform_int_distribution<unsigned long long> bits;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", bits(device));
  return std::string("retort_scratch_") + hex;
}

bool DialectTraits::Lacks(Feature feature) const {
  return std::find(lacks.begin(), lacks.end(), feature) != lacks.end();
}

std::string Dialect::MigrationLockScope(const DatabaseUrl&) const { return {}; }

std::string Dialect::TimestampLiteral(std::string_view utc) const {
  return text::SqlStringLiteral(utc);
}

}  // namespace retort
