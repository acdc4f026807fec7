// notes: keeps short notes in an SQLite file, and migrates that file to the
// newest revision of its schema every time it starts.
//
//   notes DATABASE_FILE add TITLE [BODY]
//   notes DATABASE_FILE list
//
// NOTES_MIGRATIONS names the migrations folder (default: the one the
// program was built with). Several notes processes may start at once on
// one file: the first migrates, the others wait for it and find the work
// done.
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "retort/builtin_dialects.h"
#include "retort/config.h"
#include "retort/error.h"
#include "retort/startup.h"
#include "slug.h"

namespace {

// Prints what the migration tells, prefixed so that it reads as a log.
class StartupLog : public retort::MigrationListener {
 public:
  void OnStepBegin(const retort::MigrationStep& step) override {
    std::cout << "migrate: applying " << step.revision.id << " (" << step.revision.message
              << ")\n";
  }
  void OnNotice(std::string_view message) override { std::cout << "migrate: " << message << "\n"; }
};

std::string Joined(const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : " ") + id;
  return text.empty() ? "base" : text;
}

// Brings the database to the newest revision, or explains why it cannot.
retort::StartupReport Migrate(const std::string& database) {
  const char* folder = std::getenv("NOTES_MIGRATIONS");
  const std::filesystem::path migrations = folder ? folder : NOTES_MIGRATIONS_DIR;
  retort::RegisterBuiltinDialects();
  retort::ConfigOverrides overrides;
  overrides.url = "sqlite:///" + std::filesystem::absolute(database).string();
  // The C++ revisions compiled into this program come with the config.
  const retort::Config config = retort::LoadConfig(migrations / "retort.ini", overrides);
  StartupLog log;
  const retort::StartupReport report = retort::MigrateOnStartup(config, {}, &log);
  if (report.changed()) {
    std::cout << "migrate: " << report.applied.size() << " revision(s) applied, from "
              << Joined(report.heads_before) << " to " << Joined(report.heads_after) << "\n";
  } else {
    std::cout << "migrate: up to date at " << Joined(report.heads_after) << "\n";
  }
  return report;
}

using Database = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

Database Open(const std::string& path) {
  sqlite3* handle = nullptr;
  const int status = sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr);
  Database database(handle, &sqlite3_close);
  if (status != SQLITE_OK) throw std::runtime_error(sqlite3_errstr(status));
  // Other instances write too: wait for their transactions rather than fail
  // with "database is locked".
  sqlite3_busy_timeout(handle, 10000);
  return database;
}

void Add(sqlite3* database, const std::string& title, const std::string& body) {
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(database, "INSERT INTO notes (title, body, slug) VALUES (?, ?, ?)", -1,
                     &statement, nullptr);
  sqlite3_bind_text(statement, 1, title.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 2, body.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(statement, 3, notes::Slug(title).c_str(), -1, SQLITE_TRANSIENT);
  const int status = sqlite3_step(statement);
  sqlite3_finalize(statement);
  if (status != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(database));
}

void List(sqlite3* database) {
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(database, "SELECT slug, title FROM notes ORDER BY id", -1, &statement,
                     nullptr);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    std::cout << reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)) << "  "
              << reinterpret_cast<const char*>(sqlite3_column_text(statement, 1)) << "\n";
  }
  sqlite3_finalize(statement);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc >= 3 ? argv[2] : "";
  if ((command != "add" || argc < 4 || argc > 5) && (command != "list" || argc != 3)) {
    std::cerr << "usage: notes DATABASE_FILE add TITLE [BODY]\n"
                 "       notes DATABASE_FILE list\n";
    return 2;
  }
  try {
    Migrate(argv[1]);
    const Database database = Open(argv[1]);
    if (command == "add") {
      Add(database.get(), argv[3], argc == 5 ? argv[4] : "");
    } else {
      List(database.get());
    }
    return 0;
  } catch (const retort::Error& error) {
    std::cerr << "notes: the database cannot be migrated: " << error.what() << "\n";
    return 1;
  } catch (const std::exception& error) {
    std::cerr << "notes: " << error.what() << "\n";
    return 1;
  }
}
