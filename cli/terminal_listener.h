// Prints a running migration: one line per revision, the SQL with
// --verbose, and progress of long tasks when stderr is a terminal.
#ifndef RETORT_CLI_TERMINAL_LISTENER_H_
#define RETORT_CLI_TERMINAL_LISTENER_H_

#include <chrono>
#include <ostream>
#include <string>

#include "retort/events.h"

namespace retort::cli {

class TerminalListener : public MigrationListener {
 public:
  TerminalListener(std::ostream& out, bool quiet, bool show_sql);

  void OnStepBegin(const MigrationStep& step) override;
  void OnStepEnd(const MigrationStep& step, std::chrono::nanoseconds elapsed) override;
  void OnStatement(std::string_view sql) override;
  void OnProgress(const Progress& progress) override;
  void OnNotice(std::string_view message) override;

 private:
  std::ostream& out_;
  bool quiet_;
  bool show_sql_;
  bool progress_shown_ = false;
  bool progress_to_terminal_;
  std::string task_;  // the task progress was last reported for
  std::chrono::steady_clock::time_point task_started_;
};

}  // namespace retort::cli

#endif  // RETORT_CLI_TERMINAL_LISTENER_H_
