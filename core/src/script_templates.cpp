#include "script_templates.h"

#include "retort/error.h"

namespace retort {

const char kYamlTemplate[] = R"(revision: ${revision}
down_revision: ${down_revision}
branch_labels: ${branch_labels}
depends_on: ${depends_on}
message: ${message}
create_date: ${create_date}

# Operations run in order, each in this revision's transaction. See the
# file-format reference for every operation and its keys.
upgrade:
  # - add_column: {table: users, column: {name: nickname, type: string(50)}}

# Without a downgrade section, downgrading reverses upgrade automatically.
# downgrade:
#   - drop_column: {table: users, column: nickname}
)";

const char kSqlTemplate[] = R"(-- revision: ${revision}
-- down_revision: ${down_revision}
-- branch_labels: ${branch_labels}
-- depends_on: ${depends_on}
-- message: ${message}
-- create_date: ${create_date}
-- A plain-SQL revision; add "-- dialect: sqlite" (or another) when the SQL
-- below is written for one database only. To make it reversible, add a
-- "-- migrate:down" line after the upgrade SQL, followed by the SQL that
-- undoes it (an empty down section downgrades by doing nothing).

-- migrate:up

)";

const std::vector<InitTemplate>& InitTemplates() {
  static const std::vector<InitTemplate> templates = {
      {"yaml",
       "YAML revisions of neutral operations, one set for every database; plain SQL with "
       "--format sql",
       {{"script.yaml.tmpl", kYamlTemplate},
        {"script.sql.tmpl", kSqlTemplate},
        {".gitignore", ".retort-index*\n"}}},
      {"sql", "plain-SQL revisions (-- migrate:up / -- migrate:down), for one database",
       {{"script.sql.tmpl", kSqlTemplate}, {".gitignore", ".retort-index*\n"}}},
  };
  return templates;
}

const InitTemplate* FindInitTemplate(std::string_view name) {
  for (const InitTemplate& candidate : InitTemplates()) {
    if (name == candidate.name) return &candidate;
  }
  return nullptr;
}

std::string ExpandTemplate(const std::string& path, const std::string& text,
                           const std::map<std::string, std::string>& values) {
  std::string result;
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
    if (text[i] != '$' || i + 1 >= text.size()) {
      result += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      result += '$';
      ++i;
      continue;
    }
    if (text[i + 1] != '{') {
      result += '$';
      continue;
    }
    const auto close = text.find('}', i + 2);
    const std::string name =
        close == std::string::npos ? std::string() : text.substr(i + 2, close - i - 2);
    if (name.starts_with("x.")) {  // read when the revision runs, not now
      result += "${" + name + "}";
      i = close;
      continue;
    }
    auto value = values.find(name);
    if (value == values.end()) {
      std::string known;
      for (const auto& [key, ignored] : values) known += (known.empty() ? "${" : ", ${") + key + "}";
      throw FileError(path, line, "unknown placeholder '${" + name + "}' (known: " + known + ")");
    }
    result += value->second;
    i = close;
  }
  return result;
}

}  // namespace retort
