#include "retort/error.h"

namespace retort {
namespace {

std::string Locate(const std::string& path, int line) {
  if (path.empty()) return std::string();
  return line > 0 ? path + ":" + std::to_string(line) + ": " : path + ": ";
}

}  // namespace

FileError::FileError(std::string path, int line, const std::string& message)
    : Error(Locate(path, line) + message), path_(std::move(path)), line_(line) {}

std::string StatementForMessage(std::string_view sql) {
  std::string shown;
  for (char c : sql) {
    const bool blank = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!blank || (!shown.empty() && shown.back() != ' ')) shown += blank ? ' ' : c;
  }
  if (!shown.empty() && shown.back() == ' ') shown.pop_back();
  if (shown.size() > 160) shown = shown.substr(0, 157) + "...";
  return shown;
}

}  // namespace retort
