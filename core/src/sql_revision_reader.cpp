// The plain-SQL revision format:
//
//   -- revision: 3f2a9c1b7d4e
//   -- down_revision: 58ce9da45577
//   -- message: backfill phone numbers
//   -- dialect: sqlite                 (optional: the only dialect it runs on)
//   -- ddl_lock_timeout: 2             (optional, seconds; and ddl_lock_retries)
//   -- migrate:up
//   UPDATE ...;
//   -- migrate:down                    (optional)
//   UPDATE ...;
//
// Header values are YAML flow values, so lists ([a, b]) and null work as in
// YAML revisions.
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"

namespace retort {
namespace {

const std::set<std::string>& HeaderKeys() {
  static const std::set<std::string> keys = {"revision", "down_revision", "branch_labels",
                                             "depends_on", "message",      "create_date",
                                             "dialect",  "transaction",   "ddl_lock_timeout",
                                             "ddl_lock_retries"};
  return keys;
}

// "-- key: value" with a header key; nullopt for any other line.
std::optional<std::pair<std::string, std::string>> HeaderLine(std::string_view line) {
  if (!line.starts_with("--")) return std::nullopt;
  std::string_view rest = text::Trim(line.substr(2));
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string key(text::Trim(rest.substr(0, colon)));
  if (HeaderKeys().count(key) == 0) return std::nullopt;
  return std::make_pair(key, std::string(text::Trim(rest.substr(colon + 1))));
}

// For "-- down_revison: x": what it looks like a misspelling of; else "".
std::string MisspeltKey(std::string_view line) {
  if (!line.starts_with("--")) return "";
  std::string_view rest = text::Trim(line.substr(2));
  const auto colon = rest.find(':');
  if (colon == std::string_view::npos) return "";
  const std::string key(text::Trim(rest.substr(0, colon)));
  for (const std::string& known : HeaderKeys()) {
    if (text::IsNearMiss(key, known)) {
      return "'" + key + "' is not a header key; did you mean '" + known + "'?";
    }
  }
  return "";
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

Revision ParseSqlRevision(const std::string& path, const std::string& text) {
  Revision revision;
  RevisionHeader& header = revision.header;
  header.path = path;
  std::map<std::string, int> seen;  // header key -> line
  std::string dialect;
  std::string up, down;
  enum class Section { kHeader, kUp, kDown } section = Section::kHeader;
  int up_line = 0, down_line = 0, id_line = 0;

  int line_number = 0;
  for (std::string_view line : text::Split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = text::Trim(line);
    if (trimmed == "-- migrate:up") {
      if (section != Section::kHeader) throw FileError(path, line_number, "a second '-- migrate:up'");
      section = Section::kUp;
      up_line = line_number;
      continue;
    }
    if (trimmed == "-- migrate:down") {
      if (section != Section::kUp) {
        throw FileError(path, line_number, "'-- migrate:down' must follow '-- migrate:up'");
      }
      section = Section::kDown;
      down_line = line_number;
      continue;
    }
    if (section == Section::kUp) {
      up += std::string(line) + "\n";
      continue;
    }
    if (section == Section::kDown) {
      down += std::string(line) + "\n";
      continue;
    }
    if (trimmed.empty()) continue;
    auto entry = HeaderLine(trimmed);
    if (!entry) {
      if (const std::string typo = MisspeltKey(trimmed); !typo.empty()) {
        throw FileError(path, line_number, typo);
      }
      if (trimmed.starts_with("--")) continue;  // an ordinary comment
      throw FileError(path, line_number, "SQL before '-- migrate:up'");
    }
    const auto& [key, value] = *entry;
    if (!seen.emplace(key, line_number).second) {
      throw FileError(path, line_number, "'" + key + "' is given twice (first on line " +
                                             std::to_string(seen[key]) + ")");
    }
    if (key == "revision") {
      header.id = Value(path, line_number, key, value);
      id_line = line_number;
    } else if (key == "down_revision") {
      header.down_revisions = ValueList(path, line_number, key, value);
    } else if (key == "branch_labels") {
      header.branch_labels = ValueList(path, line_number, key, value);
    } else if (key == "depends_on") {
      header.depends_on = ValueList(path, line_number, key, value);
    } else if (key == "message") {
      header.message = Value(path, line_number, key, value);
    } else if (key == "create_date") {
      header.create_date = Value(path, line_number, key, value);
    } else if (key == "dialect") {
      dialect = Value(path, line_number, key, value);
    } else if (key == "transaction") {
      const std::string flag = Value(path, line_number, key, value);
      if (flag != "true" && flag != "false") {
        throw FileError(path, line_number, "transaction must be true or false, not '" + flag + "'");
      }
      revision.transactional = flag == "true";
    } else if (key == "ddl_lock_timeout" || key == "ddl_lock_retries") {
      ReadDdlLockSetting(revision, key, Value(path, line_number, key, value), path, line_number);
    }
  }
  if (header.id.empty()) throw FileError(path, 1, "no '-- revision: <id>' header line");
  CheckRevisionId(path, header.id, id_line);
  if (section == Section::kHeader) throw FileError(path, line_number, "no '-- migrate:up' section");

  auto as_execute = [&](std::string sql) {
    Execute op;
    if (dialect.empty()) {
      op.sql = std::move(sql);
    } else {
      op.dialect_sql[dialect] = std::move(sql);
    }
    return op;
  };
  if (!text::Trim(up).empty()) revision.upgrade.push_back(RevisionOp{as_execute(up), up_line + 1});
  revision.how_to_add_downgrade =
      "add a '-- migrate:down' line after the upgrade SQL, followed by the SQL that undoes it";
  if (section == Section::kDown) {
    revision.downgrade.emplace();
    if (!text::Trim(down).empty()) {
      revision.downgrade->push_back(RevisionOp{as_execute(down), down_line + 1});
    }
  }
  revision.checksum = Sha256Hex(text);
  return revision;
}

}  // namespace retort
