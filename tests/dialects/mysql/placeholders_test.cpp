// Where MySQL text has the contract's ":name" placeholders, and whether it
// holds one statement. Pure: no server.
#include <catch2/catch.hpp>

#include "mysql_placeholders.h"

using retort::mysql::FindPlaceholders;
using retort::mysql::HoldsSeveralStatements;

namespace {

std::vector<std::string> Names(std::string_view sql) {
  std::vector<std::string> names;
  for (const auto& placeholder : FindPlaceholders(sql)) names.push_back(placeholder.name);
  return names;
}

}  // namespace

TEST_CASE("MySQL placeholders are found outside strings names and comments", "[mysql][query]") {
  using Names_ = std::vector<std::string>;
  CHECK(Names("UPDATE t SET a = :a, b=:b WHERE id = :id") == Names_{"a", "b", "id"});
  CHECK(Names("SELECT ':x', \":y\", `:z`, 'it\\':s' FROM t WHERE a = :a") == Names_{"a"});
  CHECK(Names("SELECT 1 -- :no\n, 2 # :nor\n, /* :neither */ :yes") == Names_{"yes"});
  CHECK(Names("SET @v := 1") == Names_{});
  CHECK(Names("SELECT a:b FROM t") == Names_{});  // inside a word, not a placeholder
  // "--" without a blank after it is two minus signs, not a comment.
  CHECK(Names("SELECT 1--:x") == Names_{"x"});
  const auto found = FindPlaceholders("x = :name + 1");
  REQUIRE(found.size() == 1);
  CHECK(found[0].begin == 4);
  CHECK(found[0].end == 9);
}

TEST_CASE("MySQL text of two statements is told from one", "[mysql][query]") {
  CHECK_FALSE(HoldsSeveralStatements("SELECT 1"));
  CHECK_FALSE(HoldsSeveralStatements("SELECT 1;  \n"));
  CHECK_FALSE(HoldsSeveralStatements("SELECT ';' -- ; not\n"));
  CHECK_FALSE(HoldsSeveralStatements("SELECT 1; /* a comment */ # and another"));
  CHECK(HoldsSeveralStatements("SELECT 1; SELECT 2"));
  CHECK(HoldsSeveralStatements("DELETE FROM t;DROP TABLE t"));
}
