// retort lint's ALTER algorithm rules for MySQL, checked against what a real
// MariaDB server (RETORT_TEST_MYSQL_URL) then does: a change lint calls
// INSTANT or INPLACE runs so without stepping down, and the one it calls a
// copy is the one a copy runs.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"
#include "mysql_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("lint's ALTER algorithm for MySQL is the one MariaDB runs", "[mysql][lint]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer, "
                          "primary_key: true}, {name: v, type: integer}, {name: s, type: "
                          "string(40)}]}\n"
                          "  - bulk_insert: {table: t, rows: [{id: 1, v: 2, s: kept}]}\n");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          "  - add_column: {table: t, column: {name: c, type: integer}}\n"
                          "  - create_index: {name: ix_t_s, table: t, columns: [s]}\n"
                          "  - alter_column: {table: t, column: v, type: bigint, "
                          "existing_type: integer}\n");
  const std::map<std::string, std::string> at = {{"RETORT_URL", database.url()}};

  const ProcessResult lint = RunOk(project, {"lint", "bbbbbbbbbbbb:bbbbbbbbbbbb"}, at);
  INFO(lint.out << lint.err);
  CHECK_THAT(lint.out, Catch::Contains("[mysql-algorithm-instant] add_column t.c") &&
                           Catch::Contains("[mysql-algorithm-inplace] create_index ix_t_s") &&
                           Catch::Contains("[mysql-algorithm-copy] alter_column t.v") &&
                           Catch::Contains("writes to t wait until the copy is done"));
  // A table the revisions make is nobody's yet: no findings for it.
  CHECK_THAT(RunOk(project, {"lint", "aaaaaaaaaaaa:aaaaaaaaaaaa"}, at).out,
             !Catch::Contains("[mysql-algorithm"));

  RunOk(project, {"upgrade", "aaaaaaaaaaaa"}, at);
  const ProcessResult upgrade = RunOk(project, {"upgrade", "head", "-v"}, at);
  INFO(upgrade.out << upgrade.err);
  // Nothing steps down: the server took each algorithm lint named.
  CHECK_THAT(upgrade.out + upgrade.err,
             !Catch::Contains("cannot do it with") &&
                 Catch::Contains("ADD COLUMN `c` INT NULL, ALGORITHM=INSTANT") &&
                 Catch::Contains("ADD INDEX `ix_t_s` (`s`), ALGORITHM=INPLACE, LOCK=NONE") &&
                 Catch::Contains("MODIFY COLUMN `v` BIGINT NULL"));
  CHECK(database.Query("SELECT v FROM t") == std::vector<std::vector<std::string>>{{"2"}});
}
