// Prints a running migration: one line per revision and the SQL with
// --verbose on standard output, and, when standard error is a terminal, a
// status line under them: which revision of how many is running and the
// progress of long tasks ("[12/120] 3f2a9c1b7d4e add accounts  copy users:
// 5000 / 20000 rows (25%)"). The status line is cleared before anything
// else is printed, so that it never shares a line with a statement.
#ifndef RETORT_CLI_TERMINAL_LISTENER_H_
#define RETORT_CLI_TERMINAL_LISTENER_H_

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "retort/events.h"
#include "terminal_style.h"

namespace retort::cli {

class TerminalListener : public MigrationListener {
 public:
  // Lines to `out`, revision ids in them coloured by `style` (which must
  // suit `out`); the status line to standard error when it is a terminal.
  TerminalListener(std::ostream& out, bool quiet, bool show_sql, Style style = Style());
  // Lines to `out`; the status line to `status` when `status_is_terminal`
  // (the only place \r and erasing a line mean anything).
  TerminalListener(std::ostream& out, std::ostream& status, bool status_is_terminal, bool quiet,
                   bool show_sql, Style style = Style());
  ~TerminalListener() override;

  void OnPlan(const std::vector<MigrationStep>& plan) override;
  void OnStepBegin(const MigrationStep& step) override;
  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds elapsed) override;
  void OnStatement(std::string_view sql) override;
  void OnProgress(const Progress& progress) override;
  void OnNotice(std::string_view message) override;

 private:
  // A line on `out_`, with the status line cleared before and drawn again
  // after it.
  void PrintLine(std::string line);
  void ClearStatus();
  void DrawStatus();

  std::ostream& out_;
  std::ostream& status_;
  bool status_on_terminal_;
  bool quiet_;
  bool show_sql_;
  Style style_;
  // The plan's steps by revision id, to say "[12/120]".
  std::unordered_map<std::string, std::size_t> position_;
  std::size_t plan_size_ = 0;
  std::string step_status_;      // "[12/120] 3f2a9c1b7d4e add accounts"
  std::string progress_status_;  // "copy users: 5000 / 20000 rows (25%)"
  bool status_shown_ = false;
  std::string task_;  // the task progress was last reported for
  std::chrono::steady_clock::time_point task_started_;
};

}  // namespace retort::cli

#endif  // RETORT_CLI_TERMINAL_LISTENER_H_
