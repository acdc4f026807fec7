#include "equivalence_support.h"

#include <utility>

#include "retort/commands.h"

namespace retort::testing {

Schema Comparable(Schema schema, const std::vector<const Dialect*>& stored_by) {
  for (Trigger& trigger : schema.triggers) trigger.definition.clear();
  schema = WithoutComments(NormalizeForComparison(std::move(schema)));
  for (const Dialect* dialect : stored_by) schema = dialect->StoredForm(std::move(schema));
  return schema;
}

Schema UpgradeToHead(const std::filesystem::path& scripts, const std::string& url) {
  Config config;
  config.script_location = scripts;
  config.url = url;
  config.url_origin = "test";
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  return ReflectDatabase(url);
}

std::string CatalogueDifferences(const ConformanceReport& left, const ConformanceReport& right,
                                 const std::vector<const Dialect*>& stored_by) {
  if (left.cases.size() != right.cases.size()) return "the runs have different cases\n";
  std::string differences;
  for (std::size_t i = 0; i < left.cases.size(); ++i) {
    const CaseResult& one = left.cases[i];
    const CaseResult& other = right.cases[i];
    if (one.name.starts_with("connection/")) continue;
    if (!one.lacking.empty() || !other.lacking.empty()) continue;
    if (!one.schema_at_head || !other.schema_at_head) {
      differences += one.name + ": not read on both (see the case's failure)\n";
      continue;
    }
    const std::string diff = DiffSchemas(Comparable(*one.schema_at_head, stored_by),
                                         Comparable(*other.schema_at_head, stored_by));
    if (!diff.empty()) differences += one.name + ":\n" + diff;
  }
  return differences;
}

}  // namespace retort::testing
