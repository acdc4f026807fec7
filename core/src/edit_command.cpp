// retort edit: opens revision files in the user's editor.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "retort/commands.h"
#include "retort/error.h"

extern char** environ;

namespace retort {
namespace {

// The editor command: $EDITOR, else $VISUAL, as git and Alembic look them up.
std::string EditorCommand(const EnvironmentLookup& environment) {
  for (const char* variable : {"EDITOR", "VISUAL"}) {
    if (std::optional<std::string> command = environment(variable);
        command && command->find_first_not_of(" \t") != std::string::npos) {
      return *command;
    }
  }
  throw ConfigError(
      "no editor: set EDITOR (or VISUAL) to the command that edits a file, such as "
      "EDITOR=vi or EDITOR='code --wait'");
}

// Runs `command` on `file` through the shell, as git does, so that the
// command may carry its own arguments; waits for it to finish.
void RunEditor(const std::string& command, const std::filesystem::path& file) {
  const std::string script = command + " \"$@\"";
  const std::string path = file.string();
  char* const arguments[] = {const_cast<char*>("sh"), const_cast<char*>("-c"),
                             const_cast<char*>(script.c_str()), const_cast<char*>("sh"),
                             const_cast<char*>(path.c_str()), nullptr};
  pid_t child = 0;
  if (const int error = ::posix_spawn(&child, "/bin/sh", nullptr, nullptr, arguments, environ);
      error != 0) {
    throw Error("cannot start the editor '" + command + "': " + std::strerror(error));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) throw Error("cannot wait for the editor '" + command + "'");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
  const std::string how = WIFEXITED(status)
                              ? "exited with status " + std::to_string(WEXITSTATUS(status))
                              : "was stopped by signal " + std::to_string(WTERMSIG(status));
  throw Error("the editor '" + command + "' " + how + " while editing " + path);
}

}  // namespace

std::vector<std::filesystem::path> Edit(const Config& config, std::string_view reference,
                                        const EnvironmentLookup& environment) {
  const std::string command = EditorCommand(environment);
  const std::vector<std::filesystem::path> files = RevisionFiles(config, reference);
  for (const std::filesystem::path& file : files) RunEditor(command, file);
  return files;
}

}  // namespace retort
