// ScriptDirectory's reading of the revision files: the graph from their
// headers (through the header cache, on every core), whole revisions
// (through the parsed-revision cache), and checksums.
#include <exception>
#include <future>

#include "code_revision_nodes.h"
#include "parallel_for.h"
#include "retort/error.h"
#include "retort/script_directory.h"
#include "revision_index.h"
#include "revision_readers.h"
#include "revision_tree_cache.h"
#include "script_directory_caches.h"
#include "versions_folder.h"

namespace retort {
namespace {

// About 300 revisions' headers: below that, parsing the index takes less
// time than starting a thread for it.
constexpr std::uintmax_t kIndexWorthAThread = 64 * 1024;
// Reading and parsing a revision file takes some 20-30 µs, starting a
// thread some 50 µs: a helper must have a few files to read to pay.
constexpr std::size_t kFilesReadPerThread = 8;

}  // namespace

ScriptDirectory::~ScriptDirectory() = default;

std::unique_ptr<RevisionIndex> ScriptDirectory::ReadVersionLocation(
    const std::filesystem::path& versions, ParsedCaches& parsed,
    std::vector<RevisionHeader>& headers) {
  const std::filesystem::path index_file = IndexFileOf(location_, versions);
  // A long history's index is parsed on another core while this one lists
  // the folder (a stat per file): each is a third of reading the graph.
  // A short one's is parsed here, in less time than a thread takes.
  std::error_code no_index;
  const bool long_index = std::filesystem::file_size(index_file, no_index) > kIndexWorthAThread;
  std::future<std::unique_ptr<RevisionIndex>> parsing =
      std::async(long_index && !no_index ? std::launch::async : std::launch::deferred,
                 [&] { return std::make_unique<RevisionIndex>(index_file, versions); });
  // With no index, a run that reads the graph alone reads every file, and
  // stamps each as it opens it: a stat of each in the listing would look
  // every path up twice.
  const bool stamp_in_listing = !(graph_only_ && no_index);
  auto listed = ListRevisionFiles(versions, stamp_in_listing);
  auto index = parsing.get();
  auto& [folder, trees] = parsed.folders.emplace_back(versions, nullptr);
  // To the parsed-revision cache before the files are read through it; a
  // listing without stamps once the reads stamped it.
  auto keep_listing = [&] {
    trees =
        std::make_unique<RevisionTreeCache>(index_file.string() + ".trees", std::move(listed));
    if (loads_expected_ && use_index_) trees->StartLoading();
  };
  if (stamp_in_listing) keep_listing();
  const std::vector<std::pair<std::string, FileStamp>>* files =
      stamp_in_listing ? &trees->live() : &listed;
  std::vector<const RevisionIndex::Entry*> cached(files->size(), nullptr);
  std::size_t found = 0;
  for (std::size_t i = 0; use_index_ && i < files->size(); ++i) {
    const auto& [name, stamp] = (*files)[i];
    cached[i] = index->Find(name, stamp);
    // A file of which only the header was read is read whole before its
    // operations may run.
    if (cached[i] && !cached[i]->operations_checked && !graph_only_) cached[i] = nullptr;
    if (cached[i]) ++found;
  }
  // An index that holds every file as it is will not be written again:
  // its entries are moved to the graph, not copied.
  const bool take = found == files->size() && index->Unchanged(files->size());
  // The files the index lacks are read on every core: in a fresh clone,
  // that is every file. The trees parsed here serve Load too, so such a
  // run parses each file once; a run that reads the graph alone parses
  // only the headers.
  std::vector<std::size_t> unread;
  for (std::size_t i = 0; i < files->size(); ++i) {
    if (!cached[i]) unread.push_back(i);
  }
  std::vector<RevisionIndex::Entry> read(unread.size());
  // Without the listing's stats, a name that is no file is found as it is
  // read: its error still comes before any file's, as with them.
  std::vector<std::exception_ptr> file_errors(stamp_in_listing ? 0 : unread.size());
  ParallelFor(unread.size(), kFilesReadPerThread, [&](std::size_t k) {
    const std::string& name = (*files)[unread[k]].first;
    const std::string path = (versions / name).string();
    Revision revision;
    bool operations_read = true;
    if (!graph_only_) {
      revision =
          ReadThrough(use_index_ ? trees.get() : nullptr, path, (*files)[unread[k]].second);
    } else if (stamp_in_listing) {
      revision = ParseRevisionHeader(path, ReadRevisionText(path), &operations_read);
    } else {
      try {
        const std::string text = ReadRevisionTextAndStamp(path, &listed[unread[k]].second);
        revision = ParseRevisionHeader(path, text, &operations_read);
      } catch (const FileError&) {
        file_errors[k] = std::current_exception();
        return;
      }
    }
    read[k] = {(*files)[unread[k]].second, std::move(revision.header),
               std::move(revision.checksum), operations_read};
  });
  for (const std::exception_ptr& error : file_errors) {
    if (error) std::rethrow_exception(error);
  }
  if (!trees) {
    keep_listing();
    files = &trees->live();
  }
  headers.reserve(headers.size() + files->size());
  checksums_.reserve(checksums_.size() + files->size());
  for (std::size_t i = 0, k = 0; i < files->size(); ++i) {
    RevisionIndex::Entry entry;
    if (cached[i]) {
      entry = take ? index->Take(*cached[i]) : *cached[i];
    } else {
      entry = std::move(read[k++]);
      if (use_index_) index->Put((*files)[i].first, entry);
    }
    checksums_.emplace_back(entry.header.id, std::move(entry.checksum));
    headers.push_back(std::move(entry.header));
  }
  return index;
}

const RevisionGraph& ScriptDirectory::graph() {
  if (graph_) return *graph_;
  checksums_.clear();
  checksums_sorted_ = false;
  parsed_.reset();  // saves what the last graph's loads parsed
  auto parsed = std::make_unique<ParsedCaches>();
  std::vector<RevisionHeader> headers;
  // Each folder's index is saved only once the whole graph is known to be
  // good, as with a single folder.
  std::vector<std::pair<std::unique_ptr<RevisionIndex>, const RevisionTreeCache*>> indexes;
  for (const std::filesystem::path& versions : version_locations_) {
    if (!std::filesystem::is_directory(versions)) {
      throw ConfigError("version location " + versions.string() +
                        " does not exist (create it, 'retort revision --version-path " +
                        versions.string() + "' does, or remove it from version_locations)");
    }
    auto index = ReadVersionLocation(versions, *parsed, headers);
    indexes.emplace_back(std::move(index), parsed->folders.back().second.get());
  }
  auto graph =
      std::make_unique<RevisionGraph>(AddCodeRevisions(std::move(headers), code_revisions_));
  if (use_index_) {
    for (auto& [index, trees] : indexes) index->Save(trees->live());
    parsed->save = true;
    parsed_ = std::move(parsed);
  }
  graph_ = std::move(graph);
  return *graph_;
}

Revision ScriptDirectory::Load(const RevisionHeader& header) const { return Load(header, false); }

Revision ScriptDirectory::LoadAsListed(const RevisionHeader& header) const {
  return Load(header, true);
}

Revision ScriptDirectory::Load(const RevisionHeader& header, bool as_listed) const {
  const CodeRevision* registration = FindCodeRevision(code_revisions_, header.id);
  if (registration && !IsCppFileNode(header, registration)) {
    return CodeRevisionOf(*registration, header, nullptr);
  }
  // The folder as text, as the graph joined it to the name ("/" at the root).
  const std::size_t slash = header.path.find_last_of('/');
  const std::string_view folder =
      slash == std::string::npos
          ? std::string_view()
          : std::string_view(header.path).substr(0, std::max<std::size_t>(slash, 1));
  RevisionTreeCache* const trees = parsed_ ? parsed_->For(folder) : nullptr;
  Revision revision = ReadThrough(trees, header.path, std::nullopt, as_listed);
  if (!(revision.header == header)) {
    throw FileError(header.path, 0,
                    "changed while retort was running (revision " + header.id + "); run again");
  }
  if (registration) return CodeRevisionOf(*registration, header, &revision);
  return revision;
}

std::string ScriptDirectory::Checksum(const RevisionHeader& header) {
  graph();
  // Sorted when first asked: heads and history never ask.
  if (!checksums_sorted_) {
    std::sort(checksums_.begin(), checksums_.end());
    checksums_sorted_ = true;
  }
  const auto it = std::lower_bound(checksums_.begin(), checksums_.end(), header.id,
                                   [](const auto& entry, const std::string& id) {
                                     return entry.first < id;
                                   });
  // A C++ revision registered without a file has no entry: Load knows.
  if (it != checksums_.end() && it->first == header.id) return it->second;
  return Load(header).checksum;
}

}  // namespace retort
