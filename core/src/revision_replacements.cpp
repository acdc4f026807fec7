// Squashes in the revision graph: the two views a `replaces` header makes
// (see revision_graph.h), and the names that stand for a revision of a view
// without being one.
#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "header_location.h"
#include "retort/error.h"
#include "retort/revision_graph.h"

namespace retort {
namespace {

std::string Listed(const std::vector<std::string>& ids) {
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
  return "[" + text + "]";
}

}  // namespace

// The revisions and aliases of each view. Checks each `replaces` once,
// here, so that both views can trust it.
struct RevisionGraph::Views {
  std::vector<RevisionHeader> main;
  std::vector<Alias> main_aliases;
  std::vector<RevisionHeader> originals;  // empty: no squash has its range's files
  std::vector<Alias> originals_aliases;
  std::vector<std::pair<std::string, std::string>> written_as;  // range's newest, squash

  explicit Views(std::vector<RevisionHeader> revisions) {
    std::unordered_map<std::string, const RevisionHeader*> by_id;
    for (const RevisionHeader& header : revisions) by_id.emplace(header.id, &header);
    std::unordered_map<std::string, std::string> replaced_by;
    std::unordered_set<std::string> with_files;  // squashes whose range is here
    for (const RevisionHeader& squash : revisions) {
      if (squash.replaces.empty()) continue;
      std::size_t present = 0;
      std::string missing;
      for (const std::string& id : squash.replaces) {
        auto [previous, inserted] = replaced_by.emplace(id, squash.id);
        if (id == squash.id || !inserted) {
          throw RevisionError(WhereKey(squash, "replaces") + ": revision " + squash.id +
                              " replaces " + id + ", which " +
                              (id == squash.id ? std::string("is itself")
                                               : "revision " + previous->second +
                                                     " replaces already"));
        }
        auto found = by_id.find(id);
        if (found == by_id.end()) {
          missing = id;
          continue;
        }
        if (!found->second->replaces.empty()) {
          throw RevisionError(WhereKey(squash, "replaces") + ": revision " + squash.id +
                              " replaces " + id + ", which is itself a squash; a squash " +
                              "replaces only revisions that are not");
        }
        ++present;
      }
      if (present == 0) continue;  // the range's files were deleted
      if (!missing.empty()) {
        throw RevisionError(WhereKey(squash, "replaces") + ": revision " + squash.id +
                            " replaces " + missing + ", which is not a revision of this " +
                            "script directory (the other revisions it replaces are)");
      }
      std::vector<std::string> expected = squash.down_revisions;
      for (const std::string& id : squash.replaces) {
        const RevisionHeader& original = *by_id.at(id);
        if (original.down_revisions != expected) {
          throw RevisionError(WhereKey(squash, "replaces") + ": revision " + squash.id +
                              " replaces " + Listed(squash.replaces) +
                              ", which is not a linear range from its own down_revision " +
                              Listed(squash.down_revisions) + ": " + id +
                              " has down_revision " + Listed(original.down_revisions) +
                              ", not " + Listed(expected));
        }
        expected = {id};
      }
      with_files.insert(squash.id);
    }
    for (const auto& [id, squash] : replaced_by) {
      const bool newest = by_id.at(squash)->replaces.back() == id;
      main_aliases.push_back(Alias{id, squash, newest});
      if (!with_files.count(squash)) originals_aliases.push_back(Alias{id, squash, newest});
    }
    if (with_files.empty()) {
      main = std::move(revisions);
      return;
    }
    for (const std::string& squash : with_files) {
      const std::string& newest = by_id.at(squash)->replaces.back();
      originals_aliases.push_back(Alias{squash, newest, /*row=*/true});
      written_as.emplace_back(newest, squash);
    }
    for (RevisionHeader& header : revisions) {
      auto replaced = replaced_by.find(header.id);
      if (with_files.count(header.id) == 0) originals.push_back(header);
      if (replaced == replaced_by.end() || with_files.count(replaced->second) == 0) {
        main.push_back(std::move(header));
      }
    }
  }
};

RevisionGraph::RevisionGraph(std::vector<RevisionHeader> revisions) {
  const bool squashes = std::any_of(revisions.begin(), revisions.end(),
                                    [](const RevisionHeader& header) {
                                      return !header.replaces.empty();
                                    });
  if (!squashes) {
    Build(std::move(revisions), {});
    return;
  }
  Views views(std::move(revisions));
  if (!views.originals.empty()) {
    originals_.reset(new RevisionGraph(std::move(views.originals), views.originals_aliases));
    for (const auto& [newest, squash] : views.written_as) {
      originals_->row_ids_.emplace(originals_->by_id_.at(newest), squash);
    }
  }
  Build(std::move(views.main), views.main_aliases);
}

const RevisionHeader* RevisionGraph::ReplacedBy(std::string_view id) const {
  auto it = edge_aliases_.find(std::string(id));
  if (it == edge_aliases_.end()) return nullptr;
  const RevisionHeader& squash = nodes_[it->second].header;
  const bool listed = std::find(squash.replaces.begin(), squash.replaces.end(), id) !=
                      squash.replaces.end();
  return listed ? &squash : nullptr;
}

const RevisionGraph& RevisionGraph::ViewOf(const RevisionHeader& revision) const {
  auto it = by_id_.find(revision.id);
  const bool here = it != by_id_.end() && &nodes_[it->second].header == &revision;
  return here || !originals_ ? *this : *originals_;
}

int RevisionGraph::EdgeTarget(std::string_view id) const {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  if (edge_aliases_.empty()) return -1;
  auto alias = edge_aliases_.find(std::string(id));
  return alias == edge_aliases_.end() ? -1 : alias->second;
}

std::vector<std::string> RevisionGraph::RowIds(
    const std::vector<int>& nodes, const std::unordered_map<int, std::string>& as_read) const {
  std::vector<std::string> ids;
  ids.reserve(nodes.size());
  for (int node : nodes) {
    if (auto read = as_read.find(node); read != as_read.end()) {
      ids.push_back(read->second);
    } else if (auto written = row_ids_.find(node); written != row_ids_.end()) {
      ids.push_back(written->second);
    } else {
      ids.push_back(nodes_[node].header.id);
    }
  }
  return ids;
}

void RevisionGraph::InView(const std::vector<std::string>& current,
                           const std::function<void(const RevisionGraph&)>& query) const {
  if (!originals_) return query(*this);
  const bool inside_range = std::any_of(current.begin(), current.end(), [&](const auto& row) {
    return !by_id_.count(row) && !row_aliases_.count(row) && originals_->by_id_.count(row);
  });
  if (inside_range) return query(*originals_);
  try {
    query(*this);
  } catch (const RevisionError&) {
    // A target inside a range is known only to the originals' view; any
    // other error is the main view's to report.
    try {
      query(*originals_);
      return;
    } catch (const RevisionError&) {
    }
    throw;
  }
}

void RevisionGraph::UnknownRow(const std::string& id) const {
  if (const RevisionHeader* squash = ReplacedBy(id)) {
    throw RevisionError("the database is at revision '" + id + "', which revision " + squash->id +
                        " (" + FileOf(*squash) + ") replaces, and the file of revision " + id +
                        " is no longer in the script directory: restore the files of the " +
                        "revisions " + squash->id + " replaces to move this database, or " +
                        "stamp it at a revision outside that range");
  }
  throw RevisionError("the database is at revision '" + id +
                      "', which is not in the script directory; check script_location, "
                      "or reset the version table with 'stamp --purge'");
}

}  // namespace retort
