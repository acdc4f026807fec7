#include "yaml_document.h"

#include <yaml.h>

#include <algorithm>
#include <memory>

#include "retort/error.h"

namespace retort {
namespace {

struct ParserDeleter {
  void operator()(yaml_parser_t* parser) const {
    yaml_parser_delete(parser);
    delete parser;
  }
};

int LineOf(const yaml_mark_t& mark) { return static_cast<int>(mark.line) + 1; }

// Why libyaml stopped, at its line. When it stopped at the end of the text,
// what it was reading never ended (a quoted string, a '{'): that is shown
// where it begins, since the end of the file says nothing.
[[noreturn]] void Fail(const std::string& path, const std::string& text,
                       const yaml_parser_t& parser, const std::string& format) {
  const std::string invalid = "not valid " + format + ": ";
  std::string problem = parser.problem != nullptr ? parser.problem : "unreadable";
  if (parser.error == YAML_READER_ERROR) {
    // The reader (bad UTF-8, a control character) gives a byte offset only.
    const std::size_t offset = std::min(parser.problem_offset, text.size());
    const auto line = std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n');
    throw FileError(path, static_cast<int>(line) + 1, invalid + problem);
  }
  if (parser.context == nullptr) {
    throw FileError(path, LineOf(parser.problem_mark), invalid + problem);
  }
  const std::string context = parser.context;
  if (parser.problem_mark.index >= text.size()) {
    throw FileError(path, LineOf(parser.context_mark),
                    invalid + context + " that begins here, " + problem +
                        " at the end of the file (is the file cut off?)");
  }
  throw FileError(path, LineOf(parser.problem_mark), invalid + context + ", " + problem);
}

// Reads the whole text with libyaml's event parser, which builds nothing.
void CheckStrictly(const std::string& path, const std::string& text,
                   const std::string& format) {
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (yaml_parser_initialize(parser.get()) == 0) throw std::bad_alloc();
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  int documents = 0;
  for (;;) {
    yaml_event_t event;
    if (yaml_parser_parse(parser.get(), &event) == 0) Fail(path, text, *parser, format);
    const yaml_event_type_t type = event.type;
    const int line = LineOf(event.start_mark);
    yaml_event_delete(&event);
    if (type == YAML_DOCUMENT_START_EVENT && ++documents > 1) {
      throw FileError(path, line,
                      "a second YAML document ('---') begins here; a file holds one, and "
                      "what follows would be ignored");
    }
    if (type == YAML_STREAM_END_EVENT) return;
  }
}

}  // namespace

YAML::Node LoadYamlDocument(const std::string& path, const std::string& text,
                            const std::string& format) {
  CheckStrictly(path, text, format);
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw FileError(path, error.mark.line >= 0 ? error.mark.line + 1 : 0,
                    "not valid " + format + ": " + error.msg);
  }
}

}  // namespace retort
