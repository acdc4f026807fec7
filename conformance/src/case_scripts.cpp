#include "case_scripts.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include "retort/error.h"

namespace retort::conformance {
namespace {

std::string IdStem(const std::string& case_name) {
  std::string stem;
  for (char c : case_name) {
    stem += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return stem;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// mkdtemp, not a made-up name: two runs at once must not share a folder.
std::filesystem::path MakeTempFolder() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "retort-conformance-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw Error("cannot create a temporary folder for the conformance scripts: " +
                std::string(std::strerror(errno)));
  }
  return pattern;
}

}  // namespace

CaseScripts::CaseScripts(const CatalogueCase& entry, const std::string& dialect)
    : root_(MakeTempFolder()), location_(root_ / "migrations") {
  try {
    Write(entry, dialect);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
    throw;
  }
}

void CaseScripts::Write(const CatalogueCase& entry, const std::string& dialect) {
  std::filesystem::create_directories(location_ / "versions");
  const std::string stem = IdStem(entry.name);
  for (std::size_t i = 0; i < entry.revisions.size(); ++i) {
    const std::string id = stem + "_" + std::to_string(i + 1);
    const std::string down = ids_.empty() ? "null" : ids_.back();
    const std::filesystem::path file = location_ / "versions" / (id + "_step.yaml");
    std::ofstream out(file);
    out << "revision: " << id << "\n"
        << "down_revision: " << down << "\n"
        << "message: \"" << entry.name << ", step " << (i + 1) << "\"\n"
        << ReplaceAll(entry.revisions[i], "${dialect}", dialect);
    if (!out.flush()) throw Error("cannot write " + file.string());
    ids_.push_back(id);
  }
}

CaseScripts::~CaseScripts() {
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

}  // namespace retort::conformance
