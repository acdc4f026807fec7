// The templates a new script directory starts with, and their expansion.
#ifndef RETORT_CORE_SCRIPT_TEMPLATES_H_
#define RETORT_CORE_SCRIPT_TEMPLATES_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort {

extern const char kYamlTemplate[];
extern const char kSqlTemplate[];

// What `retort init -t NAME` lays down beside versions/.
struct InitTemplate {
  const char* name;
  const char* description;  // one line, for list_templates
  // File name in the script directory, and its contents.
  std::vector<std::pair<const char*, const char*>> files;
};

// Every init template, the default ("yaml") first.
const std::vector<InitTemplate>& InitTemplates();

// The init template called `name`, or nullptr.
const InitTemplate* FindInitTemplate(std::string_view name);

// Replaces each ${name} in `text` with values.at(name); "$$" is a literal
// '$'. ${x.key} is left as it is, for the new revision's SQL to read -x
// arguments when it runs. Throws FileError naming `path` and the line of an
// unknown placeholder.
std::string ExpandTemplate(const std::string& path, const std::string& text,
                           const std::map<std::string, std::string>& values);

}  // namespace retort

#endif  // RETORT_CORE_SCRIPT_TEMPLATES_H_
