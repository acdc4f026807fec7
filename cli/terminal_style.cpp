#include "terminal_style.h"

#include <unistd.h>

#include <cstdlib>

#include "cli.h"

namespace retort::cli {

ColorMode ParseColorMode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  throw UsageError("--color: unknown value '" + std::string(text) +
                   "'; use auto, always or never");
}

bool ColorEnabled(ColorMode mode, int fd) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(fd) == 1;
}

std::string Style::Paint(std::string_view code, std::string_view text) const {
  if (!enabled_) return std::string(text);
  return "\x1b[" + std::string(code) + "m" + std::string(text) + "\x1b[0m";
}

std::string Style::Revision(std::string_view id) const { return Paint("33", id); }
std::string Style::Head(std::string_view marker) const { return Paint("1;32", marker); }
std::string Style::Error(std::string_view prefix) const { return Paint("1;31", prefix); }

}  // namespace retort::cli
