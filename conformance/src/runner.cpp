// RunConformance: selects the cases, runs them one after the other on one
// database, and makes sure each leaves the database empty for the next.
#include <algorithm>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "case_database.h"
#include "case_run.h"
#include "case_scripts.h"
#include "catalogue.h"
#include "connection_checks.h"
#include "retort/commands.h"
#include "retort/conformance.h"
#include "retort/error.h"
#include "retort/operation.h"

namespace retort {
namespace {

using conformance::CaseDatabase;
using conformance::CaseScripts;
using conformance::CatalogueCase;
using conformance::ConnectionCheck;

// Why the database is not back at base; empty when it is.
std::string LeftOver(const CaseDatabase& database) {
  const Schema schema = database.Reflect();
  const std::vector<std::string> versions = database.VersionRows();
  std::string what;
  for (const Table& table : schema.tables) what += " table " + ToString(table.name) + ";";
  for (const Index& index : schema.indexes) what += " index " + index.name + ";";
  for (const std::string& id : versions) what += " version row " + id + ";";
  return what;
}

bool SelectsCheck(const std::string& filter, const ConnectionCheck& check) {
  return filter == check.name || filter == check.name.substr(0, check.name.find('/'));
}

// What `filters` select: the connection checks, then the catalogue's cases
// (see ConformanceOptions::cases).
struct Selection {
  std::vector<const ConnectionCheck*> checks;
  std::vector<const CatalogueCase*> cases;
};

Selection Select(const std::vector<std::string>& filters) {
  Selection selection;
  std::vector<std::string> catalogue_filters;
  for (const std::string& filter : filters) {
    bool matched = false;
    for (const ConnectionCheck& check : conformance::ConnectionChecks()) {
      matched = matched || SelectsCheck(filter, check);
    }
    if (!matched) catalogue_filters.push_back(filter);
  }
  for (const ConnectionCheck& check : conformance::ConnectionChecks()) {
    const auto selects = [&](const std::string& filter) { return SelectsCheck(filter, check); };
    if (filters.empty() || std::any_of(filters.begin(), filters.end(), selects)) {
      selection.checks.push_back(&check);
    }
  }
  if (filters.empty() || !catalogue_filters.empty()) {
    selection.cases = conformance::SelectCases(catalogue_filters);
  }
  return selection;
}

CaseResult RunCheck(const CaseDatabase& database, const ConnectionCheck& check) {
  CaseResult result;
  result.name = check.name;
  try {
    check.run(database.connection(), database.dialect());
    result.passed = true;
  } catch (const std::exception& error) {
    result.failure = error.what();
  }
  std::string left;
  try {
    left = LeftOver(database);
    if (!left.empty() && !database.DropAllTables()) left += " (and dropping it failed)";
  } catch (const std::exception& error) {
    left = std::string(" cannot read the database: ") + error.what();
  }
  if (!left.empty()) {
    result.failure += (result.passed ? "the check passed but left" : "\nit left") + left;
    result.passed = false;
  }
  return result;
}

// Brings the database back to empty after a case that did not get there:
// downgrade, else drop what is left (the database held nothing of the
// user's when the run began) and stamp the version rows away. Returns what
// is still left, empty on success.
std::string CleanUp(const CaseDatabase& database, const CatalogueCase& entry) {
  try {
    CaseScripts scripts(entry, database.dialect().name());
    Config config;
    config.script_location = scripts.location();
    config.url = database.url();
    config.url_origin = "the conformance suite";
    MigrationListener quiet;
    try {
      Downgrade(config, "base", quiet);
    } catch (const Error&) {
      // An incomplete revision or a failing downgrade: dropping follows.
    }
    if (LeftOver(database).empty()) return "";
    database.DropAllTables();
    Stamp(config, {"base"}, true);
    return LeftOver(database);
  } catch (const std::exception& error) {
    return std::string(" cleaning up failed: ") + error.what();
  }
}

// Whether the dialect keeps comments: the SQL it renders for a commented
// table carries the comment (COMMENT ON, an inline COMMENT '...'). SQLite's
// carries none, and so does that of a plugin built on it. Rendering is asked
// rather than a list of names, so that such plugins are judged alike.
bool KeepsComments(const Dialect& dialect) {
  const std::string marker = "retort conformance comment probe";
  CreateTable probe;
  probe.table.name = {"", "conformance_comment_probe"};
  probe.table.columns = {Column{.name = "id", .type = ParseType("integer")}};
  probe.table.comment = marker;
  try {
    for (const std::string& sql : dialect.Render(probe)) {
      if (sql.find(marker) != std::string::npos) return true;
    }
  } catch (const Error&) {
    return true;  // it cannot tell without a database: expect comments
  }
  return false;
}

void Print(std::ostream& out, const CaseResult& result) {
  if (result.passed) {
    out << "ok   " << result.name
        << (result.lacking.empty() ? "" : " (refused, as it should be: the dialect lacks " +
                                              result.lacking + ")")
        << "\n";
  } else {
    std::istringstream lines(result.failure);
    std::string line;
    std::getline(lines, line);
    out << "FAIL " << result.name << ": " << line << "\n";
    while (std::getline(lines, line)) out << "    " << line << "\n";
  }
  out.flush();
}

}  // namespace

int ConformanceReport::passed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [](const CaseResult& result) { return result.passed; }));
}

int ConformanceReport::failed() const { return static_cast<int>(cases.size()) - passed(); }

std::vector<std::string> ConformanceCaseNames() {
  std::vector<std::string> names;
  for (const ConnectionCheck& check : conformance::ConnectionChecks()) names.push_back(check.name);
  for (const CatalogueCase& entry : conformance::Catalogue()) names.push_back(entry.name);
  return names;
}

Schema ReflectDatabase(const std::string& url) { return CaseDatabase(url).Reflect(); }

ConformanceReport RunConformance(const std::string& url, std::ostream& out,
                                 const ConformanceOptions& options) {
  const CaseDatabase database(url);
  const Selection selected = Select(options.cases);
  database.RequireEmpty();

  ConformanceReport report;
  report.dialect = database.dialect().name();
  const bool keeps_comments =
      options.keeps_comments.value_or(KeepsComments(database.dialect()));
  for (const ConnectionCheck* check : selected.checks) {
    CaseResult result = RunCheck(database, *check);
    Print(out, result);
    report.cases.push_back(std::move(result));
  }
  std::string unusable;  // why the database cannot take more cases
  for (const CatalogueCase* entry : selected.cases) {
    CaseResult result;
    if (!unusable.empty()) {
      result.name = entry->name;
      result.failure = "not run: " + unusable;
    } else {
      result = conformance::RunCase(database, *entry, keeps_comments);
      std::string left;
      try {
        left = LeftOver(database);
      } catch (const std::exception& error) {
        left = std::string(" cannot read the database: ") + error.what();
      }
      if (!left.empty()) {
        // A failed case stops where it failed; a passed one must end at base.
        const std::string still = CleanUp(database, *entry);
        result.failure += result.passed ? "the case passed but did not end at base; it left"
                                        : "\nit left";
        result.failure +=
            left + (still.empty() ? " (cleaned up)" : " and cleaning up left" + still);
        result.passed = false;
        if (!still.empty()) unusable = "an earlier case left the database unclean:" + still;
      }
    }
    Print(out, result);
    report.cases.push_back(std::move(result));
  }
  return report;
}

}  // namespace retort
