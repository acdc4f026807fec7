// Colour (--color, NO_COLOR, terminals and pipes) through the retort
// binary, and the status line of TerminalListener on string streams.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "terminal_listener.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;

constexpr char kFirst[] = "a1a1a1a1a1a1";
constexpr char kSecond[] = "b2b2b2b2b2b2";
constexpr char kEscape[] = "\x1b[";
const std::string kColouredSecond = std::string("\x1b[33m") + kSecond + "\x1b[0m";

void AddTwoRevisions(Project& project) {
  project.AddYamlRevision(kFirst, "",
                          "  - create_table: {name: a, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(kSecond, kFirst,
                          "  - create_table: {name: b, columns: [{name: id, type: integer}]}\n");
}

// Runs `retort ARGUMENTS` with its standard output and error on a
// terminal (script(1) gives it one) and returns what the terminal showed.
std::string OnTerminal(const Project& project, const std::string& arguments,
                       const std::map<std::string, std::string>& environment = {}) {
  std::map<std::string, std::string> merged = environment;
  merged.emplace("RETORT_URL", "");
  merged.emplace("NO_COLOR", "");
  const ProcessResult result = RunProgram(
      "/usr/bin/script", {"-qec", std::string(RETORT_BINARY) + " " + arguments, "/dev/null"},
      project.root(), merged);
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

TEST_CASE("output to a pipe or file has no colour; --color always colours ids, heads and "
          "errors",
          "[cli][color]") {
  Project project;
  AddTwoRevisions(project);
  CHECK_THAT(RunOk(project, {"upgrade", "head"}).out, !Contains(kEscape));
  CHECK_THAT(RunOk(project, {"--color", "always", "downgrade", kFirst}).out,
             Contains("Running downgrade " + kColouredSecond + " -> \x1b[33m" + kFirst));
  CHECK_THAT(RunOk(project, {"--color", "always", "upgrade", "head", "--sql"}).err,
             Contains(" -> " + kColouredSecond));
  RunOk(project, {"upgrade", "head"});
  for (const char* command : {"heads", "current", "history", "log", "branches"}) {
    CHECK_THAT(RunOk(project, {command}).out, !Contains(kEscape));
  }
  CHECK_THAT(RunOk(project, {"--color", "always", "heads"}).out,
             Contains(kColouredSecond + " \x1b[1;32m(head)\x1b[0m"));
  CHECK_THAT(RunOk(project, {"history", "--color", "always"}).out, Contains(kColouredSecond));
  CHECK_THAT(RunOk(project, {"--color", "always", "log"}).out, Contains(kColouredSecond));
  // JSON is for scripts: never coloured.
  CHECK_THAT(RunOk(project, {"--color", "always", "heads", "--format", "json"}).out,
             !Contains(kEscape));

  const ProcessResult error = Retort(project, {"--color", "always", "show", "nosuch"});
  CHECK(error.exit_code == 1);
  CHECK_THAT(error.err, Catch::StartsWith("\x1b[1;31mretort: error:\x1b[0m "));
  CHECK_THAT(Retort(project, {"show", "nosuch"}).err, Catch::StartsWith("retort: error: "));
  // NO_COLOR does not overrule an explicit --color always.
  CHECK_THAT(RunOk(project, {"--color", "always", "heads"}, {{"NO_COLOR", "1"}}).out,
             Contains(kEscape));

  const ProcessResult bad = RunFailing(project, {"--color", "sometimes", "heads"}, 2);
  CHECK_THAT(bad.err, Contains("--color") && Contains("sometimes"));
}

TEST_CASE("on a terminal, auto colours unless NO_COLOR is set to something", "[cli][color]") {
  Project project;
  AddTwoRevisions(project);
  CHECK_THAT(OnTerminal(project, "heads"), Contains(kColouredSecond));
  CHECK_THAT(OnTerminal(project, "heads", {{"NO_COLOR", "1"}}), !Contains(kEscape));
  CHECK_THAT(OnTerminal(project, "--color never heads"), !Contains(kEscape));
}

MigrationStep Step(const std::string& id, const std::string& parent, const std::string& message) {
  MigrationStep step;
  step.revision.id = id;
  if (!parent.empty()) step.revision.down_revisions = {parent};
  step.revision.message = message;
  return step;
}

// Whether every occurrence of `line` in `text` starts a line: after a line
// break, or after the status line was erased.
bool AlwaysStartsALine(const std::string& text, const std::string& line) {
  bool found = false;
  for (std::size_t at = text.find(line); at != std::string::npos; at = text.find(line, at + 1)) {
    found = true;
    const bool after_break = at == 0 || text[at - 1] == '\n';
    const bool after_erase = at >= 4 && text.compare(at - 4, 4, "\r\x1b[K") == 0;
    if (!after_break && !after_erase) return false;
  }
  return found;
}

TEST_CASE("the status line says which step of how many runs, and never shares a line with SQL",
          "[cli][listener]") {
  const std::vector<MigrationStep> plan = {Step("aaaa", "", "first"), Step("bbbb", "aaaa", ""),
                                           Step("cccc", "bbbb", "third")};
  // One stream for both, as a terminal shows them.
  std::ostringstream screen;
  {
    cli::TerminalListener listener(screen, screen, /*status_is_terminal=*/true,
                                   /*quiet=*/false, /*show_sql=*/true);
    listener.OnPlan(plan);
    for (const MigrationStep& step : plan) {
      listener.OnStepBegin(step);
      listener.OnStatement("CREATE TABLE t_" + step.revision.id + " (id INTEGER)");
      listener.OnNotice("a notice of " + step.revision.id);
      listener.OnStepEnd(step, {});
    }
  }
  const std::string text = screen.str();
  CHECK_THAT(text, Contains("[1/3] aaaa first") && Contains("[2/3] bbbb") &&
                       Contains("[3/3] cccc third"));
  for (const MigrationStep& step : plan) {
    INFO(step.revision.id << " in: " << text);
    CHECK(AlwaysStartsALine(text, "CREATE TABLE t_" + step.revision.id));
    CHECK(AlwaysStartsALine(text, "a notice of " + step.revision.id));
  }
  CHECK(AlwaysStartsALine(text, "Running upgrade"));
  // Nothing is left drawn: the last thing written erases the status line.
  CHECK_THAT(text, Catch::EndsWith("\r\x1b[K"));

  // Lines and status apart: the lines have no control characters.
  std::ostringstream out, status;
  {
    cli::TerminalListener listener(out, status, true, false, true);
    listener.OnPlan(plan);
    listener.OnStepBegin(plan[1]);
    listener.OnStatement("SELECT 1");
    // A run that stops mid-step (an error) leaves no status line behind.
  }
  CHECK(out.str() == "Running upgrade aaaa -> bbbb\nSELECT 1;\n");
  CHECK_THAT(status.str(), Contains("[2/3] bbbb") && Catch::EndsWith("\r\x1b[K"));
}

TEST_CASE("without a terminal there is no status line, and -q prints nothing",
          "[cli][listener]") {
  const std::vector<MigrationStep> plan = {Step("aaaa", "", "first")};
  std::ostringstream out, status;
  cli::TerminalListener listener(out, status, /*status_is_terminal=*/false, false, true);
  listener.OnPlan(plan);
  listener.OnStepBegin(plan[0]);
  listener.OnStatement("SELECT 1");
  listener.OnProgress({"copy t", 5, 10});
  listener.OnStepEnd(plan[0], {});
  CHECK(out.str() == "Running upgrade base -> aaaa, first\nSELECT 1;\n");
  CHECK(status.str().empty());

  std::ostringstream quiet_out, quiet_status;
  cli::TerminalListener quiet(quiet_out, quiet_status, true, /*quiet=*/true, true);
  quiet.OnPlan(plan);
  quiet.OnStepBegin(plan[0]);
  quiet.OnStatement("SELECT 1");
  quiet.OnStepEnd(plan[0], {});
  CHECK(quiet_out.str().empty());
  CHECK(quiet_status.str().empty());
}

}  // namespace
}  // namespace retort::testing
