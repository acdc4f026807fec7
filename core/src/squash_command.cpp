// retort squash: one revision in place of a linear range of revisions,
// checked on scratch databases before it is written (see Squash in
// commands.h, and revision_graph.h for what `replaces` means to a graph).
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "command_support.h"
#include "retort/commands.h"
#include "retort/error.h"
#include "retort/schema_diff.h"
#include "scratch_history.h"
#include "squash_sections.h"
#include "text_util.h"

namespace retort {
namespace {

std::string RangeName(const SquashOptions& options) {
  return options.from + ".." + options.to;
}

// The revisions from `options.from` to `options.to`, oldest first, checked to
// be a line that nothing outside it leans on but through its newest.
std::vector<const RevisionHeader*> LinearRange(const RevisionGraph& graph,
                                               const SquashOptions& options) {
  const std::string cannot = "cannot squash " + RangeName(options) + ": ";
  const RevisionHeader& from = graph.Resolve(options.from);
  const RevisionHeader& to = graph.Resolve(options.to);
  for (const RevisionHeader* end : {&from, &to}) {
    if (const RevisionHeader* squash = graph.ReplacedBy(end->id)) {
      throw RevisionError(cannot + "revision " + end->id + " is already squashed by " +
                          squash->id);
    }
  }
  std::vector<const RevisionHeader*> range;
  for (const RevisionHeader* at = &to;;) {
    if (!at->replaces.empty()) {
      throw RevisionError(cannot + "revision " + at->id + " is itself a squash; delete the " +
                          "files it replaces first (see docs/commands.md, squash)");
    }
    if (at != &to && graph.Children(*at).size() != 1) {
      std::string children;
      for (const RevisionHeader* child : graph.Children(*at)) children += " " + child->id;
      throw RevisionError(cannot + "revision " + at->id + " is a branch point (children:" +
                          children + "); a squash replaces a linear range");
    }
    range.push_back(at);
    if (at == &from) break;
    if (at->down_revisions.size() > 1) {
      throw RevisionError(cannot + "revision " + at->id + " is a merge point (of " +
                          text::Join(at->down_revisions, ", ") +
                          "); a squash replaces a linear range");
    }
    at = at->down_revisions.empty() ? nullptr : graph.Find(at->down_revisions.front());
    if (at == nullptr) {
      throw RevisionError(cannot + "revision " + from.id + " is not an ancestor of " + to.id);
    }
  }
  std::reverse(range.begin(), range.end());

  // A squash stands for its newest revision; a dependency on another one
  // would lose its meaning.
  for (const RevisionHeader* revision : graph.History("", {})) {
    if (std::find(range.begin(), range.end(), revision) != range.end()) continue;
    for (const std::string& dependency : revision->depends_on) {
      const RevisionHeader* target = graph.Find(dependency);
      if (target == nullptr) target = graph.FindBranchLabel(dependency);
      if (target != &to && std::find(range.begin(), range.end(), target) != range.end()) {
        throw RevisionError(cannot + "revision " + revision->id + " (" + revision->path +
                            ") depends on " + target->id + ", inside the range; only the " +
                            "range's newest revision may be depended on");
      }
    }
  }
  return range;
}

// Each revision of the range, read in full and checked to be one a YAML
// squash can carry.
std::vector<Revision> LoadRange(ScriptDirectory& scripts,
                                const std::vector<const RevisionHeader*>& range) {
  std::vector<Revision> revisions;
  for (const RevisionHeader* header : range) {
    Revision revision = scripts.Load(*header);
    const std::string cannot = "cannot squash revision " + header->id + " (" + header->path + "): ";
    if (revision.code) {
      throw RevisionError(cannot + "it is written in C++, and a squash is a YAML revision of "
                          "operations; end or start the range beside it");
    }
    if (!revision.transactional) {
      throw RevisionError(cannot + "it runs outside a transaction (transaction: false), "
                          "which the squash would impose on the whole range");
    }
    if (revision.ddl_lock_timeout || revision.ddl_lock_retries) {
      throw RevisionError(cannot + "it sets its own ddl_lock_timeout or ddl_lock_retries, "
                          "which the squash would impose on the whole range");
    }
    revisions.push_back(std::move(revision));
  }
  return revisions;
}

void AddMissing(std::vector<std::string>& list, const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
  }
}

// A folder of its own under the system's temporary folder, removed with
// everything in it.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "retort-squash-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error("cannot create a temporary folder for the squash's check");
    }
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> SortedIds(const std::vector<const RevisionHeader*>& headers) {
  std::vector<std::string> ids;
  for (const RevisionHeader* header : headers) ids.push_back(header->id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

void RequireSameSchema(const Schema& expected, const Schema& actual, const std::string& what) {
  const std::string diff = CompareSchemas(expected, actual).diff;
  if (diff.empty()) return;
  throw RevisionError("the squash was not written: " + what + ". The differences:\n" + diff +
                      "Squash a range whose revisions do not depend on running one by one "
                      "(for instance on which revision the database is at)");
}

// Writes the squash beside the script directory, in a graph with every
// revision, and checks there that it is what the range is: the heads are the
// same (the range's children continue from it), and upgrading to it makes the
// schema the range makes (and its downgrade undoes it). Returns its id.
std::string CheckSquash(const Config& config, ScriptDirectory& scripts, NewRevision spec,
                        const RevisionHeader& from, const RevisionHeader& to) {
  TemporaryFolder folder;
  const std::filesystem::path versions = folder.path() / "versions";
  std::filesystem::create_directory(versions);
  ScriptDirectoryOptions options = ScriptOptionsOf(config);
  options.version_locations = scripts.version_locations();
  options.version_locations.push_back(versions);
  options.use_index = false;
  ScriptDirectory trial(folder.path(), options);
  spec.version_path = versions;
  const Revision squash = ReadRevisionFile(trial.Write(spec));
  const std::string& id = squash.header.id;

  std::vector<std::string> expected_heads = SortedIds(scripts.graph().Heads());
  std::replace(expected_heads.begin(), expected_heads.end(), to.id, id);
  std::sort(expected_heads.begin(), expected_heads.end());
  if (SortedIds(trial.graph().Heads()) != expected_heads) {
    throw RevisionError("the squash was not written: with it, the heads would be " +
                        text::Join(SortedIds(trial.graph().Heads()), " ") + " instead of " +
                        text::Join(expected_heads, " "));
  }

  MigrationListener quiet;
  ScratchHistory through_squash(config, trial, quiet);
  ScratchHistory through_range(config, scripts, quiet);
  try {
    through_squash.UpgradeTo({id});
    through_range.UpgradeTo({to.id});
  } catch (const Error& error) {
    throw RevisionError("the squash was not written: running the history on a scratch "
                        "database (" + through_squash.description() + ") failed: " +
                        error.what());
  }
  RequireSameSchema(through_range.Reflect(), through_squash.Reflect(),
                    "upgrading to it would not make the schema " + to.id +
                        " makes (- through the range, + through the squash)");
  if (squash.downgrade) {
    const std::string before = from.down_revisions.empty() ? "base" : from.down_revisions.front();
    ScratchHistory below(config, scripts, quiet);
    try {
      through_squash.DowngradeTo(before);
      if (before != "base") below.UpgradeTo({before});
    } catch (const Error& error) {
      throw RevisionError("the squash was not written: downgrading it on a scratch database (" +
                          through_squash.description() + ") failed: " + error.what());
    }
    RequireSameSchema(below.Reflect(), through_squash.Reflect(),
                      "its downgrade would not return to the schema of " + before +
                          " (- before the range, + after the squash's downgrade)");
  }
  return id;
}

}  // namespace

SquashResult Squash(const Config& config, const SquashOptions& options) {
  if (options.message.empty()) throw ConfigError("squash needs a message (-m)");
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  const std::vector<const RevisionHeader*> range = LinearRange(scripts.graph(), options);
  const std::vector<Revision> revisions = LoadRange(scripts, range);
  const SquashSections sections = WriteSquashSections(revisions);

  NewRevision spec;
  spec.id = options.rev_id;
  spec.down_revisions = range.front()->down_revisions;
  spec.message = options.message;
  spec.format = RevisionFormat::kYaml;
  spec.body = "# Squashes " + range.front()->id + " to " + range.back()->id +
              ". Their files stay while a database may be between them.\n" + sections.body;
  for (const RevisionHeader* header : range) {
    spec.replaces.push_back(header->id);
    AddMissing(spec.branch_labels, header->branch_labels);
    for (const std::string& dependency : header->depends_on) {
      const bool inside = std::any_of(range.begin(), range.end(), [&](const auto* member) {
        return member->id == dependency ||
               std::find(member->branch_labels.begin(), member->branch_labels.end(),
                         dependency) != member->branch_labels.end();
      });
      if (!inside) AddMissing(spec.depends_on, {dependency});
    }
  }
  spec.version_path = std::filesystem::path(range.back()->path).parent_path();

  SquashResult result;
  result.id = CheckSquash(config, scripts, spec, *range.front(), *range.back());
  result.replaces = spec.replaces;
  result.no_downgrade = sections.no_downgrade;
  spec.id = result.id;
  result.path = scripts.Write(spec);
  return result;
}

}  // namespace retort
