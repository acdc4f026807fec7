// The names of new revision files, from retort.ini's file_template: Alembic's
// "%(rev)s_%(slug)s" grammar, so that a file_template line copied from an
// alembic.ini names files the same way.
#ifndef RETORT_CORE_FILE_TEMPLATE_H_
#define RETORT_CORE_FILE_TEMPLATE_H_

#include <ctime>
#include <string>
#include <string_view>

namespace retort {

// The default: the id, then the slug of the message.
inline constexpr std::string_view kDefaultFileTemplate = "%(rev)s_%(slug)s";

// What a file name may use: the revision id, the message's slug, and the
// creation time (UTC, the create_date written into the file).
struct FileNameFields {
  std::string rev;
  std::string slug;
  std::time_t epoch = 0;
};

// The file name (without extension) `file_template` gives for `fields`.
// `file_template` uses Python's %-formatting as Alembic does after its ini
// file is read: %(name)s, %(name)d, %(name).2d, %(name)02d, and %% for '%'.
// Names: rev, slug, epoch, year, month, day, hour, minute, second. Leading
// and trailing '_', '-' and '.' are dropped (an empty slug leaves the name
// "abc123", not "abc123_"). Throws ConfigError saying what is wrong, without
// saying where: the caller knows.
std::string FormatFileName(std::string_view file_template, const FileNameFields& fields);

// Why `file_template` cannot name revision files ("" when it can): it does
// not parse, it does not use %(rev)s (retort finds a revision's file, and
// tells whether an id is taken, by the id in its name), or it would put a
// '/' in a name.
std::string FileTemplateProblem(std::string_view file_template);

}  // namespace retort

#endif  // RETORT_CORE_FILE_TEMPLATE_H_
