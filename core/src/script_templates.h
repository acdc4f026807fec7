// The templates a new script directory starts with, and their expansion.
#ifndef RETORT_CORE_SCRIPT_TEMPLATES_H_
#define RETORT_CORE_SCRIPT_TEMPLATES_H_

#include <map>
#include <string>

namespace retort {

extern const char kYamlTemplate[];
extern const char kSqlTemplate[];

// Replaces each ${name} in `text` with values.at(name); "$$" is a literal
// '$'. Throws FileError naming `path` and the line of an unknown placeholder.
std::string ExpandTemplate(const std::string& path, const std::string& text,
                           const std::map<std::string, std::string>& values);

}  // namespace retort

#endif  // RETORT_CORE_SCRIPT_TEMPLATES_H_
