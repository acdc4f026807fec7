// A catalogue case written out as a script directory: one YAML file per
// revision in a fresh temporary folder, removed again with the object.
#ifndef RETORT_CONFORMANCE_CASE_SCRIPTS_H_
#define RETORT_CONFORMANCE_CASE_SCRIPTS_H_

#include <filesystem>
#include <string>
#include <vector>

#include "catalogue.h"

namespace retort::conformance {

class CaseScripts {
 public:
  // Writes `entry`'s revisions, each with a header linking it to the one
  // before, and "${dialect}" replaced by `dialect`. Throws Error when the
  // folder cannot be made or written.
  CaseScripts(const CatalogueCase& entry, const std::string& dialect);
  ~CaseScripts();
  CaseScripts(const CaseScripts&) = delete;
  CaseScripts& operator=(const CaseScripts&) = delete;

  // The script directory (it has versions/ and nothing else).
  const std::filesystem::path& location() const { return location_; }
  // The revision ids, oldest first: the case name with '_' for anything
  // but letters and digits, then "_1", "_2"...
  const std::vector<std::string>& ids() const { return ids_; }

 private:
  void Write(const CatalogueCase& entry, const std::string& dialect);

  std::filesystem::path root_;
  std::filesystem::path location_;
  std::vector<std::string> ids_;
};

}  // namespace retort::conformance

#endif  // RETORT_CONFORMANCE_CASE_SCRIPTS_H_
