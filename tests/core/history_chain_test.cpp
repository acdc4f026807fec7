// The hash chain of the history table: what each row's hash covers, and what
// CheckHistoryChain reports for edited, deleted and unchained rows.
#include "history_chain.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace retort {
namespace {

using Catch::Contains;

HistoryRow Row(long long id, const std::string& revision, const std::string& direction) {
  HistoryRow row;
  row.id = id;
  row.revision = revision;
  row.direction = direction;
  row.checksum = direction == "upgrade" ? std::string(64, 'a') : "";
  row.started_at = "2024-01-02T03:04:05Z";
  row.finished_at = "2024-01-02T03:04:06Z";
  row.duration_ms = 1000;
  row.executed_by = "alice@host";
  return row;
}

// Chains `rows` as VersionTable::Record does.
std::vector<HistoryRow> Chained(std::vector<HistoryRow> rows) {
  std::string previous;
  for (HistoryRow& row : rows) {
    row.previous_hash = previous;
    row.row_hash = HistoryRowHash(row);
    previous = row.row_hash;
  }
  return rows;
}

std::vector<HistoryRow> ThreeSteps() {
  return Chained({Row(1, "aaaa", "upgrade"), Row(2, "bbbb", "upgrade"), Row(3, "cccc", "stamp")});
}

}  // namespace

TEST_CASE("a history row's hash covers its content and the previous row, not its times",
          "[history-chain]") {
  const HistoryRow row = Row(1, "aaaa", "upgrade");
  const std::string hash = HistoryRowHash(row);
  CHECK(hash.size() == 64);

  HistoryRow other = row;
  other.started_at = "2030-01-01T00:00:00Z";
  other.finished_at = "2030-01-01T00:00:01Z";
  other.duration_ms = 5;
  other.id = 99;
  other.row_hash = "ignored";
  CHECK(HistoryRowHash(other) == hash);

  for (std::string HistoryRow::*field :
       {&HistoryRow::previous_hash, &HistoryRow::revision, &HistoryRow::direction,
        &HistoryRow::checksum, &HistoryRow::executed_by, &HistoryRow::tag, &HistoryRow::note}) {
    HistoryRow changed = row;
    changed.*field += "x";
    CHECK(HistoryRowHash(changed) != hash);
  }
  // Length prefixes: moving a character from one field to the next changes it.
  HistoryRow left = row, right = row;
  left.revision = "aaaab";
  left.direction = "upgrade";
  right.revision = "aaaa";
  right.direction = "bupgrade";
  CHECK(HistoryRowHash(left) != HistoryRowHash(right));
}

TEST_CASE("an intact chain has no problems", "[history-chain]") {
  const ChainCheck check = CheckHistoryChain(ThreeSteps());
  CHECK(check.problems.empty());
  CHECK(check.unchained_rows == 0);
  CHECK(CheckHistoryChain({}).problems.empty());
}

TEST_CASE("an edited row breaks the chain at that row", "[history-chain]") {
  std::vector<HistoryRow> rows = ThreeSteps();
  rows[1].revision = "dddd";
  const ChainCheck check = CheckHistoryChain(rows);
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems[0].row_id == 2);
  CHECK(check.problems[0].revision == "dddd");
  CHECK_THAT(check.problems[0].what, Contains("does not match its content"));
}

TEST_CASE("a deleted row breaks the chain at the row after it", "[history-chain]") {
  std::vector<HistoryRow> rows = ThreeSteps();
  rows.erase(rows.begin() + 1);
  const ChainCheck check = CheckHistoryChain(rows);
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems[0].row_id == 3);
  CHECK_THAT(check.problems[0].what, Contains("of row 1 before it"));

  std::vector<HistoryRow> without_first = ThreeSteps();
  without_first.erase(without_first.begin());
  const ChainCheck first = CheckHistoryChain(without_first);
  REQUIRE(first.problems.size() == 1);
  CHECK(first.problems[0].row_id == 2);
  CHECK_THAT(first.problems[0].what, Contains("rows before it were deleted"));
}

TEST_CASE("rows from before the chain are counted, not reported; a hashless row after it is",
          "[history-chain]") {
  std::vector<HistoryRow> rows = {Row(1, "aaaa", "upgrade"), Row(2, "bbbb", "upgrade")};
  for (const HistoryRow& row : Chained({Row(3, "cccc", "upgrade"), Row(4, "dddd", "upgrade")})) {
    rows.push_back(row);
  }
  ChainCheck check = CheckHistoryChain(rows);
  CHECK(check.problems.empty());
  CHECK(check.unchained_rows == 2);

  rows.push_back(Row(5, "eeee", "upgrade"));
  check = CheckHistoryChain(rows);
  REQUIRE(check.problems.size() == 1);
  CHECK(check.problems[0].row_id == 5);
  CHECK_THAT(check.problems[0].what, Contains("has no row_hash"));
}

}  // namespace retort
