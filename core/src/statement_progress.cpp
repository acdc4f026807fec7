#include "statement_progress.h"

#include <utility>

#include "retort/error.h"
#include "retort/operation.h"
#include "text_util.h"

namespace retort {
namespace {

constexpr std::size_t kLongestStatement = 200;

std::string Cut(std::string sql) {
  if (sql.size() > kLongestStatement) sql = sql.substr(0, kLongestStatement) + "...";
  return sql;
}

}  // namespace

StatementProgress::StatementProgress(MigrationListener& inner, const std::vector<RevisionOp>& ops,
                                     const Connection::Span& current,
                                     std::function<void(const std::string&)> record)
    : inner_(inner), ops_(ops), current_(current), record_(std::move(record)) {}

void StatementProgress::OnStatement(std::string_view sql) {
  // Reaching the next statement means the one before it ran.
  statements_.push_back(Statement{current_.first, Cut(text::OneLine(sql))});
  if (recording_) {
    try {
      record_(Running());
    } catch (const Error& error) {
      recording_ = false;
      inner_.OnNotice(std::string("cannot record the revision's progress in its incomplete mark "
                                  "(") +
                      error.what() + "); it goes on, and a failure still lists what ran");
    }
  }
  inner_.OnStatement(sql);
}

std::string StatementProgress::Running() const { return Text("running", nullptr); }

std::string StatementProgress::Failed() const {
  if (!statements_.empty() && current_.first == statements_.back().op) {
    return Text("failed", nullptr);
  }
  return Text("", &current_.first);
}

std::string StatementProgress::Finished() const { return Text("", nullptr); }

std::string StatementProgress::Line(std::string_view state, std::size_t op,
                                    const std::string& sql) const {
  std::string line = std::string(state) + ": line " + std::to_string(ops_.at(op).line) + ", " +
                     Describe(ops_.at(op).op);
  // An execute's description is its statement already.
  if (!sql.empty() && line.find(sql) == std::string::npos) line += ": " + sql;
  return line + "\n";
}

std::string StatementProgress::Text(std::string_view last, const std::size_t* failed_op) const {
  std::string text;
  const std::size_t first_shown =
      statements_.size() > kShownStatements ? statements_.size() - kShownStatements : 0;
  if (first_shown > 0) text += "ran: " + std::to_string(first_shown) + " statements before\n";
  for (std::size_t i = first_shown; i < statements_.size(); ++i) {
    const bool is_last = i + 1 == statements_.size();
    text += Line(is_last && !last.empty() ? last : "ran", statements_[i].op, statements_[i].sql);
  }
  std::size_t next = statements_.empty() ? 0 : statements_.back().op + 1;
  if (failed_op != nullptr && *failed_op < ops_.size()) {
    text += Line("failed", *failed_op, "");
    next = *failed_op + 1;
  }
  for (std::size_t op = next; op < ops_.size(); ++op) {
    if (op - next == kShownStatements) {
      text += "not run: " + std::to_string(ops_.size() - op) + " operations after these\n";
      break;
    }
    text += Line("not run", op, "");
  }
  if (!text.empty()) text.pop_back();
  return text;
}

}  // namespace retort
