#include "squash_sections.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "operation_yaml_writer.h"
#include "retort/error.h"
#include "text_util.h"
#include "yaml_document.h"

namespace retort {
namespace {

const char* PolicyName(RebuildPolicy policy) {
  switch (policy) {
    case RebuildPolicy::kAlways:
      return "always";
    case RebuildPolicy::kNever:
      return "never";
    case RebuildPolicy::kAuto:
      break;
  }
  return "auto";
}

bool IsYaml(const Revision& revision) {
  const std::string extension = std::filesystem::path(revision.header.path).extension().string();
  return extension == ".yaml" || extension == ".yml";
}

// `item` (one operation, a mapping with one key) as a list item of a
// section, indented under its key, with `rebuild` set on it unless it sets
// its own.
std::string ListItem(YAML::Node item, const std::optional<std::string>& rebuild) {
  if (rebuild && item.IsMap() && item.size() == 1) {
    YAML::Node body = item.begin()->second;
    const YAML::Node& read = body;
    if (item.begin()->first.Scalar() != "execute" && body.IsMap() && !read["rebuild"]) {
      body["rebuild"] = *rebuild;
    }
  }
  YAML::Emitter out;
  out << item;
  std::string text;
  bool first = true;
  for (std::string_view line : text::Split(out.c_str(), '\n')) {
    text += std::string(first ? "  - " : "    ") + std::string(line) + "\n";
    first = false;
  }
  return text;
}

std::string OperationItem(const RevisionOp& op) {
  const std::string text = OperationToYaml(op.op);
  const YAML::Node item = YAML::Load(text)[0];
  return ListItem(item, op.rebuild == RebuildPolicy::kAuto
                            ? std::nullopt
                            : std::optional<std::string>(PolicyName(op.rebuild)));
}

// One revision's file, read once for its sections.
class Member {
 public:
  explicit Member(const Revision& revision) {
    if (!IsYaml(revision)) return;
    std::ifstream in(revision.header.path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    // Checked strictly first; then read again by yaml-cpp, whose emitter
    // writes the operations back as they were written.
    LoadYamlDocument(revision.header.path, text.str());
    root_ = YAML::Load(text.str());
    if (const YAML::Node rebuild = root_["rebuild"]; rebuild && rebuild.IsScalar()) {
      rebuild_ = rebuild.Scalar();
    }
  }

  // The operations of `section` as written, or, for a SQL revision and an
  // automatic downgrade, `ops`.
  std::string Items(const char* section, const std::vector<RevisionOp>& ops) const {
    std::string text;
    const YAML::Node written = root_.IsMap() ? root_[section] : YAML::Node();
    if (written && written.IsSequence()) {
      for (const YAML::Node& item : written) text += ListItem(YAML::Clone(item), rebuild_);
      return text;
    }
    for (const RevisionOp& op : ops) text += OperationItem(op);
    return text;
  }

 private:
  YAML::Node root_;
  std::optional<std::string> rebuild_;
};

std::string Section(const char* key, const std::string& items) {
  return std::string(key) + ":" + (items.empty() ? " []\n" : "\n" + items);
}

}  // namespace

SquashSections WriteSquashSections(const std::vector<Revision>& range) {
  std::vector<Member> members;
  members.reserve(range.size());
  for (const Revision& revision : range) members.emplace_back(revision);

  std::string upgrade;
  for (std::size_t i = 0; i < range.size(); ++i) {
    upgrade += members[i].Items("upgrade", range[i].upgrade);
  }
  SquashSections sections;
  sections.body = Section("upgrade", upgrade);

  bool any_written = false;
  std::string downgrade;
  for (std::size_t i = range.size(); i-- > 0;) {
    const Revision& revision = range[i];
    any_written = any_written || revision.downgrade.has_value();
    try {
      downgrade += members[i].Items("downgrade", DowngradeOperations(revision));
    } catch (const OperationError& error) {
      sections.no_downgrade = error.what();
      break;
    }
  }
  if (!sections.no_downgrade.empty()) {
    sections.body += "\n# No downgrade: a revision it replaces cannot be downgraded:\n";
    for (std::string_view line : text::Split(sections.no_downgrade, '\n')) {
      sections.body += "#   " + std::string(line) + "\n";
    }
  } else if (any_written) {
    sections.body += "\n" + Section("downgrade", downgrade);
  }
  return sections;
}

}  // namespace retort
