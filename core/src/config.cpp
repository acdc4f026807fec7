#include "retort/config.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

#include "file_template.h"
#include "retort/error.h"
#include "text_util.h"
#include "whole_file.h"

namespace po = boost::program_options;

namespace retort {
namespace {

constexpr const char* kSection = "retort.";

bool ParseBool(const std::string& value, const std::string& where) {
  const std::string lowered = text::Lower(text::Trim(value));
  if (lowered == "true" || lowered == "yes" || lowered == "on" || lowered == "1") return true;
  if (lowered == "false" || lowered == "no" || lowered == "off" || lowered == "0") return false;
  throw ConfigError(where + ": '" + value + "' is not true or false");
}


// Where things are in the ini file, for messages: Boost.Program_options
// parses the file but reports no line numbers.
class IniLines {
 public:
  explicit IniLines(const std::string& contents) {
    std::string section;
    int number = 0;
    for (std::string_view line : text::Split(contents, '\n')) {
      ++number;
      // As Boost.Program_options reads it: '#' starts a comment anywhere.
      line = text::Trim(line.substr(0, line.find('#')));
      lines_.emplace_back(line);
      if (line.starts_with("[") && line.ends_with("]")) {
        section = std::string(text::Trim(line.substr(1, line.size() - 2)));
      } else if (const auto equals = line.find('='); equals != std::string_view::npos) {
        keys_[section + "." + std::string(text::Trim(line.substr(0, equals)))].push_back(number);
      }
    }
  }
  // The line of the `occurrence`-th (from 0) `section.key`; 0 when not found.
  int OfKey(const std::string& key, std::size_t occurrence = 0) const {
    auto it = keys_.find(key);
    return it == keys_.end() || occurrence >= it->second.size() ? 0 : it->second[occurrence];
  }
  // The line whose trimmed text is `text`; 0 when none.
  int OfText(std::string_view text) const {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (lines_[i] == text) return static_cast<int>(i) + 1;
    }
    return 0;
  }

 private:
  std::vector<std::string> lines_;
  std::map<std::string, std::vector<int>> keys_;  // each key's lines, in order
};

std::string Where(const std::string& file, int line) {
  return line > 0 ? file + ":" + std::to_string(line) : file;
}

// PostgreSQL silently cuts longer names, so two long names could become one.
constexpr std::size_t kLongestName = 63;

// Why `name` cannot name one of retort's tables or their schema ("" when it
// can). Plain SQL names only: they need no quoting on any database, and
// fold the same way wherever they are written.
std::string SqlNameProblem(const std::string& name) {
  if (name.empty()) return "is empty";
  const bool plain =
      !std::isdigit(static_cast<unsigned char>(name.front())) &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      });
  if (!plain) {
    return "'" + name + "' is not a plain SQL name (letters, digits and '_', not starting " +
           "with a digit)";
  }
  return "";
}

// The table names of version_table `version` (set at `version_where`) in
// `schema` (set at `schema_where`), checked.
VersionTableNames CheckedTableNames(const std::string& version, const std::string& version_where,
                                    const std::string& schema, const std::string& schema_where) {
  if (const std::string problem = SqlNameProblem(version); !problem.empty()) {
    throw ConfigError(version_where + ": [retort] version_table " + problem);
  }
  if (const std::string problem = SqlNameProblem(schema); !schema.empty() && !problem.empty()) {
    throw ConfigError(schema_where + ": [retort] version_table_schema " + problem);
  }
  VersionTableNames names = VersionTableNames::For(version, schema);
  for (const std::string* name : {&names.version, &names.history, &names.incomplete, &names.lock}) {
    if (name->size() > kLongestName) {
      throw ConfigError(version_where + ": [retort] version_table '" + version +
                        "' makes the table name '" + *name + "', longer than the " +
                        std::to_string(kLongestName) + " characters PostgreSQL keeps");
    }
  }
  if (names.schema.size() > kLongestName) {
    throw ConfigError(schema_where + ": [retort] version_table_schema is longer than the " +
                      std::to_string(kLongestName) + " characters PostgreSQL keeps");
  }
  return names;
}

// version_locations: paths separated by spaces or commas (as Alembic splits
// them), each relative to the ini file's folder.
std::vector<std::filesystem::path> VersionLocations(const std::string& value,
                                                    const std::filesystem::path& ini_folder,
                                                    const std::string& where) {
  std::vector<std::filesystem::path> locations;
  std::string current;
  auto flush = [&] {
    if (current.empty()) return;
    std::filesystem::path location =
        (ini_folder / std::filesystem::path(current)).lexically_normal();
    if (!location.empty() && !location.has_filename()) location = location.parent_path();
    if (std::find(locations.begin(), locations.end(), location) != locations.end()) {
      throw ConfigError(where + " names " + location.string() + " twice");
    }
    locations.push_back(location);
    current.clear();
  };
  for (char c : value) {
    if (c == ' ' || c == ',' || c == '\t') {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  if (locations.empty()) throw ConfigError(where + " is empty");
  return locations;
}

// file_template as Alembic reads it: its ini files double every '%' (Python's
// ConfigParser), so "%%" is one '%' here too; a single '%' is taken as
// written, for those who write the template as Alembic's docs show it.
std::string FileTemplate(const std::string& value, const std::string& where) {
  std::string unescaped;
  for (std::size_t i = 0; i < value.size(); ++i) {
    unescaped += value[i];
    if (value[i] == '%' && i + 1 < value.size() && value[i + 1] == '%') ++i;
  }
  unescaped = std::string(text::Trim(unescaped));
  if (const std::string problem = FileTemplateProblem(unescaped); !problem.empty()) {
    throw ConfigError(where + " '" + value + "': " + problem);
  }
  return unescaped;
}

}  // namespace

VersionTableNames VersionTableNames::For(const std::string& version, const std::string& schema) {
  // "retort_version" gives retort_history and retort_incomplete, the names
  // retort has always used.
  constexpr std::string_view kSuffix = "_version";
  const std::string stem = version.size() > kSuffix.size() && version.ends_with(kSuffix)
                               ? version.substr(0, version.size() - kSuffix.size())
                               : version;
  return VersionTableNames{schema, version, stem + "_history", stem + "_incomplete",
                           stem + "_lock"};
}

std::pair<std::string, std::string> ParseXArgument(std::string_view argument) {
  const std::size_t equals = argument.find('=');
  const std::string key(argument.substr(0, equals));
  if (equals == std::string_view::npos || key.empty() || !SqlNameProblem(key).empty()) {
    throw ConfigError("-x '" + std::string(argument) +
                      "' is not key=value (a key of letters, digits and '_', not starting " +
                      "with a digit; then '=' and the value, which may be empty)");
  }
  return {key, std::string(argument.substr(equals + 1))};
}

ChecksumMismatch ParseChecksumMismatch(const std::string& text, const std::string& where) {
  const std::string_view value = text::Trim(text);
  if (value == "error") return ChecksumMismatch::kError;
  if (value == "warn") return ChecksumMismatch::kWarn;
  throw ConfigError(where + ": '" + text + "' is not error or warn");
}

std::chrono::milliseconds ParseLockTimeout(const std::string& value, const std::string& where) {
  // from_chars, not stod: independent of the host program's locale.
  const std::string_view text = text::Trim(value);
  double seconds = -1;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  constexpr double kLongest = 7 * 24 * 3600;  // beyond a week is a typo, not a wait
  if (error == std::errc() && end == text.data() + text.size() && seconds >= 0 &&
      seconds <= kLongest) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
  throw ConfigError(where + ": '" + value + "' is not a number of seconds (0 to 604800)");
}

std::optional<std::string> ProcessEnvironment(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

// Where the ${ at `open` ends: the position of its matching '}', counting
// the ${...} nested in a default; npos when it has none.
std::size_t ClosingBrace(std::string_view text, std::size_t open) {
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

bool StartsName(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

std::string Interpolate(std::string_view text, const EnvironmentLookup& environment,
                        const std::string& here, const std::string& where) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$') {
      result += text[i];
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      result += '$';
      ++i;
      continue;
    }
    if (i + 1 < text.size() && StartsName(text[i + 1])) {
      // The shell's $NAME is not expanded here; kept as written, it would
      // name a file called "$HOME/...".
      std::size_t end = i + 1;
      while (end < text.size() && (StartsName(text[end]) || std::isdigit(static_cast<unsigned char>(text[end])))) ++end;
      const std::string name(text.substr(i + 1, end - i - 1));
      throw ConfigError(where + ": '$" + name + "' is not expanded; write ${" + name +
                        "} (or $$ for a '$')");
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {
      result += '$';
      continue;
    }
    const std::size_t close = ClosingBrace(text, i);
    if (close == std::string_view::npos) {
      throw ConfigError(where + ": '${' without a closing '}' in '" + std::string(text) + "'");
    }
    const std::string_view inside = text.substr(i + 2, close - i - 2);
    const auto fallback_at = inside.find(":-");
    const std::string name(inside.substr(0, fallback_at));
    if (name.empty()) throw ConfigError(where + ": '${}' names no variable");
    std::optional<std::string> value = environment(name);
    if (!value && name == "here") value = here;
    // As in the shell, ":-" also replaces a variable set to nothing, and the
    // default may itself use variables.
    if ((!value || value->empty()) && fallback_at != std::string_view::npos) {
      value = Interpolate(inside.substr(fallback_at + 2), environment, here, where);
    }
    if (!value) {
      throw ConfigError(where + " uses ${" + name + "}, which is not set; set it, or give a " +
                        "default: ${" + name + ":-value}");
    }
    result += *value;
    i = close;
  }
  return result;
}

Config LoadConfig(const std::filesystem::path& ini_file, const ConfigOverrides& overrides,
                  const EnvironmentLookup& environment) {
  Config config;
  config.code_revisions = RegisteredCodeRevisions();
  std::string url_text;
  const bool have_file = std::filesystem::exists(ini_file);
  if (have_file && std::filesystem::is_directory(ini_file)) {
    throw ConfigError(ini_file.string() + ": is a folder, not a configuration file (name the "
                      "file: -c " + (ini_file / "retort.ini").string() + ")");
  }
  if (have_file) {
    config.config_file = ini_file;
    const std::string file = ini_file.string();
    const std::filesystem::path here = std::filesystem::absolute(ini_file).parent_path();
    const std::optional<std::string> contents = ReadFileWhole(ini_file);
    if (!contents) throw ConfigError(file + ": cannot be read");
    const IniLines lines(*contents);
    po::parsed_options parsed(nullptr);
    try {
      std::istringstream input(*contents);
      parsed = po::parse_config_file(input, po::options_description(), true);
    } catch (const po::error& error) {
      // The message quotes the offending line: find it.
      const std::string message = error.what();
      const auto open = message.find('\'');
      const auto close = message.rfind('\'');
      const int line = open != std::string::npos && close > open
                           ? lines.OfText(message.substr(open + 1, close - open - 1))
                           : 0;
      throw ConfigError(Where(file, line) + ": " + message);
    }
    const std::vector<std::string> known = {
        "script_location", "url", "transaction_per_revision", "lock_timeout",
        "ddl_lock_timeout", "ddl_lock_retries", "version_table", "version_table_schema",
        "version_locations", "file_template", "dev_url", "adopt_unversioned",
        "on_checksum_mismatch", "lock", "pooler", "lease_duration"};
    std::string version_table = config.tables.version, version_table_where = file;
    std::string version_table_schema, version_table_schema_where = file;
    std::map<std::string, std::size_t> seen;  // how often each key came so far
    for (const po::option& option : parsed.options) {
      if (!option.string_key.starts_with(kSection)) continue;  // other tools' sections
      const std::string key = option.string_key.substr(std::string(kSection).size());
      const std::string value = option.value.empty() ? std::string() : option.value.front();
      const std::size_t occurrence = seen[key]++;
      const std::string where =
          Where(file, lines.OfKey(option.string_key, occurrence)) + ": [retort] " + key;
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        throw ConfigError(Where(file, lines.OfKey(option.string_key)) + ": unknown option '" +
                          key + "' in [retort] (known: " +
                          text::Join(known, ", ") + ")");
      }
      if (occurrence > 0) {
        const int first = lines.OfKey(option.string_key);
        throw ConfigError(where + " is given twice" +
                          (first > 0 ? ", first on line " + std::to_string(first) : "") +
                          " (which one was meant?)");
      }
      const std::string expanded = Interpolate(value, environment, here.string(), where);
      if (key == "script_location") {
        if (text::Trim(expanded).empty()) throw ConfigError(where + " is empty");
        // Relative to the ini file, and shown as the user named that file.
        std::filesystem::path location =
            (ini_file.parent_path() / std::filesystem::path(expanded)).lexically_normal();
        if (!location.empty() && !location.has_filename()) location = location.parent_path();
        config.script_location = location.empty() ? std::filesystem::path(".") : location;
      } else if (key == "url") {
        url_text = expanded;
        config.url_origin = where;
      } else if (key == "dev_url") {
        config.dev_url = expanded;
        config.dev_url_origin = where;
      } else if (key == "adopt_unversioned") {
        config.adopt_unversioned = ParseBool(expanded, where);
      } else if (key == "on_checksum_mismatch") {
        config.on_checksum_mismatch = ParseChecksumMismatch(expanded, where);
      } else if (key == "lock") {
        config.lock.kind = ParseLockKind(expanded, where);
      } else if (key == "pooler") {
        config.lock.transaction_pooler = ParseTransactionPooler(expanded, where);
      } else if (key == "lease_duration") {
        config.lock.lease_duration = ParseLeaseDuration(expanded, where);
      } else if (key == "transaction_per_revision") {
        config.transaction_per_revision = ParseBool(expanded, where);
      } else if (key == "lock_timeout") {
        config.lock_timeout = ParseLockTimeout(expanded, where);
      } else if (key == "ddl_lock_timeout") {
        config.ddl_lock_timeout = ParseDdlLockTimeout(expanded, where);
      } else if (key == "ddl_lock_retries") {
        config.ddl_lock_retries = ParseDdlLockRetries(expanded, where);
      } else if (key == "version_table") {
        version_table = std::string(text::Trim(expanded));
        version_table_where = Where(file, lines.OfKey(option.string_key));
      } else if (key == "version_table_schema") {
        version_table_schema = std::string(text::Trim(expanded));
        version_table_schema_where = Where(file, lines.OfKey(option.string_key));
      } else if (key == "version_locations") {
        config.version_locations = VersionLocations(expanded, ini_file.parent_path(), where);
      } else if (key == "file_template") {
        config.file_template = FileTemplate(expanded, where);
      }
    }
    config.tables = CheckedTableNames(version_table, version_table_where, version_table_schema,
                                      version_table_schema_where);
    if (!version_table_schema.empty()) config.tables_origin = version_table_schema_where;
  } else if (!overrides.script_location || !overrides.url) {
    throw ConfigError("no configuration: " + ini_file.string() +
                      " does not exist (run 'retort init <directory>', or give -c FILE)");
  }

  if (std::optional<std::string> from_environment = environment("RETORT_URL");
      from_environment && !from_environment->empty()) {
    url_text = *from_environment;
    config.url_origin = "RETORT_URL";
  }
  if (overrides.url) {
    url_text = *overrides.url;
    config.url_origin = "--url";
  }
  if (std::optional<std::string> from_environment = environment("RETORT_DEV_URL");
      from_environment && !from_environment->empty()) {
    config.dev_url = *from_environment;
    config.dev_url_origin = "RETORT_DEV_URL";
  }
  if (overrides.dev_url) {
    config.dev_url = *overrides.dev_url;
    config.dev_url_origin = "--dev-url";
  }
  if (overrides.lock) config.lock.kind = ParseLockKind(*overrides.lock, "--lock");
  if (overrides.script_location) config.script_location = *overrides.script_location;
  if (config.script_location.empty()) {
    throw ConfigError(ini_file.string() + ": [retort] script_location is not set");
  }
  config.url = url_text;
  return config;
}

}  // namespace retort
