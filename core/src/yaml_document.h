// Loading a whole YAML file: a revision or a schema file.
#ifndef RETORT_CORE_YAML_DOCUMENT_H_
#define RETORT_CORE_YAML_DOCUMENT_H_

#include <yaml-cpp/yaml.h>

#include <string>

namespace retort {

// `text`, the contents of the file at `path`, as one YAML document (a null
// node when it holds none). The text is first read by libyaml, which, unlike
// yaml-cpp 0.7, refuses a file cut off inside a quoted string (whose
// truncated SQL would otherwise run), and which also refuses invalid UTF-8
// and tabs in indentation; a second document ("---") is refused too, since
// it would be ignored. Throws FileError with the path and the line of what
// is wrong, and `format` ("YAML", "YAML or JSON") in the message. Thread-safe.
YAML::Node LoadYamlDocument(const std::string& path, const std::string& text,
                            const std::string& format = "YAML");

}  // namespace retort

#endif  // RETORT_CORE_YAML_DOCUMENT_H_
