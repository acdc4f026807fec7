// An index on an expression, from a revision file to the database and back
// through reflection, on SQLite.
#include <catch2/catch.hpp>

#include "retort/commands.h"
#include "test_support.h"

using namespace retort;
using namespace retort::testing;

TEST_CASE("create_index takes expression items, which reflect back as expressions",
          "[sqlite][index]") {
  Project project;
  project.AddYamlRevision("e1e1e1e1e1e1", "", R"yaml(
  - create_table:
      name: people
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: email, type: text}
        - {name: born, type: date}
  - create_index:
      name: ix_people_email
      table: people
      columns: [{expression: lower(email)}, born, {column: id}]
)yaml");
  const Config config = project.config();
  MigrationListener quiet;
  Upgrade(config, "head", quiet);
  CHECK(Query(project.database(),
              "SELECT sql FROM sqlite_master WHERE name = 'ix_people_email'")[0][0] ==
        "CREATE INDEX ix_people_email ON people ((lower(email)), born, id)");
  const Schema schema = Inspect(config);
  REQUIRE(schema.indexes.size() == 1);
  CHECK(schema.indexes[0].columns == std::vector<std::string>{"lower(email)", "born", "id"});
  CHECK(schema.indexes[0].expressions == std::vector<int>{0});
  CHECK(Check(config).matches());
  Downgrade(config, "base", quiet);
  CHECK(Inspect(config).indexes.empty());
}
