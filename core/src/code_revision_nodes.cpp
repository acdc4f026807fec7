#include "code_revision_nodes.h"

#include <fstream>
#include <map>

#include "retort/error.h"
#include "text_util.h"

namespace retort {
namespace {

std::string ListText(const std::vector<std::string>& values) {
  return "[" + text::Join(values, ", ") + "]";
}

// "file:line" of the "// key:" header line of a .cpp revision; the file
// alone when the key is not written (it then reads as empty).
std::string WhereCppKey(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    std::string_view text = text::Trim(line);
    if (!text.starts_with("//")) {
      if (text.empty()) continue;
      break;
    }
    text = text::Trim(text.substr(2));
    if (text.starts_with(key) && text::Trim(text.substr(key.size())).starts_with(":")) {
      return path + ":" + std::to_string(number);
    }
  }
  return path;
}

// The first header field in which the file's header and the registration
// differ, as the message that names both; "" when they agree.
std::string Disagreement(const RevisionHeader& file, const CodeRevision& registration) {
  struct Field {
    const char* key;
    std::string in_file;
    std::string registered;
  };
  const Field fields[] = {
      {"down_revision", ListText(file.down_revisions), ListText(registration.down_revisions)},
      {"branch_labels", ListText(file.branch_labels), ListText(registration.branch_labels)},
      {"depends_on", ListText(file.depends_on), ListText(registration.depends_on)},
      {"message", "'" + file.message + "'", "'" + registration.message + "'"},
  };
  for (const Field& field : fields) {
    if (field.in_file == field.registered) continue;
    return WhereCppKey(file.path, field.key) + ": revision " + file.id + " has " + field.key +
           " " + field.in_file + ", but its registration at " + registration.source + " says " +
           field.registered + "; make the two agree (the file's header is what the retort "
           "program sees)";
  }
  return "";
}

}  // namespace

const CodeRevision* FindCodeRevision(const std::vector<CodeRevision>& registered,
                                     const std::string& id) {
  for (const CodeRevision& registration : registered) {
    if (registration.revision == id) return &registration;
  }
  return nullptr;
}

bool IsCppFileNode(const RevisionHeader& header, const CodeRevision* registration) {
  return header.path.ends_with(".cpp") && (!registration || header.path != registration->source);
}

std::vector<RevisionHeader> AddCodeRevisions(std::vector<RevisionHeader> headers,
                                             const std::vector<CodeRevision>& registered) {
  if (registered.empty()) return headers;  // most programs: no map of every id
  std::map<std::string, const RevisionHeader*> files;
  for (const RevisionHeader& header : headers) files.emplace(header.id, &header);
  std::map<std::string, const CodeRevision*> seen;
  std::vector<RevisionHeader> added;
  for (const CodeRevision& registration : registered) {
    if (auto [first, inserted] = seen.emplace(registration.revision, &registration); !inserted) {
      throw RevisionError("revision " + registration.revision + " is registered twice: at " +
                          first->second->source + " and at " + registration.source);
    }
    if (auto file = files.find(registration.revision); file != files.end()) {
      const RevisionHeader& header = *file->second;
      if (!header.path.ends_with(".cpp")) {
        throw RevisionError("revision " + registration.revision + " is both the file " +
                            header.path + " and the C++ revision registered at " +
                            registration.source + "; give one of them a new id");
      }
      if (const std::string problem = Disagreement(header, registration); !problem.empty()) {
        throw RevisionError(problem);
      }
      continue;
    }
    RevisionHeader header;
    header.id = registration.revision;
    header.down_revisions = registration.down_revisions;
    header.branch_labels = registration.branch_labels;
    header.depends_on = registration.depends_on;
    header.message = registration.message;
    header.path = registration.source;
    added.push_back(std::move(header));
  }
  headers.insert(headers.end(), std::make_move_iterator(added.begin()),
                 std::make_move_iterator(added.end()));
  return headers;
}

Revision CodeRevisionOf(const CodeRevision& registration, const RevisionHeader& header,
                        const Revision* from_file) {
  Revision revision;
  revision.header = header;
  revision.transactional = registration.transactional;
  revision.how_to_add_downgrade = "give its registration at " + registration.source +
                                  " a downgrade function";
  revision.code = RevisionCode{registration.upgrade, registration.downgrade, true,
                               registration.source};
  if (from_file) {
    if (from_file->transactional != registration.transactional) {
      throw RevisionError(WhereCppKey(header.path, "transaction") + ": revision " + header.id +
                          " has transaction: " + (from_file->transactional ? "true" : "false") +
                          ", but its registration at " + registration.source + " says " +
                          (registration.transactional ? "true" : "false") +
                          "; make the two agree");
    }
    revision.checksum = from_file->checksum;
  }
  return revision;
}

}  // namespace retort
