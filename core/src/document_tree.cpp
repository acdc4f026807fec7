#include "retort/document_tree.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <charconv>
#include <cstdio>

#include "text_util.h"

namespace retort {

DocNode DocNode::Bool(bool value) {
  DocNode node;
  node.kind_ = Kind::kBool;
  node.flag_ = value;
  return node;
}

DocNode DocNode::Integer(long long value) {
  DocNode node;
  node.kind_ = Kind::kInteger;
  node.integer_ = value;
  return node;
}

DocNode DocNode::Text(std::string value) {
  DocNode node;
  node.kind_ = Kind::kText;
  node.text_ = std::move(value);
  return node;
}

DocNode DocNode::QuotedText(std::string value) {
  DocNode node = Text(std::move(value));
  node.quoted_ = true;
  return node;
}

DocNode DocNode::Real(double value) {
  DocNode node;
  node.kind_ = Kind::kReal;
  node.real_ = value;
  return node;
}

DocNode DocNode::List() {
  DocNode node;
  node.kind_ = Kind::kList;
  return node;
}

DocNode DocNode::TextList(const std::vector<std::string>& values) {
  DocNode node = List();
  for (const std::string& value : values) node.Append(Text(value));
  return node.Flow();
}

DocNode DocNode::Map() {
  DocNode node;
  node.kind_ = Kind::kMap;
  return node;
}

DocNode& DocNode::Set(std::string key, DocNode value) {
  entries_.emplace_back(std::move(key), std::move(value));
  return *this;
}

DocNode& DocNode::Append(DocNode value) {
  items_.push_back(std::move(value));
  return *this;
}

DocNode& DocNode::Flow() {
  flow_ = true;
  return *this;
}

// The writers see the members; one struct rather than two friends.
struct DocWriter {
  // Text a YAML reader could take for something else (null, a boolean, a
  // number, a key) is quoted; plain words stay plain for people to read.
  static bool NeedsQuotes(const std::string& text) {
    if (text.empty() || text != text::Trim(text)) return true;
    static const char* const kSpecial[] = {"null", "~", "true", "false", "yes", "no",
                                           "on",   "off", "y", "n"};
    const std::string lowered = text::Lower(text);
    for (const char* word : kSpecial) {
      if (lowered == word) return true;
    }
    const char first = text[0];
    if (!(std::isalpha(static_cast<unsigned char>(first)) || first == '_')) return true;
    for (const char c : text) {
      const bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ' ||
                         c == '.' || c == '(' || c == ')';
      if (!plain) return true;
    }
    return false;
  }

  // The shortest text that reads back as the same number, always with a
  // '.' or an exponent so that it reads as a real number, not an integer.
  static std::string RealText(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, result.ptr);
    if (text.find_first_of(".eE") == std::string::npos) text += ".0";
    return text;
  }

  // Several lines read best as a literal block; yaml-cpp writes one that
  // reads back exactly only when the text ends in one line break and does
  // not start with a blank (which would set the block's indentation).
  static bool ReadsBackAsLiteral(const std::string& text) {
    return text.size() > 1 && text.back() == '\n' && text[text.size() - 2] != '\n' &&
           text.find('\n') + 1 < text.size() && text[0] != ' ' &&
           text.find('\r') == std::string::npos;
  }

  static void Yaml(YAML::Emitter& out, const DocNode& node) {
    switch (node.kind_) {
      case DocNode::Kind::kNull:
        out << YAML::Null;
        return;
      case DocNode::Kind::kBool:
        out << node.flag_;
        return;
      case DocNode::Kind::kInteger:
        out << node.integer_;
        return;
      case DocNode::Kind::kReal:
        out << RealText(node.real_);
        return;
      case DocNode::Kind::kText:
        if (ReadsBackAsLiteral(node.text_)) {
          out << YAML::Literal << node.text_;
        } else if (node.quoted_ || NeedsQuotes(node.text_)) {
          out << YAML::DoubleQuoted << node.text_;
        } else {
          out << node.text_;
        }
        return;
      case DocNode::Kind::kList:
        out << (node.flow_ ? YAML::Flow : YAML::Block) << YAML::BeginSeq;
        for (const DocNode& item : node.items_) Yaml(out, item);
        out << YAML::EndSeq;
        return;
      case DocNode::Kind::kMap:
        out << (node.flow_ ? YAML::Flow : YAML::Block) << YAML::BeginMap;
        for (const auto& [key, value] : node.entries_) {
          out << YAML::Key << key << YAML::Value;
          Yaml(out, value);
        }
        out << YAML::EndMap;
        return;
    }
  }

  static void JsonString(std::string& out, const std::string& text) {
    out += '"';
    for (const char c : text) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            out += escaped;
          } else {
            out += c;  // UTF-8 passes through as it is
          }
      }
    }
    out += '"';
  }

  static void Json(std::string& out, const DocNode& node, int depth) {
    const std::string indent(static_cast<std::size_t>(depth + 1) * 2, ' ');
    const std::string closing_indent(static_cast<std::size_t>(depth) * 2, ' ');
    switch (node.kind_) {
      case DocNode::Kind::kNull:
        out += "null";
        return;
      case DocNode::Kind::kBool:
        out += node.flag_ ? "true" : "false";
        return;
      case DocNode::Kind::kInteger:
        out += std::to_string(node.integer_);
        return;
      case DocNode::Kind::kReal:
        out += RealText(node.real_);
        return;
      case DocNode::Kind::kText:
        JsonString(out, node.text_);
        return;
      case DocNode::Kind::kList:
        if (node.items_.empty()) {
          out += "[]";
          return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < node.items_.size(); ++i) {
          out += indent;
          Json(out, node.items_[i], depth + 1);
          out += i + 1 < node.items_.size() ? ",\n" : "\n";
        }
        out += closing_indent + "]";
        return;
      case DocNode::Kind::kMap:
        if (node.entries_.empty()) {
          out += "{}";
          return;
        }
        out += "{\n";
        for (std::size_t i = 0; i < node.entries_.size(); ++i) {
          out += indent;
          JsonString(out, node.entries_[i].first);
          out += ": ";
          Json(out, node.entries_[i].second, depth + 1);
          out += i + 1 < node.entries_.size() ? ",\n" : "\n";
        }
        out += closing_indent + "}";
        return;
    }
  }
};

std::string DocNode::ToYaml() const {
  YAML::Emitter out;
  DocWriter::Yaml(out, *this);
  return std::string(out.c_str()) + "\n";
}

std::string DocNode::ToJson() const {
  std::string out;
  DocWriter::Json(out, *this, 0);
  return out + "\n";
}

}  // namespace retort
