// MariaDB's print of an expression (backquoted names, current_timestamp(),
// lcase, octet_length, charset introducers) and the text a person wrote
// reach one canonical form through the dialect's CanonicalExpression.
// Pure: no server.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "mysql_expression.h"

using retort::mysql::CanonicalExpression;

TEST_CASE("MariaDB's print form reads as the text written", "[mysql][sql_expression]") {
  // The server's text on the left (as information_schema shows it), what a
  // revision says on the right.
  const std::vector<std::pair<std::string, std::string>> same = {
      {"`qty` > 0", "qty > 0"},
      {"`status` in ('a','b')", "status IN ('a', 'b')"},
      {"`a` > 0 and `b` < 5", "(a > 0) AND (b < 5)"},
      {"current_timestamp()", "CURRENT_TIMESTAMP"},
      {"current_timestamp(6)", "current_timestamp"},
      {"lcase(`name`)", "lower(name)"},
      {"octet_length(`display_name`) > 0", "length(display_name) > 0"},
      {"`Qty` * 2", "qty * 2"},
      {"_utf8mb4'open'", "'open'"},
      {"(1 + 2)", "1 + 2"},
  };
  for (const auto& [shown, written] : same) {
    INFO(shown << " vs " << written);
    CHECK(CanonicalExpression(shown) == CanonicalExpression(written));
  }
  CHECK(CanonicalExpression("`qty` > 0") == "qty > 0");
  // A name that needs quoting keeps it, in the other dialects' quotes.
  CHECK(CanonicalExpression("`order date` is not null") == "\"order date\" is not null");
}

TEST_CASE("MariaDB's canonical form keeps real differences", "[mysql][sql_expression]") {
  CHECK(CanonicalExpression("`qty` > 0") != CanonicalExpression("qty >= 0"));
  CHECK(CanonicalExpression("'A'") != CanonicalExpression("'a'"));
  CHECK(CanonicalExpression("`order date`") != CanonicalExpression("order_date"));
  for (const char* text : {"`a` > 0 and `b` < 5", "current_timestamp(6)", "lcase(`x`)"}) {
    const std::string once = CanonicalExpression(text);
    CHECK(CanonicalExpression(once) == once);
  }
}

TEST_CASE("MariaDB's view text loses only the database's qualifier", "[mysql][view]") {
  using retort::mysql::ViewDefinition;
  CHECK(ViewDefinition("select `shop`.`boards`.`id` AS `id` from `shop`.`boards` where "
                       "`shop`.`boards`.`id` > 1",
                       "shop") ==
        "select `boards`.`id` AS `id` from `boards` where `boards`.`id` > 1");
  // Another database's qualifier stays, and so does text in strings and
  // names that only looks like the qualifier.
  CHECK(ViewDefinition("select `other`.`b`.`id` AS `id`, '`shop`.x' AS `s`, `shop``x`.`y` "
                       "from `other`.`b`",
                       "shop") ==
        "select `other`.`b`.`id` AS `id`, '`shop`.x' AS `s`, "
        "`shop``x`.`y` from `other`.`b`");
  CHECK(ViewDefinition("select 'it''s \\' `shop`.' AS `q`", "shop") ==
        "select 'it''s \\' `shop`.' AS `q`");
}
