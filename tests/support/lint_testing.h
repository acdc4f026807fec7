// Helpers the lint tests share: lint a revision written as YAML, and pick
// findings out of the report.
#ifndef RETORT_TESTS_LINT_TESTING_H_
#define RETORT_TESTS_LINT_TESTING_H_

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "retort/lint.h"
#include "test_support.h"

namespace retort::testing {

// Lints one revision whose upgrade is `ops` (YAML list items) and whose
// header adds `header`, as `dialect` judges it. No table it names exists in
// the range, so each counts as an existing table.
inline LintReport LintOps(const std::string& dialect, const std::string& ops,
                          const std::string& header = "") {
  Project project;
  project.AddYamlRevision("a1", "", ops, header);
  return Lint(project.config(), "", dialect);
}

// The rule ids of the report, in order.
inline std::vector<std::string> RuleIds(const LintReport& report) {
  std::vector<std::string> ids;
  for (const LintFinding& finding : report.findings) ids.push_back(finding.rule);
  return ids;
}

// The one finding of `rule`; fails the test when there is not exactly one.
inline const LintFinding& FindingOf(const LintReport& report, const std::string& rule) {
  const auto count = std::count_if(report.findings.begin(), report.findings.end(),
                                   [&](const LintFinding& f) { return f.rule == rule; });
  INFO("rule " << rule << " in " << FormatLintText(report));
  REQUIRE(count == 1);
  return *std::find_if(report.findings.begin(), report.findings.end(),
                       [&](const LintFinding& f) { return f.rule == rule; });
}

inline bool HasRule(const LintReport& report, const std::string& rule) {
  const std::vector<std::string> ids = RuleIds(report);
  return std::find(ids.begin(), ids.end(), rule) != ids.end();
}

}  // namespace retort::testing

#endif  // RETORT_TESTS_LINT_TESTING_H_
