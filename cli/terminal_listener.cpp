#include "terminal_listener.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "report.h"

namespace retort::cli {

TerminalListener::TerminalListener(std::ostream& out, bool quiet, bool show_sql)
    : out_(out), quiet_(quiet), show_sql_(show_sql), progress_to_terminal_(::isatty(2) == 1) {}

void TerminalListener::OnStepBegin(const MigrationStep& step) {
  if (quiet_) return;
  const bool up = step.direction == Direction::kUpgrade;
  const std::string& id = step.revision.id;
  const std::string other = RevisionList(step.revision.down_revisions);
  out_ << "Running " << (up ? "upgrade " : "downgrade ") << (up ? other : id) << " -> "
       << (up ? id : other);
  if (!step.revision.message.empty()) out_ << ", " << step.revision.message;
  out_ << "\n";
}

void TerminalListener::OnStepEnd(const MigrationStep&, std::chrono::nanoseconds) {
  if (progress_shown_) {
    std::cerr << "\n";
    progress_shown_ = false;
  }
}

void TerminalListener::OnStatement(std::string_view sql) {
  if (show_sql_ && !quiet_) out_ << sql << ";\n";
}

void TerminalListener::OnProgress(const Progress& progress) {
  if (quiet_ || !progress_to_terminal_ || progress.total <= 0) return;
  // Only long tasks are worth a progress line: one shows after half a second.
  const auto now = std::chrono::steady_clock::now();
  if (progress.task != task_) {
    task_ = progress.task;
    task_started_ = now;
  }
  if (!progress_shown_ && now - task_started_ < std::chrono::milliseconds(500)) return;
  const int percent = static_cast<int>(progress.done * 100 / progress.total);
  std::fprintf(stderr, "\r  %s: %lld / %lld rows (%d%%)", progress.task.c_str(), progress.done,
               progress.total, percent);
  progress_shown_ = true;
}

void TerminalListener::OnNotice(std::string_view message) {
  if (!quiet_) out_ << message << "\n";
}

}  // namespace retort::cli
