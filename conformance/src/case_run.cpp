#include "case_run.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "case_scripts.h"
#include "retort/commands.h"
#include "retort/error.h"

namespace retort::conformance {
namespace {

// Ends a case: what did not hold, with details on the following lines.
struct CaseFailure {
  std::string message;
};

std::string RowsText(const TextRows& rows) {
  if (rows.empty()) return "    (no rows)\n";
  std::string text;
  for (const std::vector<std::string>& row : rows) {
    text += "    (";
    for (std::size_t i = 0; i < row.size(); ++i) text += (i ? ", " : "") + row[i];
    text += ")\n";
  }
  return text;
}

// `actual` with the definitions of the views and triggers that `expected`
// leaves open (empty: each dialect spells them its own way) cleared, so that
// only their presence is compared.
Schema WithOpenDefinitions(const Schema& expected, Schema actual) {
  for (const View& open : expected.views) {
    if (!open.definition.empty()) continue;
    for (View& view : actual.views) {
      if (view.name == open.name) view.definition.clear();
    }
  }
  for (const Trigger& open : expected.triggers) {
    if (!open.definition.empty()) continue;
    for (Trigger& trigger : actual.triggers) {
      if (trigger.name == open.name && trigger.table == open.table) trigger.definition.clear();
    }
  }
  return actual;
}

std::string IdList(const std::vector<std::string>& ids) {
  if (ids.empty()) return "none";
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text;
}

// What of the case's needs the dialect lacks, in words; empty when nothing.
std::string Lacking(const Dialect& dialect, const CatalogueCase& entry) {
  const DialectTraits traits = dialect.traits();
  std::string lacking;
  for (const Feature feature : entry.needs) {
    if (traits.Lacks(feature)) {
      lacking += (lacking.empty() ? "" : ", ") + std::string(FeatureName(feature));
    }
  }
  return lacking;
}

class CaseRun {
 public:
  CaseRun(const CaseDatabase& database, const CatalogueCase& entry, bool keeps_comments)
      : database_(database),
        entry_(entry),
        keeps_comments_(keeps_comments),
        scripts_(entry, database.dialect().name()),
        ids_(scripts_.ids()) {
    config_.script_location = scripts_.location();
    config_.url = database.url();
    config_.url_origin = "the conformance suite";
  }

  void RoundTrip(CaseResult& result) {
    const std::size_t history_start = AppliedHistory(config_).size();
    Schema before_last;
    if (ids_.size() > 1) {
      Up(ids_[ids_.size() - 2]);
      before_last = Live();
    }
    Up("head");
    const Schema at_head = Live();
    result.schema_at_head = at_head;
    Same(Expected(), at_head, "after upgrade to head, the schema is not the expected one");
    Versions({ids_.back()}, "after upgrade to head");
    History(history_start, ids_, "upgrade");

    if (ids_.size() > 1) {
      Down("-1");
      Same(before_last, Live(), "downgrading the last revision did not give back the schema "
                                "before it");
      Up("head");
      Same(at_head, Live(), "upgrading the last revision again gave another schema");
    }

    TextRows from_revisions, after_statements;
    if (entry_.rows) {
      stage_ = "writing and reading rows";
      from_revisions = database_.Query(entry_.rows->query);
      database_.Run(entry_.rows->statements);
      after_statements = database_.Query(entry_.rows->query);
      SameRows(entry_.rows->expected, after_statements, "the rows are not the expected ones");
      database_.Run(entry_.rows->cleanup);
    }

    const std::size_t downgrade_start = AppliedHistory(config_).size();
    Down("base");
    Same(Empty(), Live(), "after downgrade to base, the database is not empty");
    Versions({}, "after downgrade to base");
    History(downgrade_start, std::vector<std::string>(ids_.rbegin(), ids_.rend()), "downgrade");

    Up("head");
    Same(at_head, Live(), "upgrading to head a second time gave another schema");
    if (entry_.rows) {
      stage_ = "writing and reading rows again";
      SameRows(from_revisions, database_.Query(entry_.rows->query),
               "upgrading a second time, the revisions wrote other rows");
      database_.Run(entry_.rows->statements);
      SameRows(after_statements, database_.Query(entry_.rows->query),
               "upgrading a second time, the same statements left other rows");
      database_.Run(entry_.rows->cleanup);
    }
    Down("base");
    Same(Empty(), Live(), "after the second downgrade to base, the database is not empty");
  }

  void Failing(CaseResult& result) {
    const std::size_t history_start = AppliedHistory(config_).size();
    const std::vector<std::string> good(ids_.begin(), ids_.end() - 1);
    try {
      Up("head");
      throw CaseFailure{"the last revision should fail, and did not"};
    } catch (const DatabaseError& error) {
      if (error.code().empty()) {
        throw CaseFailure{std::string("the error carries no dialect code: ") + error.what()};
      }
    } catch (const Error& error) {
      throw CaseFailure{std::string("the failure is not a DatabaseError: ") + error.what()};
    }
    const Schema left = Live();
    result.schema_at_head = left;
    const std::vector<std::string> before =
        good.empty() ? std::vector<std::string>{} : std::vector<std::string>{good.back()};
    Versions(before, "after the failed upgrade");
    History(history_start, good, "upgrade");
    if (entry_.rows) {
      SameRows(entry_.rows->expected, database_.Query(entry_.rows->query),
               "the failed revision left rows changed");
    }
    if (database_.dialect().traits().transactional_ddl) {
      Same(Expected(), left, "the failed revision left the schema changed");
    } else {
      Same(Expected(entry_.left_when_ddl_commits.value_or(entry_.expected)), left,
           "the failed revision (its DDL committed as it ran) left another schema than its "
           "operations before the failure made");
      MarkedIncomplete();
      stage_ = "undoing what the failed revision did, and stamping the revision before it";
      database_.Run(entry_.undo_when_ddl_commits);
      Stamp(config_, before.empty() ? std::vector<std::string>{"base"} : before, false);
      Versions(before, "after the stamp");
      result.schema_at_head = Live();
    }
    if (!good.empty()) Down("base");
    Same(Empty(), Live(), "after downgrade to base, the database is not empty");
  }

  // The dialect lacks `lacking`, which the case needs: upgrading revision by
  // revision, one must be refused before it runs (the OperationError of the
  // check before anything runs) with the schema and the version rows as the
  // revisions before it left them, and no incomplete mark.
  void Refused(CaseResult& result, const std::string& lacking) {
    std::vector<std::string> applied;
    for (const std::string& id : ids_) {
      const Schema before = Live();
      try {
        Up(id);
      } catch (const OperationError& error) {
        if (std::string(error.what()).find("nothing was run") == std::string::npos) {
          throw CaseFailure{"the dialect lacks " + lacking + ", so revision " + id +
                            " should have been refused before it ran; it failed while it ran: " +
                            error.what()};
        }
        Same(before, Live(), "refusing revision " + id + " left the schema changed");
        Versions(
            applied.empty() ? std::vector<std::string>{} : std::vector<std::string>{applied.back()},
            "after revision " + id + " was refused");
        stage_ = "reading the current revision after the refusal";
        Current(config_);  // throws while a mark says a revision is incomplete
        if (!applied.empty()) Down("base");
        Same(Empty(), Live(), "after downgrade to base, the database is not empty");
        result.lacking = lacking;
        return;
      } catch (const Error& error) {
        throw CaseFailure{"the dialect lacks " + lacking + ", so revision " + id +
                          " should have been refused before it ran (OperationError); it "
                          "failed with: " +
                          error.what()};
      }
      applied.push_back(id);
    }
    throw CaseFailure{"the dialect says it lacks " + lacking +
                      ", which the case needs, yet every revision ran"};
  }

  // What the case was doing, for an error that ends it.
  const std::string& stage() const { return stage_; }

 private:
  void Up(const std::string& target) {
    stage_ = "upgrading to " + target;
    Upgrade(config_, target, quiet_);
  }

  void Down(const std::string& target) {
    stage_ = "downgrading to " + target;
    Downgrade(config_, target, quiet_);
  }

  Schema Live() const { return database_.Reflect(); }

  // Until a stamp, upgrading refuses, naming the failed revision.
  void MarkedIncomplete() {
    const std::string& failed = ids_.back();
    try {
      Up("head");
    } catch (const RevisionError& error) {
      if (std::string(error.what()).find(failed + " is incomplete") != std::string::npos) return;
      throw CaseFailure{"upgrading after the failure refused, but not for the incomplete " +
                        failed + ": " + error.what()};
    } catch (const Error& error) {
      throw CaseFailure{"upgrading after the failure should refuse (RevisionError, " + failed +
                        " is incomplete); it failed with: " + error.what()};
    }
    throw CaseFailure{"upgrading after the failure ran again; " + failed +
                      " should be marked incomplete until a stamp"};
  }

  Schema Expected() const { return Expected(entry_.expected); }

  Schema Expected(const Schema& written) const {
    Schema expected = NormalizeForComparison(written, database_.dialect());
    return keeps_comments_ ? expected : WithoutComments(std::move(expected));
  }

  static Schema Empty() { return Schema{}; }

  static void Same(const Schema& expected, const Schema& actual, const std::string& what) {
    const std::string diff = DiffSchemas(expected, WithOpenDefinitions(expected, actual));
    if (!diff.empty()) throw CaseFailure{what + " (- expected, + actual):\n" + diff};
  }

  static void SameRows(const TextRows& expected, const TextRows& actual, const std::string& what) {
    if (expected != actual) {
      throw CaseFailure{what + ":\n  expected:\n" + RowsText(expected) + "  actual:\n" +
                        RowsText(actual)};
    }
  }

  void Versions(const std::vector<std::string>& expected, const std::string& when) const {
    std::vector<std::string> sorted = expected;
    std::sort(sorted.begin(), sorted.end());
    const std::vector<std::string> actual = database_.VersionRows();
    if (actual != sorted) {
      throw CaseFailure{when + ", the version rows are " + IdList(actual) + ", not " +
                        IdList(sorted)};
    }
  }

  // The history rows from `start` on are one `direction` row per id, in
  // order, each with the checksum of its file.
  void History(std::size_t start, const std::vector<std::string>& ids,
               const std::string& direction) const {
    std::vector<HistoryRow> rows = AppliedHistory(config_);
    // By id here: on PostgreSQL AppliedHistory comes back ordered by the id's
    // text (1, 10, 100, 2...), since its ORDER BY id binds to the output
    // column CAST(id AS VARCHAR(20)), which PostgreSQL also names id.
    std::sort(rows.begin(), rows.end(),
              [](const HistoryRow& a, const HistoryRow& b) { return a.id < b.id; });
    std::vector<std::string> got;
    for (std::size_t i = start; i < rows.size(); ++i) {
      got.push_back(rows[i].direction + " " + rows[i].revision);
    }
    std::vector<std::string> wanted;
    for (const std::string& id : ids) wanted.push_back(direction + " " + id);
    if (got != wanted) {
      throw CaseFailure{"the history gained " + IdList(got) + " instead of " + IdList(wanted)};
    }
    for (std::size_t i = start; i < rows.size(); ++i) {
      const std::string checksum = Show(config_, rows[i].revision).checksum;
      if (rows[i].checksum != checksum) {
        throw CaseFailure{"history row " + std::to_string(rows[i].id) + " has checksum '" +
                          rows[i].checksum + "', the file's is '" + checksum + "'"};
      }
    }
  }

  const CaseDatabase& database_;
  const CatalogueCase& entry_;
  const bool keeps_comments_;
  CaseScripts scripts_;
  const std::vector<std::string>& ids_;
  Config config_;
  MigrationListener quiet_;
  std::string stage_ = "writing the revisions";
};

}  // namespace

CaseResult RunCase(const CaseDatabase& database, const CatalogueCase& entry, bool keeps_comments) {
  CaseResult result;
  result.name = entry.name;
  std::optional<CaseRun> run;
  try {
    run.emplace(database, entry, keeps_comments);
    if (const std::string lacking = Lacking(database.dialect(), entry); !lacking.empty()) {
      run->Refused(result, lacking);
    } else if (entry.fails) {
      run->Failing(result);
    } else {
      run->RoundTrip(result);
    }
    result.passed = true;
  } catch (const CaseFailure& failure) {
    result.failure = failure.message;
  } catch (const std::exception& error) {
    result.failure =
        (run ? run->stage() : std::string("writing the revisions")) + ": " + error.what();
  }
  while (!result.failure.empty() && result.failure.back() == '\n') result.failure.pop_back();
  if (!result.passed && result.failure.empty()) result.failure = "failed without a message";
  return result;
}

}  // namespace retort::conformance
