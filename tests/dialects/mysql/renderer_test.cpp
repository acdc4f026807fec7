// The MySQL dialect's SQL: native ALTER TABLE asking for the algorithm each
// change should get, MODIFY restating the whole column, and what InnoDB
// lacks refused before anything runs. Pure: no server.
#include <catch2/catch.hpp>

#include "mysql_algorithm.h"
#include "mysql_renderer.h"
#include "retort/error.h"
#include "retort/type.h"

using namespace retort;
using namespace retort::mysql;

namespace {

const QualifiedName kUsers{"", "users"};

std::vector<std::string> Render(const Operation& op) { return MysqlRenderer().Render(op); }

Column Col(std::string name, std::string_view type, bool nullable = true) {
  Column column;
  column.name = std::move(name);
  column.type = ParseType(type);
  column.nullable = nullable;
  return column;
}

}  // namespace

TEST_CASE("MySQL renders each change with the ALTER algorithm it should get", "[mysql][render]") {
  AddColumn add{kUsers, Col("nick", "string(20)"), std::nullopt};
  CHECK(Render(add) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD COLUMN `nick` VARCHAR(20) NULL, "
                                 "ALGORITHM=INSTANT"});
  CreateIndex index;
  index.index = Index{"ix_users_nick", kUsers, {"nick"}, false, ""};
  index.concurrently = true;  // what InnoDB does anyway
  CHECK(Render(index) ==
        std::vector<std::string>{"ALTER TABLE `users` ADD INDEX `ix_users_nick` (`nick`), "
                                 "ALGORITHM=INPLACE, LOCK=NONE"});
  CreateCheckConstraint check{kUsers, {"ck_nick", "nick <> ''"}, false};
  CHECK(Render(check) == std::vector<std::string>{
                             "ALTER TABLE `users` ADD CONSTRAINT `ck_nick` CHECK (nick <> '')"});
  DropIndex drop;
  drop.name = QualifiedName{"", "ix_users_nick"};
  drop.table = "users";
  CHECK(Render(drop) == std::vector<std::string>{
                            "ALTER TABLE `users` DROP INDEX `ix_users_nick`, ALGORITHM=INPLACE, "
                            "LOCK=NONE"});
  // Without its table, DROP INDEX needs the database.
  drop.table.clear();
  CHECK_THROWS_WITH(Render(drop), Catch::Contains("names none"));
}

TEST_CASE("MySQL's MODIFY restates the whole column from what the revision says",
          "[mysql][render]") {
  AlterColumn alter;
  alter.table = kUsers;
  alter.column = "nick";
  alter.type = ParseType("string(40)");
  CHECK_THROWS_WITH(Render(alter), Catch::Contains("existing_nullable") &&
                                       Catch::Contains("existing_server_default") &&
                                       Catch::Contains("existing_comment"));
  alter.existing_type = ParseType("string(20)");
  alter.existing_nullable = false;
  alter.existing_server_default = OptionalText("'x'");
  alter.existing_comment = OptionalText("shown name");
  CHECK(Render(alter) ==
        std::vector<std::string>{"ALTER TABLE `users` MODIFY COLUMN `nick` VARCHAR(40) NOT NULL "
                                 "DEFAULT 'x' COMMENT 'shown name', ALGORITHM=INSTANT"});
  alter.type = ParseType("text");  // another type: the server copies the table
  CHECK(AlgorithmOf(Render(alter).front()) == Algorithm::kCopy);
  alter.type.reset();
  alter.nullable = true;  // NULLs allowed: InnoDB works in place
  CHECK(AlgorithmOf(Render(alter).front()) == Algorithm::kInplace);
}

TEST_CASE("MySQL refuses what InnoDB lacks before anything runs", "[mysql][render]") {
  ForeignKey key{"fk", {"team_id"}, {"", "teams"}, {"id"}, std::nullopt, std::nullopt, true, ""};
  CHECK_THROWS_WITH(Render(CreateForeignKey{kUsers, key, false}), Catch::Contains("no DEFERRABLE"));
  key.deferrable = false;
  key.on_delete = ReferentialAction::kSetDefault;
  CHECK_THROWS_WITH(Render(CreateForeignKey{kUsers, key, false}),
                    Catch::Contains("no SET DEFAULT"));
  CreateIndex partial;
  partial.index = Index{"ix", kUsers, {"nick"}, false, "status = 'live'"};
  CHECK_THROWS_AS(Render(partial), OperationError);
  CHECK_THROWS_WITH(MysqlRenderer().QuoteIdentifier(std::string(65, 'n')),
                    Catch::Contains("at most 64"));
}

TEST_CASE("a refused ALTER algorithm steps down to the next one", "[mysql][render]") {
  const std::string instant = "ALTER TABLE `t` DROP COLUMN `c`, ALGORITHM=INSTANT";
  const auto inplace = WithWeakerAlgorithm(instant);
  REQUIRE(inplace);
  CHECK(*inplace == "ALTER TABLE `t` DROP COLUMN `c`, ALGORITHM=INPLACE, LOCK=NONE");
  const auto locked = WithWeakerAlgorithm(*inplace);
  REQUIRE(locked);
  CHECK(*locked == "ALTER TABLE `t` DROP COLUMN `c`, ALGORITHM=INPLACE");
  const auto copy = WithWeakerAlgorithm(*locked);
  REQUIRE(copy);
  CHECK(*copy == "ALTER TABLE `t` DROP COLUMN `c`");
  CHECK_FALSE(WithWeakerAlgorithm(*copy));
  CHECK(AlgorithmOf(*copy) == Algorithm::kCopy);
}
