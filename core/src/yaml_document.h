// Loading a whole YAML file: a revision or a schema file.
#ifndef RETORT_CORE_YAML_DOCUMENT_H_
#define RETORT_CORE_YAML_DOCUMENT_H_

#include <string>

#include "yaml_node.h"

namespace retort {

// `text`, the contents of the file at `path`, as one YAML document (a null
// node when it holds none), built from libyaml's events. libyaml refuses a
// file cut off inside a quoted string (whose truncated SQL would otherwise
// run), invalid UTF-8 and tabs in indentation; a second document ("---") is
// refused too, since it would be ignored, as are a NUL in a value, a list
// item left empty, and an alias of an anchor not defined before it. Throws
// FileError with the path and the line of what is wrong, and `format`
// ("YAML", "YAML or JSON") in the message. Thread-safe.
YamlNode LoadYamlDocument(const std::string& path, const std::string& text,
                            const std::string& format = "YAML");

}  // namespace retort

#endif  // RETORT_CORE_YAML_DOCUMENT_H_
