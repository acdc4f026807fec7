// What the MySQL dialect reads from the live table before it changes it, on
// a real MariaDB server (RETORT_TEST_MYSQL_URL): MODIFY COLUMN states again
// everything the column had; a foreign key goes with the index MySQL made
// for it, and only that one; a column-level check is dropped the only way
// MariaDB allows; what the server would fill or repeat is refused.
#include <catch2/catch.hpp>

#include "cli_test_helpers.h"
#include "mysql_support.h"

using namespace retort::testing;

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::map<std::string, std::string> At(const MysqlDatabase& database) {
  return {{"RETORT_URL", database.url()}};
}

// The column's definition as SHOW CREATE TABLE prints it.
std::string Definition(const MysqlDatabase& database, const std::string& table,
                       const std::string& column) {
  const std::string create = database.Query("SHOW CREATE TABLE `" + table + "`")[0][1];
  const std::size_t at = create.find("\n  `" + column + "` ");
  REQUIRE(at != std::string::npos);
  return create.substr(at + 3, create.find('\n', at + 1) - at - 3);
}

}  // namespace

TEST_CASE("alter_column on MariaDB keeps what the column had besides the change",
          "[mysql][alter]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "", R"yaml(  - execute: >
      CREATE TABLE items (id INT PRIMARY KEY AUTO_INCREMENT,
        code VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        touched TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
        qty INT CHECK (qty > 0), doc JSON, `unit price` INT,
        total INT AS (`unit price` * 2) STORED)
)yaml");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          R"yaml(  - alter_column: {table: items, column: id, type: bigint}
  - alter_column: {table: items, column: code, comment: the code}
  - alter_column: {table: items, column: touched, comment: last change}
  - alter_column: {table: items, column: qty, nullable: false, fill_nulls: "1"}
  - alter_column: {table: items, column: doc, comment: a document}
  - alter_column: {table: items, column: total, comment: twice the price}
)yaml");
  RunOk(project, {"upgrade", "head"}, At(database));
  CHECK(Definition(database, "items", "id") == "`id` bigint(20) NOT NULL AUTO_INCREMENT,");
  CHECK(Definition(database, "items", "code") ==
        "`code` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT 'the "
        "code',");
  CHECK(Definition(database, "items", "touched") ==
        "`touched` timestamp(6) NOT NULL DEFAULT current_timestamp(6) ON UPDATE "
        "current_timestamp(6) COMMENT 'last change',");
  CHECK(Definition(database, "items", "qty") == "`qty` int(11) NOT NULL CHECK (`qty` > 0),");
  CHECK_THAT(Definition(database, "items", "doc"),
             Catch::Contains("COMMENT 'a document'") && Catch::Contains("json_valid(`doc`)"));
  CHECK(Definition(database, "items", "total") ==
        "`total` int(11) GENERATED ALWAYS AS (`unit price` * 2) STORED COMMENT 'twice the "
        "price',");
}

TEST_CASE("dropping a foreign key on MariaDB takes only the index MySQL made for it",
          "[mysql][drop_constraint]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "", R"yaml(  - execute: >
      CREATE TABLE teams (id INT PRIMARY KEY, code INT UNIQUE);
      CREATE TABLE players (id INT PRIMARY KEY, team_id INT, coach_id INT, KEY coach_id (coach_id),
        CONSTRAINT fk_by_id FOREIGN KEY (team_id) REFERENCES teams (id),
        CONSTRAINT fk_by_code FOREIGN KEY (team_id) REFERENCES teams (code),
        FOREIGN KEY (coach_id) REFERENCES teams (id))
)yaml");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          R"yaml(  - drop_constraint: {table: players, name: fk_by_code}
  - drop_constraint: {table: players, name: players_ibfk_1}
)yaml");
  const std::string indexes =
      "SELECT INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND "
      "TABLE_NAME = 'players' ORDER BY INDEX_NAME";
  RunOk(project, {"upgrade", "aaaaaaaaaaaa"}, At(database));
  // MariaDB made one index over team_id for both keys.
  const Rows before = database.Query(indexes);
  REQUIRE(before.size() == 3);
  RunOk(project, {"upgrade", "head"}, At(database));
  // The other key over team_id still needs its index; the user's own
  // coach_id index, which the unnamed key used, stays.
  CHECK(database.Query(indexes) == before);
  // A key's own index goes with it.
  MysqlDatabase own;
  Project alone;
  alone.AddYamlRevision("aaaaaaaaaaaa", "", R"yaml(  - execute: >
      CREATE TABLE teams (id INT PRIMARY KEY);
      CREATE TABLE players (id INT PRIMARY KEY, team_id INT,
        CONSTRAINT fk_team FOREIGN KEY (team_id) REFERENCES teams (id))
)yaml");
  alone.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                        "  - drop_constraint: {table: players, name: fk_team}\n");
  RunOk(alone, {"upgrade", "aaaaaaaaaaaa"}, At(own));
  CHECK(own.Query(indexes) == Rows{{"fk_team"}, {"PRIMARY"}});
  RunOk(alone, {"upgrade", "head"}, At(own));
  CHECK(own.Query(indexes) == Rows{{"PRIMARY"}});
}

TEST_CASE("a column-level check on MariaDB is dropped with its column's definition",
          "[mysql][drop_constraint]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - execute: CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL "
                          "DEFAULT 1 COMMENT 'units' CHECK (qty > 0))\n");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          "  - drop_constraint: {table: stock, type: check, condition: \"qty > "
                          "0\"}\n");
  RunOk(project, {"upgrade", "head"}, At(database));
  CHECK(Definition(database, "stock", "qty") ==
        "`qty` int(11) NOT NULL DEFAULT 1 COMMENT 'units',");
  database.Exec("INSERT INTO stock VALUES (1, -5)");
}

TEST_CASE("MariaDB refuses to fill a new NOT NULL column with zeros and runs a revision's SQL once",
          "[mysql][add_column]") {
  MysqlDatabase database;
  Project project;
  project.AddYamlRevision("aaaaaaaaaaaa", "",
                          "  - create_table: {name: t, columns: [{name: id, type: integer}]}\n"
                          "  - execute: INSERT INTO t VALUES (1)\n");
  project.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                          "  - add_column: {table: t, column: {name: m, type: integer}}\n"
                          "  - add_column: {table: t, column: {name: n, type: integer, nullable: "
                          "false}}\n");
  RunOk(project, {"upgrade", "aaaaaaaaaaaa"}, At(database));
  const ProcessResult refused = Retort(project, {"upgrade", "head"}, At(database));
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err,
             Catch::Contains("NOT NULL without a server_default") && Catch::Contains("fill it"));
  // Refused before a statement of its own: the one before it ran, and it is
  // the one that failed.
  CHECK_THAT(refused.err, Catch::Contains("  ran: line 5, add_column t.m: ALTER TABLE `t` ADD "
                                          "COLUMN `m` INT") &&
                              Catch::Contains("\n  failed: line 6, add_column t.n\n"));
  CHECK(database.Query("SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = "
                       "DATABASE() AND TABLE_NAME = 't' ORDER BY ORDINAL_POSITION") ==
        Rows{{"id"}, {"m"}});

  // A revision's own SQL whose ALTER the server refuses is not run again
  // with another algorithm: the INSERT before it ran once.
  MysqlDatabase other;
  Project sql;
  sql.AddYamlRevision("aaaaaaaaaaaa", "",
                      "  - execute: \"CREATE TABLE log (n INT); CREATE TABLE u (id INT)\"\n");
  sql.AddYamlRevision("bbbbbbbbbbbb", "aaaaaaaaaaaa",
                      "  - execute: \"INSERT INTO log VALUES (1); ALTER TABLE u MODIFY id "
                      "BIGINT, ALGORITHM=INSTANT\"\n");
  RunOk(sql, {"upgrade", "aaaaaaaaaaaa"}, At(other));
  CHECK(Retort(sql, {"upgrade", "head"}, At(other)).exit_code == 1);
  CHECK(other.Query("SELECT COUNT(*) FROM log") == Rows{{"1"}});
}
