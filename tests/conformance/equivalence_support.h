// Cross-dialect equivalence: what two dialects' runs of the same revisions
// are compared on. The tests say which dialects; these helpers do the rest.
#ifndef RETORT_TESTS_CONFORMANCE_EQUIVALENCE_SUPPORT_H_
#define RETORT_TESTS_CONFORMANCE_EQUIVALENCE_SUPPORT_H_

#include <filesystem>
#include <string>
#include <vector>

#include "retort/conformance.h"
#include "retort/dialect.h"
#include "retort/schema.h"
#include "test_support.h"

namespace retort::testing {

// What dialects can share: comments aside (SQLite keeps none), triggers by
// name and table (each dialect writes its own statement), and in the form
// each of `stored_by` reports (Dialect::StoredForm), so that what one of
// them cannot tell apart is no difference.
Schema Comparable(Schema schema, const std::vector<const Dialect*>& stored_by);

// Upgrades the database at `url` to head with the revisions in `scripts`
// and returns what it reflects.
Schema UpgradeToHead(const std::filesystem::path& scripts, const std::string& url);

// The differences between two runs of the catalogue, case by case (each
// schema through Comparable), as "<case>:\n<DiffSchemas lines>"; a case one
// side refused for a feature its dialect lacks is left out, and so are the
// connection checks, which make no schema. Empty when they agree.
std::string CatalogueDifferences(const ConformanceReport& left, const ConformanceReport& right,
                                 const std::vector<const Dialect*>& stored_by);

}  // namespace retort::testing

#endif  // RETORT_TESTS_CONFORMANCE_EQUIVALENCE_SUPPORT_H_
