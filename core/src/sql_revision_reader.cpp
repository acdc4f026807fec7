// The plain-SQL revision format:
//
//   -- revision: 3f2a9c1b7d4e
//   -- down_revision: 58ce9da45577
//   -- message: backfill phone numbers
//   -- dialect: sqlite                 (optional: the only dialect it runs on)
//   -- ddl_lock_timeout: 2             (optional, seconds; and ddl_lock_retries)
//   -- migrate:up
//   UPDATE ...;
//   -- migrate:down                    (optional)
//   UPDATE ...;
//
// Header values are YAML flow values, so lists ([a, b]) and null work as in
// YAML revisions.
#include "comment_header.h"
#include "retort/error.h"
#include "revision_readers.h"
#include "text_util.h"

namespace retort {

Revision ParseSqlRevision(const std::string& path, const std::string& text) {
  Revision revision;
  CommentHeaderReader header(path, "--", CommentHeaderKeys(), revision);
  std::string up, down;
  enum class Section { kHeader, kUp, kDown } section = Section::kHeader;
  int up_line = 0, down_line = 0;

  int line_number = 0;
  for (std::string_view line : text::Split(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view trimmed = text::Trim(line);
    if (trimmed == "-- migrate:up") {
      if (section != Section::kHeader) throw FileError(path, line_number, "a second '-- migrate:up'");
      section = Section::kUp;
      up_line = line_number;
      continue;
    }
    if (trimmed == "-- migrate:down") {
      if (section != Section::kUp) {
        throw FileError(path, line_number, "'-- migrate:down' must follow '-- migrate:up'");
      }
      section = Section::kDown;
      down_line = line_number;
      continue;
    }
    if (section == Section::kUp) {
      up += std::string(line) + "\n";
      continue;
    }
    if (section == Section::kDown) {
      down += std::string(line) + "\n";
      continue;
    }
    if (trimmed.empty() || header.Read(trimmed, line_number)) continue;
    if (header.IsComment(trimmed)) continue;  // an ordinary comment
    throw FileError(path, line_number, "SQL before '-- migrate:up'");
  }
  header.Finish();
  if (section == Section::kHeader) throw FileError(path, line_number, "no '-- migrate:up' section");

  auto as_execute = [&](std::string sql) {
    Execute op;
    if (header.dialect().empty()) {
      op.sql = std::move(sql);
    } else {
      op.dialect_sql[header.dialect()] = std::move(sql);
    }
    return op;
  };
  if (!text::Trim(up).empty()) revision.upgrade.push_back(RevisionOp{as_execute(up), up_line + 1});
  revision.how_to_add_downgrade =
      "add a '-- migrate:down' line after the upgrade SQL, followed by the SQL that undoes it";
  if (section == Section::kDown) {
    revision.downgrade.emplace();
    if (!text::Trim(down).empty()) {
      revision.downgrade->push_back(RevisionOp{as_execute(down), down_line + 1});
    }
  }
  revision.checksum = Sha256Hex(text);
  return revision;
}

}  // namespace retort
