#include "yaml_document.h"

#include <yaml.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <vector>

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
  const bool left_open = context.find("flow") != std::string::npos ||
                         context.find("quoted") != std::string::npos;
  if (left_open && parser.context_mark.line != parser.problem_mark.line) {
    // What was left open (a '{', a '[', a quote) is where the mistake is;
    // where the parser noticed is only where something else began. (In
    // block style the context is the enclosing mapping, which says little.)
    throw FileError(path, LineOf(parser.context_mark),
                    invalid + context + " that begins here, " + problem + " (noticed on line " +
                        std::to_string(LineOf(parser.problem_mark)) + ")");
  }
  throw FileError(path, LineOf(parser.problem_mark), invalid + context + ", " + problem);
}

struct EventDeleter {
  void operator()(yaml_event_t* event) const { yaml_event_delete(event); }
};

// A NUL cannot be part of a name or of SQL text (the database would cut the
// text there, or refuse it), and "-" with nothing after it is a list item
// that was forgotten, which yaml-cpp places on the next line.
void CheckScalar(const std::string& path, const yaml_event_t& scalar, int line,
                 bool block_sequence_item) {
  const auto& data = scalar.data.scalar;
  const std::string_view value(reinterpret_cast<const char*>(data.value), data.length);
  if (value.find('\0') != std::string_view::npos) {
    throw FileError(path, line,
                    "a value holds a NUL character (\\0), which no name or SQL text can hold");
  }
  if (block_sequence_item && value.empty() && data.style == YAML_PLAIN_SCALAR_STYLE &&
      data.tag == nullptr && data.anchor == nullptr) {
    throw FileError(path, line, "an empty list item ('-' with nothing after it)");
  }
}

// Reads the whole text with libyaml's event parser, which builds nothing.
void CheckStrictly(const std::string& path, const std::string& text,
                   const std::string& format) {
  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (yaml_parser_initialize(parser.get()) == 0) throw std::bad_alloc();
  yaml_parser_set_input_string(parser.get(), reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  int documents = 0;
  // For each open collection: whether it is a block sequence ("- item").
  std::vector<bool> in_block_sequence;
  for (;;) {
    yaml_event_t event;
    if (yaml_parser_parse(parser.get(), &event) == 0) Fail(path, text, *parser, format);
    const std::unique_ptr<yaml_event_t, EventDeleter> owned(&event);
    const int line = LineOf(event.start_mark);
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        if (++documents > 1) {
          throw FileError(path, line,
                          "a second YAML document ('---') begins here; a file holds one, and "
                          "what follows would be ignored");
        }
        break;
      case YAML_SEQUENCE_START_EVENT:
        in_block_sequence.push_back(event.data.sequence_start.style ==
                                    YAML_BLOCK_SEQUENCE_STYLE);
        break;
      case YAML_MAPPING_START_EVENT:
        in_block_sequence.push_back(false);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        in_block_sequence.pop_back();
        break;
      case YAML_SCALAR_EVENT:
        CheckScalar(path, event, line, !in_block_sequence.empty() && in_block_sequence.back());
        break;
      case YAML_STREAM_END_EVENT:
        return;
      default:
        break;
    }
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
