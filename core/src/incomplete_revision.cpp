#include "incomplete_revision.h"

namespace retort {

std::string RecoveryAdvice(const IncompleteRevision& incomplete) {
  auto heads = [](const std::string& rows) { return rows.empty() ? std::string("base") : rows; };
  std::string done = "Some of its operations may have taken effect";
  if (!incomplete.progress.empty()) {
    std::string lines;
    for (const char c : incomplete.progress) {
      lines += c == '\n' ? std::string("\n  ") : std::string(1, c);
    }
    done = "Statement by statement:\n  " + lines +
           "\nWhat ran took effect; what was running or failed may have, in part";
  }
  return done + "; the version table still says " + heads(incomplete.heads_before) +
         ". Check the database, then either finish the " + incomplete.direction +
         " by hand and run 'retort stamp " + heads(incomplete.heads_after) +
         "', or undo what took effect and run 'retort stamp " + heads(incomplete.heads_before) +
         "'. Until then upgrade and downgrade refuse to run";
}

std::string DescribeIncomplete(const IncompleteRevision& incomplete) {
  return "revision " + incomplete.revision + " is incomplete: its " + incomplete.direction +
         " is not in a transaction that a failure rolls back (transaction: false, or DDL that "
         "commits as it runs), started at " + incomplete.started_at + " by " +
         incomplete.executed_by + ", and " +
         (incomplete.failure.empty() ? std::string("stopped before it finished")
                                     : "failed: " + incomplete.failure) +
         ". " + RecoveryAdvice(incomplete);
}

}  // namespace retort
