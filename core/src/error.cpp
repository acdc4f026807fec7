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

}  // namespace retort
