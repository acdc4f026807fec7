// Colour on a terminal: revision ids, heads and errors stand out when a
// person reads them, and nothing but the text reaches a pipe or a file.
#ifndef RETORT_CLI_TERMINAL_STYLE_H_
#define RETORT_CLI_TERMINAL_STYLE_H_

#include <string>
#include <string_view>

namespace retort::cli {

enum class ColorMode { kAuto, kAlways, kNever };

// "auto", "always" or "never"; throws UsageError for anything else.
ColorMode ParseColorMode(std::string_view text);

// Whether output to file descriptor `fd` is coloured: always, never, or,
// for auto, when it is a terminal and NO_COLOR is unset or empty
// (https://no-color.org).
bool ColorEnabled(ColorMode mode, int fd);

// Wraps text in ANSI colours when enabled; otherwise returns it as it is.
class Style {
 public:
  explicit Style(bool enabled = false) : enabled_(enabled) {}

  bool enabled() const { return enabled_; }
  std::string Revision(std::string_view id) const;  // yellow, as git shows commits
  std::string Head(std::string_view marker) const;  // bold green
  std::string Error(std::string_view prefix) const;  // bold red

 private:
  std::string Paint(std::string_view code, std::string_view text) const;

  bool enabled_;
};

}  // namespace retort::cli

#endif  // RETORT_CLI_TERMINAL_STYLE_H_
