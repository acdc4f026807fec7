// The commands through the real retort binary: what each one writes, prints
// and does to the database when the input is right.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_test_helpers.h"
#include "startup_testing.h"
#include "test_support.h"

namespace retort::testing {
namespace {

using Catch::Contains;
using Catch::Matches;
using Catch::StartsWith;

using Rows = std::vector<std::string>;

// A line of three revisions: users, then orders, then users.email.
constexpr char kUsers[] = "1111aaaa0001";
constexpr char kOrders[] = "2222bbbb0002";
constexpr char kEmail[] = "3333cccc0003";

void AddChain(Project& project) {
  project.AddYamlRevision(
      kUsers, "",
      "  - create_table: {name: users, columns: [{name: id, type: integer, primary_key: true}, "
      "{name: name, type: string(50)}]}\n");
  project.AddYamlRevision(
      kOrders, kUsers,
      "  - create_table: {name: orders, columns: [{name: id, type: integer, primary_key: true}, "
      "{name: user_id, type: integer}]}\n");
  project.AddYamlRevision(kEmail, kOrders,
                          "  - add_column: {table: users, column: {name: email, type: text}}\n");
}

// Revision files in `project`'s versions folder.
std::size_t RevisionFileCount(const Project& project) {
  std::size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(project.versions())) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

// A copy of the stock sample script directory (retort.ini, templates,
// versions/) in `folder`, so that running it leaves the source tree alone.
std::filesystem::path CopyStockMigrations(const TempDir& folder) {
  const std::filesystem::path stock = std::filesystem::path(RETORT_SOURCE_DIR) / "migrations";
  const std::filesystem::path copy = folder / "migrations";
  std::filesystem::create_directories(copy / "versions");
  for (const char* name : {"retort.ini", "script.yaml.tmpl", "script.sql.tmpl"}) {
    std::filesystem::copy_file(stock / name, copy / name);
  }
  for (const auto& entry : std::filesystem::directory_iterator(stock / "versions")) {
    std::filesystem::copy_file(entry.path(), copy / "versions" / entry.path().filename());
  }
  return copy / "retort.ini";
}

constexpr char kSampleBase[] = "58ce9da45577";
constexpr char kSampleHead[] = "9b1f0c2d4e6a";

// --- Help and version ----------------------------------------------------

TEST_CASE("retort --version prints the version and exits 0", "[cli][commands]") {
  TempDir temp;
  const ProcessResult result = RunRetort({"--version"}, temp.path());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, Matches("retort \\d+\\.\\d+\\.\\d+\n"));
  CHECK(result.err.empty());
}

TEST_CASE("output that cannot be written fails the command, saying so", "[cli][commands]") {
  Project project;
  // history's output is longer than a buffer: writes fail while it runs.
  AddTableChain(project, 120);
  RunOk(project, {"upgrade", "head"});
  // /dev/full takes no byte: what a full disk does to a redirected output.
  for (const std::string command : {"--version", "current", "history"}) {
    INFO(command);
    const ProcessResult result = RunProgram(
        "/bin/sh", {"-c", "\"$0\" " + command + " > /dev/full", RETORT_BINARY}, project.root());
    CHECK(result.exit_code == 1);
    CHECK_THAT(result.err, Contains("cannot write to standard output"));
    if (command != "history") CHECK_THAT(result.err, Contains(": No space left on device"));
  }
}

TEST_CASE("retort --help lists every command and exits 0", "[cli][commands]") {
  TempDir temp;
  const ProcessResult result = RunRetort({"--help"}, temp.path());
  CHECK(result.exit_code == 0);
  CHECK_THAT(result.out, StartsWith("usage: retort"));
  for (const char* command : {"init", "list_templates", "revision", "merge", "edit", "upgrade",
                              "downgrade", "stamp", "ensure_version", "current", "history",
                              "heads", "branches", "show", "log", "graph", "validate", "fleet"}) {
    CHECK_THAT(result.out, Contains(std::string("  ") + command + " "));
  }
}

TEST_CASE("every command's --help prints its usage and exits 0", "[cli][commands]") {
  TempDir temp;  // no retort.ini: help needs none
  for (const std::string command :
       {"init", "list_templates", "revision", "merge", "edit", "upgrade", "downgrade", "stamp",
        "ensure_version", "current", "history", "heads", "branches", "show", "log", "graph",
        "validate", "fleet"}) {
    INFO("retort " << command << " --help");
    for (const std::vector<std::string>& arguments :
         {std::vector<std::string>{command, "--help"}, std::vector<std::string>{command, "-h"},
          std::vector<std::string>{"--help", command}}) {
      const ProcessResult result = RunRetort(arguments, temp.path());
      CHECK(result.exit_code == 0);
      CHECK_THAT(result.out, StartsWith("usage: retort [global options] " + command));
      CHECK(result.err.empty());
    }
  }
  CHECK(std::filesystem::is_empty(temp.path()));
}

// --- init ----------------------------------------------------------------

TEST_CASE("init creates the script directory, its templates and a retort.ini using it",
          "[cli][commands]") {
  TempDir temp;
  const std::map<std::string, std::string> environment = {
      {"RETORT_URL", ""}, {"APP_DATABASE", (temp / "app.db").string()}};
  const ProcessResult result = RunRetort({"init", "migrations"}, temp.path(), environment);
  INFO("stderr: " << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(std::filesystem::is_directory(temp / "migrations" / "versions"));
  CHECK(std::filesystem::is_regular_file(temp / "migrations" / "script.yaml.tmpl"));
  CHECK(std::filesystem::is_regular_file(temp / "migrations" / "script.sql.tmpl"));
  CHECK(std::filesystem::is_regular_file(temp / "migrations" / ".gitignore"));
  REQUIRE(std::filesystem::is_regular_file(temp / "retort.ini"));
  CHECK_THAT(ReadFile(temp / "retort.ini"), Contains("script_location = migrations\n"));
  CHECK_THAT(result.out, Contains("Created retort.ini"));

  // The new project works as it is: a revision, then an upgrade.
  const ProcessResult revision =
      RunRetort({"revision", "-m", "first", "--rev-id", "f1257000"}, temp.path(), environment);
  CHECK(revision.exit_code == 0);
  const ProcessResult upgrade = RunRetort({"upgrade", "head"}, temp.path(), environment);
  CHECK(upgrade.exit_code == 0);
  CHECK(VersionRows(temp / "app.db") == Rows{"f1257000"});
}

TEST_CASE("init refuses a folder that is not empty", "[cli][commands]") {
  TempDir temp;
  WriteFile(temp / "migrations" / "notes.txt", "mine");
  const ProcessResult result = RunRetort({"init", "migrations"}, temp.path(), {{"RETORT_URL", ""}});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Contains("migrations"));
  CHECK_THAT(result.err, Contains("not an empty folder"));
  CHECK(ReadFile(temp / "migrations" / "notes.txt") == "mine");
  CHECK_FALSE(std::filesystem::exists(temp / "migrations" / "versions"));
  CHECK_FALSE(std::filesystem::exists(temp / "retort.ini"));
}

TEST_CASE("init keeps a retort.ini that exists", "[cli][commands]") {
  TempDir temp;
  WriteFile(temp / "retort.ini", "[retort]\nscript_location = db\n");
  const ProcessResult result = RunRetort({"init", "db"}, temp.path(), {{"RETORT_URL", ""}});
  CHECK(result.exit_code == 0);
  CHECK(ReadFile(temp / "retort.ini") == "[retort]\nscript_location = db\n");
  CHECK_THAT(result.out, !Contains("retort.ini"));
  CHECK(std::filesystem::is_directory(temp / "db" / "versions"));
}

// --- revision and merge --------------------------------------------------

TEST_CASE("revision -m writes versions/<id>_<slug>.yaml on the head, and heads shows it",
          "[cli][commands]") {
  Project project;
  const ProcessResult first = RunOk(project, {"revision", "-m", "Add users table"});
  const std::filesystem::path first_file = GeneratedFile(project, first);
  CHECK(first_file.parent_path() == project.versions());
  CHECK_THAT(first_file.filename().string(), Matches("[0-9a-f]{12}_add_users_table\\.yaml"));
  const std::string first_id = first_file.filename().string().substr(0, 12);
  const std::string text = ReadFile(first_file);
  CHECK_THAT(text, Contains("revision: " + first_id + "\n"));
  CHECK_THAT(text, Contains("down_revision: null\n"));
  CHECK_THAT(text, Contains("message: Add users table\n"));
  CHECK(RunOk(project, {"heads"}).out == first_id + " (head)\n");

  const ProcessResult second = RunOk(project, {"revision", "-m", "add orders"});
  const std::filesystem::path second_file = GeneratedFile(project, second);
  const std::string second_id = second_file.filename().string().substr(0, 12);
  CHECK_THAT(ReadFile(second_file), Contains("down_revision: " + first_id + "\n"));
  CHECK(RunOk(project, {"heads"}).out == second_id + " (head)\n");

  // What revision writes, upgrade runs.
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{second_id});
}

TEST_CASE("revision --rev-id gives the new revision that id", "[cli][commands]") {
  Project project;
  const ProcessResult result = RunOk(project, {"revision", "-m", "set up", "--rev-id", "5e7ab000"});
  CHECK(GeneratedFile(project, result) == project.versions() / "5e7ab000_set_up.yaml");
  CHECK_THAT(RunOk(project, {"show", "5e7ab000"}).out, StartsWith("Rev: 5e7ab000\n"));
}

TEST_CASE("revision --head base starts a second base", "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult result =
      RunOk(project, {"revision", "-m", "audit log", "--head", "base", "--rev-id", "a0d17000"});
  CHECK_THAT(ReadFile(GeneratedFile(project, result)), Contains("down_revision: null\n"));
  const std::string heads = RunOk(project, {"heads"}).out;
  CHECK_THAT(heads, Contains("a0d17000 (head)\n"));
  CHECK_THAT(heads, Contains(std::string(kEmail) + " (head)\n"));
  CHECK_THAT(RunOk(project, {"history"}).out, Contains("<base> -> a0d17000 (head), audit log\n"));
}

TEST_CASE("revision --branch-label labels the new revision and its branch", "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult result = RunOk(project, {"revision", "-m", "billing", "--head", "base",
                                               "--branch-label", "billing", "--rev-id", "b111000"});
  CHECK_THAT(ReadFile(GeneratedFile(project, result)), Contains("branch_labels: [billing]\n"));
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains("b111000 (billing) (head)\n"));

  // label@head names the branch's head; the other branch stays where it is.
  RunOk(project, {"upgrade", "billing@head"});
  CHECK(VersionRows(project.database()) == Rows{"b111000"});
  CHECK_FALSE(HasTable(project.database(), "users"));
}

TEST_CASE("revision --depends-on stores the full id of the revision it names", "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult result = RunOk(project, {"revision", "-m", "reports", "--head", "base",
                                               "--depends-on", "1111", "--rev-id", "de9e0000"});
  CHECK_THAT(ReadFile(GeneratedFile(project, result)),
             Contains("depends_on: [" + std::string(kUsers) + "]\n"));

  // Upgrading to it applies the dependency first.
  const ProcessResult upgrade = RunOk(project, {"upgrade", "de9e0000"});
  CHECK_THAT(upgrade.out, Contains("Running upgrade base -> " + std::string(kUsers)));
  // As in Alembic, the dependency's row is absorbed by the revision that needs it.
  CHECK(VersionRows(project.database()) == Rows{"de9e0000"});
  CHECK_THAT(RunOk(project, {"current"}).out, Contains(std::string(kUsers) + "\n"));
}

TEST_CASE("revision needs --splice to branch from a revision that is not a head",
          "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult refused =
      Retort(project, {"revision", "-m", "side", "--head", kUsers, "--rev-id", "5b1ce000"});
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Contains(std::string(kUsers) + " is not a head"));
  CHECK_THAT(refused.err, Contains("--splice"));
  CHECK(RevisionFileCount(project) == 3);

  const ProcessResult spliced = RunOk(
      project, {"revision", "-m", "side", "--head", kUsers, "--splice", "--rev-id", "5b1ce000"});
  CHECK_THAT(ReadFile(GeneratedFile(project, spliced)),
             Contains("down_revision: " + std::string(kUsers) + "\n"));
  const std::string branches = RunOk(project, {"branches"}).out;
  CHECK_THAT(branches, StartsWith(std::string(kUsers) + " (branchpoint)\n"));
  CHECK_THAT(branches, Contains("    -> " + std::string(kOrders) + "\n"));
  CHECK_THAT(branches, Contains("    -> 5b1ce000 (head)\n"));
  CHECK_THAT(RunOk(project, {"branches", "-v"}).out, Contains("    -> 5b1ce000 (head), side\n"));
}

TEST_CASE("revision --format sql writes a plain-SQL revision that upgrade runs",
          "[cli][commands]") {
  Project project;
  const ProcessResult result =
      RunOk(project, {"revision", "-m", "by hand", "--format", "sql", "--rev-id", "5c1e0000"});
  const std::filesystem::path file = GeneratedFile(project, result);
  CHECK(file == project.versions() / "5c1e0000_by_hand.sql");
  std::string text = ReadFile(file);
  CHECK_THAT(text, Contains("-- revision: 5c1e0000\n"));
  const auto up = text.find("-- migrate:up\n");
  REQUIRE(up != std::string::npos);
  text.insert(up + std::string("-- migrate:up\n").size(),
              "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n"
              "-- migrate:down\n"
              "DROP TABLE notes;\n");
  WriteFile(file, text);

  RunOk(project, {"upgrade", "head"});
  CHECK(HasTable(project.database(), "notes"));
  RunOk(project, {"downgrade", "base"});
  CHECK_FALSE(HasTable(project.database(), "notes"));
}

TEST_CASE("merge heads writes a revision joining the heads", "[cli][commands]") {
  Project project;
  AddChain(project);
  project.AddYamlRevision("4444dddd0004", kOrders, "  []\n");
  REQUIRE(Lines(RunOk(project, {"heads"}).out).size() == 2);

  const ProcessResult merge =
      RunOk(project, {"merge", "heads", "-m", "join branches", "--rev-id", "3e26e000"});
  const std::filesystem::path file = GeneratedFile(project, merge);
  CHECK(file == project.versions() / "3e26e000_join_branches.yaml");
  const std::string text = ReadFile(file);
  CHECK_THAT(text, Contains("down_revision: ["));
  CHECK_THAT(text, Contains(kEmail));
  CHECK_THAT(text, Contains("4444dddd0004"));
  // heads shows no tree markers, as Alembic's does.
  CHECK(RunOk(project, {"heads"}).out == "3e26e000 (head)\n");

  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{"3e26e000"});
}

// --- upgrade and downgrade -----------------------------------------------

TEST_CASE("upgrade head applies every revision in order and records each", "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult result = RunOk(project, {"upgrade", "head"});
  const std::vector<std::string> lines = Lines(result.out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "Running upgrade base -> " + std::string(kUsers) + ", revision " + kUsers);
  CHECK(lines[1] ==
        "Running upgrade " + std::string(kUsers) + " -> " + kOrders + ", revision " + kOrders);
  CHECK(lines[2] ==
        "Running upgrade " + std::string(kOrders) + " -> " + kEmail + ", revision " + kEmail);
  CHECK_THAT(lines[3], StartsWith("Upgraded to " + std::string(kEmail) + ": 3 revisions in "));
  CHECK(VersionRows(project.database()) == Rows{kEmail});
  CHECK(HistoryRows(project.database()) == Rows{std::string(kUsers) + " upgrade",
                                                std::string(kOrders) + " upgrade",
                                                std::string(kEmail) + " upgrade"});
  CHECK(Query(project.database(),
              "SELECT count(*) FROM pragma_table_info('users') "
              "WHERE name = 'email'")[0][0] == "1");

  // Again: nothing to do, and nothing changes.
  const std::string digest = FileDigest(project.database());
  CHECK_THAT(RunOk(project, {"upgrade", "head"}).out,
             Contains("Nothing to do: the database is already at head\n"));
  // A revision it is past: nothing runs either, as in Alembic, and the
  // message does not say the database is there.
  CHECK_THAT(RunOk(project, {"upgrade", kUsers}).out,
             Contains("Nothing to do: the database is already at or past " + std::string(kUsers)));
  CHECK(FileDigest(project.database()) == digest);
}

TEST_CASE("upgrade +1 and downgrade -1 move one revision at a time", "[cli][commands]") {
  Project project;
  AddChain(project);
  RunOk(project, {"upgrade", "+1"});
  CHECK(VersionRows(project.database()) == Rows{kUsers});
  RunOk(project, {"upgrade", "+1"});
  CHECK(VersionRows(project.database()) == Rows{kOrders});
  CHECK(HasTable(project.database(), "orders"));

  const ProcessResult down = RunOk(project, {"downgrade", "-1"});
  CHECK_THAT(down.out, Contains("Running downgrade " + std::string(kOrders) + " -> " + kUsers));
  CHECK_THAT(down.out, Contains("Downgraded to " + std::string(kUsers) + ": 1 revision in "));
  CHECK(VersionRows(project.database()) == Rows{kUsers});
  CHECK_FALSE(HasTable(project.database(), "orders"));
  CHECK(HasTable(project.database(), "users"));
}

TEST_CASE("downgrade base reverts every revision", "[cli][commands]") {
  Project project;
  AddChain(project);
  RunOk(project, {"upgrade", "head"});
  const ProcessResult result = RunOk(project, {"downgrade", "base"});
  CHECK_THAT(result.out, Contains("Downgraded to base: 3 revisions in "));
  CHECK(VersionRows(project.database()).empty());
  CHECK_FALSE(HasTable(project.database(), "users"));
  CHECK_FALSE(HasTable(project.database(), "orders"));
  CHECK(HistoryRows(project.database()).back() == std::string(kUsers) + " downgrade");
}

TEST_CASE("upgrade --single-transaction rolls the whole run back when the last revision fails",
          "[cli][commands]") {
  Project project;
  AddChain(project);
  project.AddYamlRevision(
      "4444dddd0004", kEmail,
      "  - create_table: {name: invoices, columns: [{name: id, type: integer}]}\n"
      "  - execute: INSERT INTO missing_table (id) VALUES (1)\n");
  RunOk(project, {"upgrade", kUsers});
  const Rows history_before = HistoryRows(project.database());

  const ProcessResult all_or_nothing = Retort(project, {"upgrade", "head", "--single-transaction"});
  INFO("stderr: " << all_or_nothing.err);
  CHECK(all_or_nothing.exit_code == 1);
  CHECK_THAT(all_or_nothing.err, Contains("revision 4444dddd0004"));
  CHECK_THAT(all_or_nothing.err, Contains("the database is at " + std::string(kUsers)));
  CHECK(VersionRows(project.database()) == Rows{kUsers});
  CHECK(HistoryRows(project.database()) == history_before);
  CHECK_FALSE(HasTable(project.database(), "orders"));
  CHECK_FALSE(HasTable(project.database(), "invoices"));

  // Without it, every revision before the failing one stays applied.
  const ProcessResult per_revision = Retort(project, {"upgrade", "head"});
  CHECK(per_revision.exit_code == 1);
  CHECK(VersionRows(project.database()) == Rows{kEmail});
  CHECK(HasTable(project.database(), "orders"));
  CHECK_FALSE(HasTable(project.database(), "invoices"));
}

TEST_CASE("upgrade -v prints each SQL statement, -q prints nothing", "[cli][commands]") {
  Project project;
  AddChain(project);
  const ProcessResult verbose = RunOk(project, {"upgrade", kUsers, "-v"});
  CHECK_THAT(verbose.out, Contains("CREATE TABLE users"));
  const ProcessResult quiet = RunOk(project, {"-q", "upgrade", "head"});
  CHECK(quiet.out.empty());
  CHECK(VersionRows(project.database()) == Rows{kEmail});
}

// --- current, history, heads, branches, show -----------------------------

TEST_CASE("current shows the database's revision, and -v shows it in full", "[cli][commands]") {
  Project project;
  AddChain(project);
  CHECK(RunOk(project, {"current"}).out == "(base: no revision applied)\n");
  RunOk(project, {"upgrade", kOrders});
  CHECK(RunOk(project, {"current"}).out == std::string(kOrders) + "\n");
  RunOk(project, {"upgrade", "head"});
  CHECK(RunOk(project, {"current"}).out == std::string(kEmail) + " (head)\n");

  const std::string verbose = RunOk(project, {"current", "-v"}).out;
  CHECK_THAT(verbose, StartsWith("Rev: " + std::string(kEmail) + " (head)\n"));
  CHECK_THAT(verbose, Contains("Parent: " + std::string(kOrders) + "\n"));
  CHECK_THAT(verbose, Contains("Path: migrations/versions/" + std::string(kEmail) + "_rev.yaml\n"));
  CHECK_THAT(verbose, Contains("    revision " + std::string(kEmail) + "\n"));
}

TEST_CASE("history lists revisions newest first as '<parents> -> id, message'", "[cli][commands]") {
  Project project;
  AddChain(project);
  const std::string users_line = "<base> -> " + std::string(kUsers) + ", revision " + kUsers;
  const std::string orders_line = std::string(kUsers) + " -> " + kOrders + ", revision " + kOrders;
  const std::string email_line =
      std::string(kOrders) + " -> " + kEmail + " (head), revision " + kEmail;
  CHECK(Lines(RunOk(project, {"history"}).out) == Rows{email_line, orders_line, users_line});

  SECTION("-r START:END keeps the revisions between, both included") {
    CHECK(Lines(RunOk(project, {"history", "-r", std::string(kUsers) + ":" + kOrders}).out) ==
          Rows{orders_line, users_line});
    CHECK(Lines(RunOk(project, {"history", "-r", std::string(kOrders) + ":"}).out) ==
          Rows{email_line, orders_line});
    CHECK(Lines(RunOk(project, {"history", "--rev-range", ":1111"}).out) == Rows{users_line});
  }
  SECTION("-i marks the database's current revision") {
    RunOk(project, {"upgrade", kOrders});
    CHECK(Lines(RunOk(project, {"history", "-i"}).out) ==
          Rows{email_line,
               std::string(kUsers) + " -> " + kOrders + " (current), revision " + kOrders,
               users_line});
    CHECK(Lines(RunOk(project, {"history", "-r", "current:"}).out) ==
          Rows{email_line, orders_line});
  }
}

TEST_CASE("heads and branches show where the graph forks", "[cli][commands]") {
  Project project;
  AddChain(project);
  project.AddYamlRevision("4444dddd0004", kUsers, "  []\n");
  const std::vector<std::string> heads = Lines(RunOk(project, {"heads"}).out);
  CHECK(heads.size() == 2);
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains(std::string(kEmail) + " (head)\n"));
  CHECK_THAT(RunOk(project, {"heads"}).out, Contains("4444dddd0004 (head)\n"));

  const std::string branches = RunOk(project, {"branches"}).out;
  CHECK_THAT(branches, StartsWith(std::string(kUsers) + " (branchpoint)\n"));
  CHECK_THAT(branches, Contains("    -> " + std::string(kOrders) + "\n"));
  CHECK_THAT(branches, Contains("    -> 4444dddd0004 (head)\n"));
  CHECK_THAT(RunOk(project, {"branches", "-v"}).out,
             Contains("    -> 4444dddd0004 (head), revision 4444dddd0004\n"));

  const std::string verbose_heads = RunOk(project, {"heads", "-v"}).out;
  CHECK_THAT(verbose_heads, Contains("Rev: 4444dddd0004 (head)\n"));
  CHECK_THAT(verbose_heads, Contains("Parent: " + std::string(kUsers) + "\n"));
}

TEST_CASE("show prints a revision's header and its operations both ways", "[cli][commands]") {
  Project project;
  AddChain(project);
  const std::string out = RunOk(project, {"show", "1111"}).out;
  CHECK_THAT(out, StartsWith("Rev: " + std::string(kUsers) + "\nParent: <base>\n"));
  CHECK_THAT(out, Contains("Path: migrations/versions/" + std::string(kUsers) + "_rev.yaml\n"));
  CHECK_THAT(out, Matches("[\\s\\S]*\nChecksum: sha256:[0-9a-f]{64}\n[\\s\\S]*"));
  CHECK_THAT(out, Contains("    revision " + std::string(kUsers) + "\n"));
  CHECK_THAT(out, Contains("Upgrade:\n  create_table users\n"));
  CHECK_THAT(out, Contains("Downgrade (reversed upgrade):\n  drop_table users\n"));

  CHECK_THAT(RunOk(project, {"show", kEmail}).out,
             Contains("Parent: " + std::string(kOrders) + "\n"));
}

// --- stamp ---------------------------------------------------------------

TEST_CASE("stamp sets the version table without running revisions", "[cli][commands]") {
  Project project;
  AddChain(project);
  // The database lacks the revisions' tables, which stamp checks: --force.
  const ProcessResult result = RunOk(project, {"stamp", kOrders, "--force"});
  CHECK(result.out == "Stamped: " + std::string(kOrders) + "\n");
  CHECK(VersionRows(project.database()) == Rows{kOrders});
  CHECK(HistoryRows(project.database()) == Rows{std::string(kOrders) + " stamp"});
  CHECK_FALSE(HasTable(project.database(), "users"));
  CHECK_FALSE(HasTable(project.database(), "orders"));

  RunOk(project, {"stamp", "base"});
  CHECK(VersionRows(project.database()).empty());
  CHECK(HistoryRows(project.database()).back() == std::string(kOrders) + " unstamp");
}

TEST_CASE("stamp --purge replaces revisions the script directory does not know",
          "[cli][commands]") {
  Project project;
  AddChain(project);
  RunOk(project, {"upgrade", kUsers});
  Exec(project.database(), "INSERT INTO retort_version (version_num) VALUES ('deadbeef0000')");

  const ProcessResult current = Retort(project, {"current"});
  CHECK(current.exit_code == 1);
  CHECK_THAT(current.err, Contains("'deadbeef0000'"));
  CHECK_THAT(current.err, Contains("stamp --purge"));
  const ProcessResult without_purge = Retort(project, {"stamp", kOrders});
  CHECK(without_purge.exit_code == 1);
  CHECK_THAT(without_purge.err, Contains("'deadbeef0000'"));

  RunOk(project, {"stamp", "--purge", kOrders, "--force"});  // orders is not there
  CHECK(VersionRows(project.database()) == Rows{kOrders});
  CHECK(RunOk(project, {"current"}).out == std::string(kOrders) + "\n");
  RunOk(project, {"upgrade", "head"});
  CHECK(VersionRows(project.database()) == Rows{kEmail});
}

// --- Where the configuration comes from ----------------------------------

TEST_CASE("the --url option overrides the url of retort.ini", "[cli][commands]") {
  Project project;
  AddChain(project);
  RunOk(project, {"--url", "sqlite:///other.db", "upgrade", "head"});
  CHECK(VersionRows(project.root() / "other.db") == Rows{kEmail});
  CHECK_FALSE(std::filesystem::exists(project.database()));

  // Global options may also follow the command.
  RunOk(project, {"upgrade", "+1", "--url", "sqlite:///after.db"});
  CHECK(VersionRows(project.root() / "after.db") == Rows{kUsers});
  CHECK_FALSE(std::filesystem::exists(project.database()));
}

TEST_CASE("RETORT_URL overrides retort.ini, and --url overrides RETORT_URL", "[cli][commands]") {
  Project project;
  AddChain(project);
  const std::filesystem::path from_environment = project.root() / "environment.db";
  const std::map<std::string, std::string> environment = {
      {"RETORT_URL", "sqlite:///" + from_environment.string()}};
  RunOk(project, {"upgrade", "head"}, environment);
  CHECK(VersionRows(from_environment) == Rows{kEmail});
  CHECK_FALSE(std::filesystem::exists(project.database()));
  CHECK(RunOk(project, {"current"}, environment).out == std::string(kEmail) + " (head)\n");

  const std::string digest = FileDigest(from_environment);
  RunOk(project, {"--url", "sqlite:///flag.db", "upgrade", "+1"}, environment);
  CHECK(VersionRows(project.root() / "flag.db") == Rows{kUsers});
  CHECK(FileDigest(from_environment) == digest);
  CHECK_FALSE(std::filesystem::exists(project.database()));
}

TEST_CASE("the -c option reads another configuration file, relative to its own folder",
          "[cli][commands]") {
  Project project;
  AddChain(project);
  WriteFile(project.root() / "conf" / "staging.ini",
            "[retort]\nscript_location = ../migrations\nurl = sqlite:///${here}/staging.db\n");
  RunOk(project, {"-c", "conf/staging.ini", "upgrade", "head"});
  CHECK(VersionRows(project.root() / "conf" / "staging.db") == Rows{kEmail});
  CHECK_FALSE(std::filesystem::exists(project.database()));
  CHECK(RunOk(project, {"--config", "conf/staging.ini", "current"}).out ==
        std::string(kEmail) + " (head)\n");
  CHECK(RunOk(project, {"current"}).out == "(base: no revision applied)\n");
}

// --- The sample ----------------------------------------------------------

TEST_CASE("the sample migrations upgrade a new database to head", "[cli][commands][sample]") {
  TempDir work;
  const std::filesystem::path ini = CopyStockMigrations(work);
  const std::filesystem::path database = work / "thunderbird.db";
  const std::map<std::string, std::string> environment = {
      {"RETORT_URL", ""}, {"THUNDERBIRD_DB_PATH", database.string()}};

  const ProcessResult upgrade =
      RunRetort({"-c", ini.string(), "upgrade", "head"}, work.path(), environment);
  INFO("stderr: " << upgrade.err);
  REQUIRE(upgrade.exit_code == 0);
  CHECK_THAT(upgrade.out,
             Contains("Running upgrade base -> " + std::string(kSampleBase) + ", initial schema"));
  CHECK_THAT(upgrade.out, Contains("Running upgrade " + std::string(kSampleBase) + " -> " +
                                   kSampleHead + ", add accounts"));
  CHECK(VersionRows(database) == Rows{kSampleHead});
  for (const char* table : {"users", "safecheck_contacts", "message_log", "accounts"}) {
    CHECK(HasTable(database, table));
  }
  const ProcessResult current =
      RunRetort({"-c", ini.string(), "current"}, work.path(), environment);
  CHECK(current.exit_code == 0);
  CHECK(current.out == std::string(kSampleHead) + " (head)\n");
}

TEST_CASE("a database made by hand is adopted with stamp, then upgraded to head",
          "[cli][commands][sample]") {
  TempDir work;
  const std::filesystem::path ini = CopyStockMigrations(work);
  const std::filesystem::path database = work / "thunderbird.db";
  const std::map<std::string, std::string> environment = {
      {"RETORT_URL", ""}, {"THUNDERBIRD_DB_PATH", database.string()}};

  // The tables of the initial schema as an older deployment made them,
  // without retort, with data in them.
  Exec(database,
       "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, phone VARCHAR(20) NOT NULL "
       "UNIQUE, name VARCHAR(100), timezone VARCHAR(64) NOT NULL DEFAULT 'UTC', "
       "checkin_interval_minutes INTEGER NOT NULL DEFAULT 60, is_active BOOLEAN NOT NULL "
       "DEFAULT TRUE, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);"
       "CREATE TABLE safecheck_contacts (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER "
       "NOT NULL REFERENCES users (id) ON DELETE CASCADE, contact_name VARCHAR(100) NOT NULL, "
       "contact_phone VARCHAR(20) NOT NULL, relationship VARCHAR(50), created_at DATETIME NOT "
       "NULL DEFAULT CURRENT_TIMESTAMP, UNIQUE (user_id, contact_phone));"
       "CREATE TABLE message_log (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER "
       "REFERENCES users (id) ON DELETE SET NULL, direction VARCHAR(8) NOT NULL, body TEXT NOT "
       "NULL, provider_sid VARCHAR(64), status VARCHAR(16) NOT NULL DEFAULT 'sent', created_at "
       "DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);"
       "CREATE INDEX ix_safecheck_contacts_user_id ON safecheck_contacts (user_id);"
       "CREATE INDEX ix_message_log_user_created ON message_log (user_id, created_at);"
       "INSERT INTO users (phone, name) VALUES ('+15550100', 'Ada');");

  // The hand-made tables lack the revision's checks and partial index:
  // stamp says so, and stamps only when told to.
  const ProcessResult refused =
      RunRetort({"-c", ini.string(), "stamp", kSampleBase}, work.path(), environment);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Contains("- table users, check ck_users_checkin_interval") &&
                              Contains("- index ux_message_log_provider_sid"));
  const ProcessResult stamp = RunRetort({"-c", ini.string(), "stamp", kSampleBase, "--force"},
                                        work.path(), environment);
  INFO("stamp stderr: " << stamp.err);
  REQUIRE(stamp.exit_code == 0);
  CHECK(stamp.out == "Stamped: " + std::string(kSampleBase) + "\n");
  CHECK(VersionRows(database) == Rows{kSampleBase});

  const ProcessResult upgrade =
      RunRetort({"-c", ini.string(), "upgrade", "head"}, work.path(), environment);
  INFO("upgrade stderr: " << upgrade.err);
  REQUIRE(upgrade.exit_code == 0);
  CHECK_THAT(upgrade.out, !Contains("initial schema"));
  CHECK(VersionRows(database) == Rows{kSampleHead});
  CHECK(HistoryRows(database) ==
        Rows{std::string(kSampleBase) + " stamp", std::string(kSampleHead) + " upgrade"});
  // The backfill gave the existing user a personal account.
  CHECK(Query(database,
              "SELECT accounts.name, accounts.plan FROM users "
              "JOIN accounts ON accounts.id = users.account_id") ==
        std::vector<std::vector<std::string>>{{"personal:+15550100", "free"}});
}

}  // namespace
}  // namespace retort::testing
