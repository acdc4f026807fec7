#include "history_chain.h"

#include <charconv>
#include <string_view>

#include "revision_readers.h"

namespace retort {
namespace {

constexpr const char* kCanonicalVersion = "retort-history-row 1\n";

void AddField(std::string& text, std::string_view name, std::string_view value) {
  char length[24];
  const char* const end = std::to_chars(length, length + sizeof length, value.size()).ptr;
  text.append(name).append(1, ' ').append(length, end - length).append(1, ':').append(value).append(1, '\n');
}

std::string Shortened(const std::string& hash) {
  return hash.empty() ? std::string("(none)") : hash.substr(0, 12);
}

}  // namespace

std::string HistoryRowHash(const HistoryRow& row) { return HistoryRowHash(row, row.previous_hash); }

std::string HistoryRowHash(const HistoryRow& row, std::string_view previous_hash) {
  std::string text;
  text.reserve(256 + row.revision.size() + row.executed_by.size() + row.tag.size() +
               row.note.size());
  text.append(kCanonicalVersion);
  AddField(text, "previous_hash", previous_hash);
  AddField(text, "revision", row.revision);
  AddField(text, "direction", row.direction);
  AddField(text, "checksum", row.checksum);
  AddField(text, "executed_by", row.executed_by);
  AddField(text, "tag", row.tag);
  AddField(text, "note", row.note);
  return Sha256Hex(text);
}

ChainCheck CheckHistoryChain(const std::vector<HistoryRow>& rows) {
  ChainCheck check;
  bool chained = false;
  const HistoryRow* previous = nullptr;
  for (const HistoryRow& row : rows) {
    auto problem = [&](std::string what) {
      check.problems.push_back(ChainProblem{row.id, row.revision, std::move(what)});
    };
    if (row.row_hash.empty()) {
      if (chained) {
        problem("has no row_hash, but rows before it are chained: it was written or altered "
                "by something other than retort");
      } else {
        ++check.unchained_rows;
      }
      previous = &row;
      continue;
    }
    chained = true;
    const std::string expected_previous = previous ? previous->row_hash : std::string();
    if (row.previous_hash != expected_previous && row.previous_hash != kOfflineChainStart) {
      problem("previous_hash " + Shortened(row.previous_hash) + " does not match " +
              (previous ? "the row_hash " + Shortened(expected_previous) + " of row " +
                              std::to_string(previous->id) +
                              " before it (a row between them was deleted, or one of them "
                              "was altered)"
                        : std::string("the start of the table (rows before it were deleted)")));
    }
    if (const std::string actual = HistoryRowHash(row); actual != row.row_hash) {
      problem("row_hash " + Shortened(row.row_hash) + " does not match its content (" +
              Shortened(actual) + "): its revision, direction, checksum, executed_by, tag, " +
              "note or previous_hash was changed after it was written");
    }
    previous = &row;
  }
  return check;
}

}  // namespace retort
