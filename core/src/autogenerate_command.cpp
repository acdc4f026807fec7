// Autogenerate: a revision written from the difference between the head's
// implied schema and a desired one. The file is made by CreateRevision (the
// same id, name, template and header as any new revision) and then given
// its upgrade section.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "command_support.h"
#include "operation_yaml_writer.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/schema_changes.h"

namespace retort {
namespace {

bool IsTopLevelKey(const std::string& line, const std::string& key) {
  return line.rfind(key + ":", 0) == 0;
}

// Whether `line` belongs to the value of the top-level key above it: blank,
// or indented. A comment at the left margin belongs to what follows.
bool Continues(const std::string& line) {
  return line.empty() || line[0] == ' ' || line[0] == '\t';
}

// The template's text with its upgrade section replaced by `section` and its
// downgrade section (if it has one) left out: downgrading reverses the
// generated operations.
std::string WithUpgrade(const std::string& text, const std::string& section) {
  std::istringstream lines(text);
  std::string result, line;
  bool skipping = false, written = false;
  while (std::getline(lines, line)) {
    if (skipping && Continues(line)) continue;
    skipping = false;
    if (IsTopLevelKey(line, "upgrade") || IsTopLevelKey(line, "downgrade")) {
      skipping = true;
      if (IsTopLevelKey(line, "upgrade")) {
        result += section;
        written = true;
      }
      continue;
    }
    result += line + "\n";
  }
  if (!written) result += section;
  return result;
}

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("cannot read " + path.string());
  return text.str();
}

// Replaces the file's contents by writing a sibling and renaming it over the
// file, so that a reader never sees half of it.
void Rewrite(const std::filesystem::path& path, const std::string& text) {
  const std::filesystem::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw Error("cannot write " + temporary.string());
  }
  std::filesystem::rename(temporary, path);
}

std::string CommentLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += "#   " + line + "\n";
  return text;
}

}  // namespace

std::optional<std::filesystem::path> Autogenerate(const Config& config,
                                                  const RevisionOptions& options,
                                                  const std::string& source) {
  if (options.format && *options.format != RevisionFormat::kYaml) {
    throw ConfigError(std::string("--autogenerate writes a YAML revision of neutral operations; "
                      "leave out ") +
                      (*options.format == RevisionFormat::kCpp ? "--code" : "--format sql"));
  }
  // The schema the new revision starts from: base is the empty schema, and
  // an empty history has nothing but base.
  std::vector<std::string> start;
  if (options.head != "base") {
    ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
    if (scripts.graph().size() > 0) start = {options.head};
  }
  const Schema from = ImpliedSchema(config, start);
  const Schema to = LoadSchemaSource(config, source);
  const std::vector<PlannedChange> changes = PlanSchemaChanges(from, to);
  const std::vector<std::string> unplanned = UnplannedDifferences(from, to);
  if (changes.empty() && unplanned.empty()) return std::nullopt;

  std::string section = "# Generated from " + source + " by retort revision --autogenerate.\n" +
                        "# Review it: renames show as a drop and an add, remarked below.\n";
  if (!unplanned.empty()) {
    section += "# Not generated, since no operation describes them (write them as execute,\n"
               "# with a downgrade section):\n" +
               CommentLines(unplanned);
  }
  section += OperationSection("upgrade", changes);
  RevisionOptions yaml = options;
  yaml.format = RevisionFormat::kYaml;
  const std::filesystem::path path = CreateRevision(config, yaml);
  Rewrite(path, WithUpgrade(ReadText(path), section));
  // What was written must read back as what was planned.
  try {
    const Revision written = ReadRevisionFile(path);
    if (written.upgrade.size() != changes.size()) {
      throw Error("the revision reads back with " + std::to_string(written.upgrade.size()) +
                  " operations instead of " + std::to_string(changes.size()) +
                  "; the template's upgrade section may be unusual");
    }
  } catch (const Error& error) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw Error("autogenerate could not write " + path.string() + ": " + error.what());
  }
  return path;
}

}  // namespace retort
