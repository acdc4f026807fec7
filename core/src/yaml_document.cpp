#include "yaml_document.h"

#include <yaml.h>

#include <algorithm>
#include <map>
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

// A plain scalar that YAML's core schema reads as null.
bool IsPlainNull(const yaml_event_t& scalar, std::string_view value) {
  const auto& data = scalar.data.scalar;
  if (data.tag != nullptr) {
    return std::string_view(reinterpret_cast<const char*>(data.tag)) == "tag:yaml.org,2002:null";
  }
  return data.style == YAML_PLAIN_SCALAR_STYLE &&
         (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL");
}

YamlNode::Data ScalarData(const yaml_event_t& event, int line) {
  const auto& data = event.data.scalar;
  const std::string_view value(reinterpret_cast<const char*>(data.value), data.length);
  YamlNode::Data node;
  node.line = line;
  if (IsPlainNull(event, value)) return node;
  node.kind = YamlNode::Kind::kScalar;
  node.text = std::string(value);
  if (data.tag != nullptr) {
    node.tag = reinterpret_cast<const char*>(data.tag);
  } else {
    node.tag = data.style == YAML_PLAIN_SCALAR_STYLE ? "?" : "!";
  }
  return node;
}

std::string AnchorOf(const yaml_char_t* anchor) {
  return anchor != nullptr ? reinterpret_cast<const char*>(anchor) : "";
}

// Builds the tree from libyaml's events, checking as it goes.
class TreeBuilder {
 public:
  TreeBuilder(const std::string& path, const std::string& text, const std::string& format)
      : path_(path), text_(text), format_(format) {}

  YamlNode Build() {
    std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
    if (yaml_parser_initialize(parser.get()) == 0) throw std::bad_alloc();
    yaml_parser_set_input_string(parser.get(),
                                 reinterpret_cast<const unsigned char*>(text_.data()),
                                 text_.size());
    for (;;) {
      yaml_event_t event;
      if (yaml_parser_parse(parser.get(), &event) == 0) Fail(path_, text_, *parser, format_);
      const std::unique_ptr<yaml_event_t, EventDeleter> owned(&event);
      if (event.type == YAML_STREAM_END_EVENT) break;
      On(event);
    }
    return YamlNode(std::move(root_));
  }

 private:
  struct Open {
    YamlNode::Data node;
    std::string anchor;
    bool block_sequence = false;
  };

  void On(const yaml_event_t& event) {
    const int line = LineOf(event.start_mark);
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        if (++documents_ > 1) {
          throw FileError(path_, line,
                          "a second YAML document ('---') begins here; a file holds one, and "
                          "what follows would be ignored");
        }
        break;
      case YAML_SEQUENCE_START_EVENT:
        Begin(YamlNode::Kind::kSequence, line, AnchorOf(event.data.sequence_start.anchor),
              event.data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE);
        break;
      case YAML_MAPPING_START_EVENT:
        Begin(YamlNode::Kind::kMap, line, AnchorOf(event.data.mapping_start.anchor), false);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Open done = std::move(open_.back());
        open_.pop_back();
        Finish(std::move(done.node), done.anchor);
        break;
      }
      case YAML_SCALAR_EVENT:
        CheckScalar(path_, event, line, !open_.empty() && open_.back().block_sequence);
        Finish(ScalarData(event, line), AnchorOf(event.data.scalar.anchor));
        break;
      case YAML_ALIAS_EVENT: {
        const std::string name = AnchorOf(event.data.alias.anchor);
        const auto anchored = anchors_.find(name);
        if (anchored == anchors_.end()) {
          throw FileError(path_, line,
                          "not valid " + format_ + ": the alias *" + name +
                              " names no anchor (&" + name + ") defined before it");
        }
        Finish(anchored->second, "");
        break;
      }
      default:
        break;
    }
  }

  void Begin(YamlNode::Kind kind, int line, std::string anchor, bool block_sequence) {
    Open open;
    open.node.kind = kind;
    open.node.line = line;
    open.anchor = std::move(anchor);
    open.block_sequence = block_sequence;
    open_.push_back(std::move(open));
  }

  // Places a complete node in its parent, or makes it the root.
  void Finish(YamlNode::Data node, const std::string& anchor) {
    if (!anchor.empty()) anchors_[anchor] = node;
    if (open_.empty()) {
      root_ = std::move(node);
    } else {
      open_.back().node.children.push_back(std::move(node));
    }
  }

  const std::string& path_;
  const std::string& text_;
  const std::string& format_;
  int documents_ = 0;
  std::vector<Open> open_;
  std::map<std::string, YamlNode::Data> anchors_;
  YamlNode::Data root_{YamlNode::Kind::kNull, {}, {}, 1, {}};
};

}  // namespace

YamlNode LoadYamlDocument(const std::string& path, const std::string& text,
                          const std::string& format) {
  return TreeBuilder(path, text, format).Build();
}

}  // namespace retort
