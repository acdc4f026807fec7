// MigrateOnStartup on SQLite files, as an application calls it when it
// starts: a fresh file, one already at head, one an older release made
// before it used retort (adopted, or refused), several instances at once,
// and a migration lock someone else keeps too long.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>

#include "code_revision_testing.h"
#include "retort/error.h"
#include "retort/startup.h"
#include "startup_testing.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

namespace {

using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;
using Rows = std::vector<Strings>;

constexpr const char* kBase = kSampleBase;
constexpr const char* kHead = kSampleHead;

Config FileConfig(const TempDir& temp) {
  return SampleConfig("sqlite:///" + (temp / "app.db").string());
}

void MakeLegacyDatabase(const std::filesystem::path& database) {
  Exec(database, LegacySampleSql("sqlite"));
}

// Collects what the listener hears, to show that the call passes it on.
class Notes : public MigrationListener {
 public:
  void OnStepBegin(const MigrationStep& step) override { steps.push_back(step.revision.id); }
  void OnNotice(std::string_view message) override { notices.emplace_back(message); }
  Strings steps;
  Strings notices;
};

// Holds the migration lock of the SQLite databases in `folder` the way
// another retort does: flock() on the folder.
class FolderLock {
 public:
  explicit FolderLock(const std::filesystem::path& folder)
      : descriptor_(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    REQUIRE(descriptor_ >= 0);
    REQUIRE(::flock(descriptor_, LOCK_EX | LOCK_NB) == 0);
  }
  ~FolderLock() { Release(); }
  void Release() {
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = -1;
  }

 private:
  int descriptor_;
};

}  // namespace

TEST_CASE("MigrateOnStartup brings a fresh file to head and says what it did",
          "[sqlite][startup]") {
  TempDir temp;
  const Config config = FileConfig(temp);
  Notes notes;
  const StartupReport report = MigrateOnStartup(config, {}, &notes);
  CHECK(report.heads_before.empty());
  CHECK(StepIds(report.applied) == Strings{kBase, kHead});
  CHECK(notes.steps == Strings{kBase, kHead});
  CHECK(report.heads_after == Strings{kHead});
  CHECK_FALSE(report.adopted());
  CHECK_FALSE(report.waited_for_lock);
  CHECK(report.lock_wait == std::chrono::milliseconds(0));
  CHECK(report.changed());
  CHECK(Query(temp / "app.db", "SELECT version_num FROM retort_version") == Rows{{kHead}});
  CHECK(Query(temp / "app.db", "SELECT count(*) FROM sqlite_master WHERE name = 'accounts'") ==
        Rows{{"1"}});
}

TEST_CASE("MigrateOnStartup on a file already at head runs nothing and changes nothing",
          "[sqlite][startup]") {
  TempDir temp;
  const Config config = FileConfig(temp);
  MigrateOnStartup(config);
  const std::string before = FileDigest(temp / "app.db");
  const StartupReport report = MigrateOnStartup(config);
  CHECK(report.heads_before == Strings{kHead});
  CHECK(report.heads_after == Strings{kHead});
  CHECK(report.applied.empty());
  CHECK_FALSE(report.changed());
  CHECK(FileDigest(temp / "app.db") == before);
}

TEST_CASE("MigrateOnStartup stops at the target it is given", "[sqlite][startup]") {
  TempDir temp;
  StartupOptions options;
  options.target = kBase;
  const StartupReport report = MigrateOnStartup(FileConfig(temp), options);
  CHECK(StepIds(report.applied) == Strings{kBase});
  CHECK(report.heads_after == Strings{kBase});
}

TEST_CASE("MigrateOnStartup adopts a legacy file when asked, then upgrades it",
          "[sqlite][startup]") {
  TempDir temp;
  MakeLegacyDatabase(temp / "app.db");
  StartupOptions options;
  options.adopt_unversioned = true;
  Notes notes;
  const StartupReport report = MigrateOnStartup(FileConfig(temp), options, &notes);
  CHECK(report.heads_before.empty());
  CHECK(report.adopted_as == Strings{kBase});
  CHECK(StepIds(report.applied) == Strings{kHead});
  CHECK(report.heads_after == Strings{kHead});
  REQUIRE(notes.notices.size() == 1);
  CHECK_THAT(notes.notices.front(), Catch::Contains("adopted the database as revision " +
                                                    std::string(kBase)));
  CHECK(Query(temp / "app.db", "SELECT revision, direction FROM retort_history ORDER BY id") ==
        Rows{{kBase, "adopt"}, {kHead, "upgrade"}});

  SECTION("the configuration's adopt_unversioned asks for it too") {
    TempDir other;
    MakeLegacyDatabase(other / "app.db");
    Config config = FileConfig(other);
    config.adopt_unversioned = true;
    CHECK(MigrateOnStartup(config).adopted_as == Strings{kBase});
  }
}

TEST_CASE("MigrateOnStartup refuses a legacy file without adoption and leaves it alone",
          "[sqlite][startup]") {
  TempDir temp;
  MakeLegacyDatabase(temp / "app.db");
  const std::string before = FileDigest(temp / "app.db");
  Config config = FileConfig(temp);
  config.adopt_unversioned = true;
  StartupOptions options;
  options.adopt_unversioned = false;  // the option wins over the configuration
  CHECK_THROWS_AS(MigrateOnStartup(config, options), RevisionError);
  CHECK_THROWS_WITH(MigrateOnStartup(config, options),
                    Catch::Contains("no version table") &&
                        Catch::Contains("matches revision " + std::string(kBase)) &&
                        Catch::Contains("adopt"));
  CHECK(FileDigest(temp / "app.db") == before);
}

TEST_CASE("MigrateOnStartup without a URL is a ConfigError that says where to set one",
          "[sqlite][startup]") {
  TempDir temp;
  Config config = FileConfig(temp);
  config.url.clear();
  CHECK_THROWS_AS(MigrateOnStartup(config), ConfigError);
  CHECK_THROWS_WITH(MigrateOnStartup(config), Catch::Contains("no database URL"));
}

TEST_CASE("instances starting at once apply each revision once and report alike",
          "[sqlite][startup][concurrency]") {
  Project project;
  const Strings ids = AddTableChain(project, 12);
  CheckInstancesAgree(StartInstances(project.config(), 6), ids);
  CHECK(Query(project.database(),
              "SELECT count(*), count(DISTINCT revision) FROM retort_history "
              "WHERE direction = 'upgrade'") == Rows{{"12", "12"}});
}

TEST_CASE("MigrateOnStartup gives up within its wait while another holds the lock",
          "[sqlite][startup][concurrency]") {
  TempDir temp;
  const Config config = FileConfig(temp);
  FolderLock other(temp.path());
  StartupOptions options;
  options.lock_wait = std::chrono::milliseconds(400);
  const Clock::time_point start = Clock::now();
  try {
    MigrateOnStartup(config, options);
    FAIL("MigrateOnStartup ran while another held the migration lock");
  } catch (const MigrationLockTimeoutError& error) {
    const auto took = Clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(400));
    CHECK(took < std::chrono::milliseconds(3000));
    CHECK(error.waited() >= std::chrono::milliseconds(400));
    CHECK_THAT(error.what(), Catch::Contains("400 ms") &&
                                 Catch::Contains("StartupOptions::lock_wait") &&
                                 Catch::Contains("nothing was changed"));
  }
  // Connecting may create an empty file; it holds nothing.
  if (std::filesystem::exists(temp / "app.db")) CHECK(SchemaObjects(temp / "app.db").empty());
}

TEST_CASE("MigrateOnStartup waits for a lock released within its wait, and says so",
          "[sqlite][startup][concurrency]") {
  TempDir temp;
  const Config config = FileConfig(temp);
  FolderLock other(temp.path());
  StartupOptions options;
  options.lock_wait = std::chrono::seconds(10);
  StartupReport report;
  {
    DelayedRelease release(std::chrono::milliseconds(300), [&] { other.Release(); });
    report = MigrateOnStartup(config, options);
  }
  CHECK(report.waited_for_lock);
  CHECK(report.lock_wait >= std::chrono::milliseconds(200));
  CHECK(report.elapsed >= report.lock_wait);
  CHECK(report.heads_after == Strings{kHead});
}

TEST_CASE("MigrateOnStartup stops at a revision left incomplete, until a person resolves it",
          "[sqlite][startup]") {
  Project project;
  project.AddYamlRevision("a1b2c3d4e5f6", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision("f6e5d4c3b2a1", "a1b2c3d4e5f6", R"yaml(
  - create_index: {name: ix_t_id, table: t, columns: [id]}
  - execute: INSERT INTO no_such_table VALUES (1)
)yaml",
                          "transaction: false\n");
  const Config config = project.config();
  CHECK_THROWS_AS(MigrateOnStartup(config), DatabaseError);
  const std::string after_failure = FileDigest(project.database());

  // Every later start-up refuses before running anything.
  CHECK_THROWS_AS(MigrateOnStartup(config), RevisionError);
  CHECK_THROWS_WITH(MigrateOnStartup(config), Catch::Contains("f6e5d4c3b2a1") &&
                                                  Catch::Contains("incomplete") &&
                                                  Catch::Contains("retort stamp"));
  CHECK(FileDigest(project.database()) == after_failure);
}

TEST_CASE("MigrateOnStartup runs the application's C++ revisions among its files",
          "[sqlite][startup][code_revision]") {
  Project project;
  Config config = project.config();
  config.code_revisions = AddMixedHistory(project);
  const StartupReport report = MigrateOnStartup(config);
  CHECK(StepIds(report.applied) ==
        Strings{kUsersRevision, kBackfillRevision, kAuditRevision, kEntryRevision});
  CHECK(report.heads_after == Strings{kEntryRevision});
  CHECK(Query(project.database(), "SELECT revision FROM retort_history ORDER BY id") ==
        Rows{{kUsersRevision}, {kBackfillRevision}, {kAuditRevision}, {kEntryRevision}});
}
