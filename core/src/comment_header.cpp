#include "comment_header.h"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <utility>
#include <vector>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"

namespace retort {
namespace {

// "<marker> key: value" with a word before the colon; nullopt otherwise.
std::optional<std::pair<std::string, std::string>> KeyValue(std::string_view line,
                                                             std::string_view marker) {
  if (!line.starts_with(marker)) return std::nullopt;
  std::string_view rest = text::Trim(line.substr(marker.size()));
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return std::make_pair(std::string(text::Trim(rest.substr(0, colon))),
                        std::string(text::Trim(rest.substr(colon + 1))));
}

std::vector<std::string> ValueList(const std::string& path, int line, const std::string& key,
                                   const std::string& value) {
  try {
    const YAML::Node node = YAML::Load(value);
    std::vector<std::string> list;
    if (node.IsNull()) return list;
    if (node.IsScalar()) return {node.Scalar()};
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (!item.IsScalar()) break;
        list.push_back(item.Scalar());
      }
      if (list.size() == node.size()) return list;
    }
  } catch (const YAML::Exception&) {
  }
  throw FileError(path, line, key + " must be null, a value or a list [a, b], not '" + value + "'");
}

std::string Value(const std::string& path, int line, const std::string& key,
                  const std::string& value) {
  try {
    const YAML::Node node = YAML::Load(value);
    if (node.IsNull()) return std::string();
    if (node.IsScalar()) return node.Scalar();
  } catch (const YAML::Exception&) {
  }
  throw FileError(path, line, key + " must be a single value, not '" + value + "'");
}

}  // namespace

const std::set<std::string>& CommentHeaderKeys() {
  static const std::set<std::string> keys = {"revision", "down_revision", "branch_labels",
                                             "depends_on", "replaces",     "message",
                                             "create_date", "dialect",    "transaction",
                                             "ddl_lock_timeout", "ddl_lock_retries"};
  return keys;
}

CommentHeaderReader::CommentHeaderReader(std::string path, std::string marker,
                                         std::set<std::string> keys, Revision& revision)
    : path_(std::move(path)), marker_(std::move(marker)), keys_(std::move(keys)),
      revision_(revision) {
  revision_.header.path = path_;
}

bool CommentHeaderReader::Read(std::string_view trimmed, int line) {
  auto entry = KeyValue(trimmed, marker_);
  if (!entry) return false;
  const auto& [key, value] = *entry;
  if (CommentHeaderKeys().count(key) == 0) {
    for (const std::string& known : keys_) {
      if (text::IsNearMiss(key, known)) {
        throw FileError(path_, line,
                        "'" + key + "' is not a header key; did you mean '" + known + "'?");
      }
    }
    return false;  // an ordinary comment that happens to hold a colon
  }
  if (keys_.count(key) == 0) {
    throw FileError(path_, line, "'" + key + "' is not a header key of this kind of revision (" +
                                     "it takes " + text::Join(std::vector<std::string>(keys_.begin(), keys_.end()), ", ") +
                                     ")");
  }
  if (!seen_.emplace(key, line).second) {
    throw FileError(path_, line, "'" + key + "' is given twice (first on line " +
                                     std::to_string(seen_[key]) + ")");
  }
  RevisionHeader& header = revision_.header;
  if (key == "revision") {
    header.id = Value(path_, line, key, value);
    id_line_ = line;
  } else if (key == "down_revision") {
    header.down_revisions = ValueList(path_, line, key, value);
  } else if (key == "branch_labels") {
    header.branch_labels = ValueList(path_, line, key, value);
  } else if (key == "depends_on") {
    header.depends_on = ValueList(path_, line, key, value);
  } else if (key == "replaces") {
    header.replaces = ValueList(path_, line, key, value);
  } else if (key == "message") {
    header.message = Value(path_, line, key, value);
  } else if (key == "create_date") {
    header.create_date = Value(path_, line, key, value);
  } else if (key == "dialect") {
    dialect_ = Value(path_, line, key, value);
  } else if (key == "transaction") {
    const std::string flag = Value(path_, line, key, value);
    if (flag != "true" && flag != "false") {
      throw FileError(path_, line, "transaction must be true or false, not '" + flag + "'");
    }
    revision_.transactional = flag == "true";
  } else if (key == "ddl_lock_timeout" || key == "ddl_lock_retries") {
    ReadDdlLockSetting(revision_, key, Value(path_, line, key, value), path_, line);
  }
  return true;
}

void CommentHeaderReader::Finish() const {
  if (revision_.header.id.empty()) {
    throw FileError(path_, 1, "no '" + marker_ + " revision: <id>' header line");
  }
  CheckRevisionId(path_, revision_.header.id, id_line_);
}

}  // namespace retort
