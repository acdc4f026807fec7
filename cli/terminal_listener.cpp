#include "terminal_listener.h"

#include <unistd.h>

#include <iostream>
#include <utility>

#include "report.h"

namespace retort::cli {
namespace {

// Back to the start of the line, and erase it.
constexpr char kEraseLine[] = "\r\x1b[K";
// A status line wider than the terminal would wrap, and erasing would take
// only its last row: it is cut to what any terminal shows.
constexpr std::size_t kStatusWidth = 79;

// `text` cut to `width` bytes, not inside a UTF-8 character.
std::string Cut(std::string text, std::size_t width) {
  if (text.size() <= width) return text;
  std::size_t end = width;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

}  // namespace

TerminalListener::TerminalListener(std::ostream& out, bool quiet, bool show_sql, Style style)
    : TerminalListener(out, std::cerr, ::isatty(STDERR_FILENO) == 1, quiet, show_sql, style) {}

TerminalListener::TerminalListener(std::ostream& out, std::ostream& status,
                                   bool status_is_terminal, bool quiet, bool show_sql,
                                   Style style)
    : out_(out),
      status_(status),
      status_on_terminal_(status_is_terminal && !quiet),
      quiet_(quiet),
      show_sql_(show_sql),
      style_(style) {}

// A run that fails mid-step leaves no status line behind its error.
TerminalListener::~TerminalListener() { ClearStatus(); }

void TerminalListener::OnPlan(const std::vector<MigrationStep>& plan) {
  plan_size_ = plan.size();
  position_.clear();
  for (std::size_t index = 0; index < plan.size(); ++index) {
    position_.emplace(plan[index].revision.id, index + 1);
  }
}

void TerminalListener::OnStepBegin(const MigrationStep& step) {
  if (quiet_) return;
  const bool up = step.direction == Direction::kUpgrade;
  const std::string& id = step.revision.id;
  const std::string other = RevisionList(step.revision.down_revisions);
  // Appended to one string: a long script's plan prints a line a step.
  std::string line;
  line.reserve(80 + step.revision.message.size());
  line += up ? "Running upgrade " : "Running downgrade ";
  line += style_.Revision(up ? other : id);
  line += " -> ";
  line += style_.Revision(up ? id : other);
  if (!step.revision.message.empty()) line.append(", ").append(step.revision.message);
  progress_status_.clear();
  step_status_.clear();
  // Only a terminal shows the status line.
  if (const auto found = status_on_terminal_ ? position_.find(id) : position_.end();
      found != position_.end()) {
    step_status_ = "[" + std::to_string(found->second) + "/" + std::to_string(plan_size_) +
                   "] " + id + (step.revision.message.empty() ? "" : " " + step.revision.message);
  }
  PrintLine(std::move(line));
}

void TerminalListener::OnStepEnd(const MigrationStep&, std::chrono::nanoseconds) {
  ClearStatus();
  step_status_.clear();
  progress_status_.clear();
}

void TerminalListener::OnStatement(std::string_view sql) {
  if (show_sql_ && !quiet_) PrintLine(std::string(sql) + ";");
}

void TerminalListener::OnProgress(const Progress& progress) {
  if (!status_on_terminal_ || progress.total <= 0) return;
  // Only long tasks are worth a progress line: one shows after half a second.
  const auto now = std::chrono::steady_clock::now();
  if (progress.task != task_) {
    task_ = progress.task;
    task_started_ = now;
  }
  if (progress_status_.empty() && now - task_started_ < std::chrono::milliseconds(500)) return;
  progress_status_ = progress.task + ": " + std::to_string(progress.done) + " / " +
                     std::to_string(progress.total) + " rows (" +
                     std::to_string(progress.done * 100 / progress.total) + "%)";
  DrawStatus();
}

void TerminalListener::OnNotice(std::string_view message) {
  if (!quiet_) PrintLine(std::string(message));
}

void TerminalListener::PrintLine(std::string text) {
  ClearStatus();
  // One write: std::cerr writes each << at once, and a history of 10,000
  // revisions would otherwise make twice as many calls.
  text += '\n';
  out_ << text;
  DrawStatus();
}

void TerminalListener::ClearStatus() {
  if (!status_shown_) return;
  status_ << kEraseLine << std::flush;
  status_shown_ = false;
}

void TerminalListener::DrawStatus() {
  if (!status_on_terminal_) return;
  std::string text = step_status_;
  if (!progress_status_.empty()) text += (text.empty() ? "" : "  ") + progress_status_;
  if (text.empty()) return;
  // What went to `out_` must be on the terminal before the status line is
  // drawn under it.
  out_ << std::flush;
  status_ << kEraseLine << Cut(std::move(text), kStatusWidth) << std::flush;
  status_shown_ = true;
}

}  // namespace retort::cli
