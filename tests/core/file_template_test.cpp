// file_template: Alembic's %-grammar for the names of new revision files, and
// the templates retort refuses.
#include "file_template.h"

#include <catch2/catch.hpp>
#include <string>

#include "retort/error.h"

namespace {

using Catch::Contains;
using retort::ConfigError;
using retort::FileNameFields;
using retort::FileTemplateProblem;
using retort::FormatFileName;

// 2024-06-07 09:05:03 UTC.
constexpr std::time_t kCreated = 1717751103;

FileNameFields Fields(const std::string& slug = "add_nickname") {
  return FileNameFields{"3f2a9c1b7d4e", slug, kCreated};
}

}  // namespace

TEST_CASE("the default file_template is the id, then the slug", "[file_template]") {
  CHECK(FormatFileName(retort::kDefaultFileTemplate, Fields()) == "3f2a9c1b7d4e_add_nickname");
}

TEST_CASE("file_template fields format as Python's %-operator formats them", "[file_template]") {
  CHECK(FormatFileName("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s",
                       Fields()) == "2024_06_07_0905-3f2a9c1b7d4e_add_nickname");
  CHECK(FormatFileName("%(epoch)s_%(rev)s", Fields()) == "1717751103_3f2a9c1b7d4e");
  CHECK(FormatFileName("%(second)02d_%(month)d_%(rev).6s", Fields()) == "03_6_3f2a9c");
  CHECK(FormatFileName("%(rev)s_%(minute)3d", Fields()) == "3f2a9c1b7d4e_  5");
  CHECK(FormatFileName("%(rev)s_100%%", Fields()) == "3f2a9c1b7d4e_100%");
}

TEST_CASE("file_template drops the separators an empty slug leaves at either end",
          "[file_template]") {
  CHECK(FormatFileName("%(rev)s_%(slug)s", Fields("")) == "3f2a9c1b7d4e");
  CHECK(FormatFileName("%(slug)s-%(rev)s", Fields("")) == "3f2a9c1b7d4e");
}

TEST_CASE("a file_template that cannot name files says why", "[file_template]") {
  CHECK(FileTemplateProblem("%(rev)s_%(slug)s").empty());
  CHECK_THAT(FileTemplateProblem("%(year)d_%(slug)s"), Contains("must use %(rev)s"));
  CHECK_THAT(FileTemplateProblem("%(rev)s/%(slug)s"), Contains("must not contain '/'"));
  CHECK_THAT(FileTemplateProblem("%(revision)s"), Contains("unknown field %(revision)") &&
                                                      Contains("rev, slug, epoch, year"));
  CHECK_THAT(FileTemplateProblem("%(rev)s_%(slug)d"), Contains("%(slug)d needs a number"));
  CHECK_THAT(FileTemplateProblem("%(rev)"), Contains("must be followed by a conversion"));
  CHECK_THAT(FileTemplateProblem("%(rev"), Contains("without a closing ')'"));
  CHECK_THAT(FileTemplateProblem("%rev_%(rev)s"), Contains("write %% for a '%'"));
  CHECK_THROWS_AS(FormatFileName("%(nope)s", Fields()), ConfigError);
}
