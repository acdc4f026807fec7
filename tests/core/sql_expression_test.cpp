// CanonicalSqlExpression's neutral form: how text is spaced, cased and
// grouped does not count; real differences, and the grouping that decides
// the meaning, stay. (A database's own print form: its dialect's tests.)
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "retort/sql_expression.h"

using retort::CanonicalSqlExpression;

TEST_CASE("spacing, case, comments and grouping parentheses do not count",
          "[sql_expression]") {
  const std::vector<std::pair<std::string, std::string>> same = {
      {"true", "TRUE"},
      {"CURRENT_TIMESTAMP", "current_timestamp"},
      {"(qty > 0)", "qty>0"},
      {"((rating >= 0) AND (rating <= 5))", "rating >= 0 AND rating <= 5"},
      {"(length(name) > 0)", "length( name ) > 0"},
      {"((a + b) + c)", "a + b + c"},
      {"(NOT (flag = 1))", "NOT flag = 1"},
      {"CASE WHEN (x > 0) THEN (1) ELSE 2 END", "case when x > 0 then 1 else 2 end"},
      {"((branch IS NULL) OR (branch > 0))", "branch IS NULL OR /* positive */ branch > 0"},
      {"(qty > 0)", "qty > 0 -- at least one\n"},
  };
  for (const auto& [shown, written] : same) {
    INFO(shown << " vs " << written);
    CHECK(CanonicalSqlExpression(shown) == CanonicalSqlExpression(written));
  }
}

TEST_CASE("grouping that decides the meaning is kept", "[sql_expression]") {
  CHECK(CanonicalSqlExpression("(a OR b) AND c") == "(a or b) and c");
  CHECK(CanonicalSqlExpression("((a OR b)) AND c") == "(a or b) and c");
  CHECK(CanonicalSqlExpression("a - (b - c)") == "a - (b - c)");
  CHECK(CanonicalSqlExpression("a * (b + c)") == "a * (b + c)");
  CHECK(CanonicalSqlExpression("NOT (a AND b)") == "not (a and b)");
  CHECK(CanonicalSqlExpression("-(a + b)") == "-(a + b)");
  // SQLite binds || tightest, PostgreSQL below +: kept where they disagree.
  CHECK(CanonicalSqlExpression("(a + b) || c") == "(a + b) || c");
  // Comparisons, LIKE, IN and IS group differently in the two databases.
  CHECK(CanonicalSqlExpression("x = (a LIKE b)") == "x = (a like b)");
  CHECK(CanonicalSqlExpression("(a = b) = c") == "(a = b) = c");
  // Lists, rows and subqueries keep their parentheses.
  CHECK(CanonicalSqlExpression("(a, b) = (1, 2)") == "(a, b) = (1, 2)");
  CHECK(CanonicalSqlExpression("(SELECT max(x) FROM t) > 0") == "(select max(x) from t) > 0");
}

TEST_CASE("real differences stay different", "[sql_expression]") {
  const std::vector<std::pair<std::string, std::string>> different = {
      {"'UTC'", "'utc'"},            // text inside quotes is data
      {"qty > 0", "qty >= 0"},       // another condition
      {"lower('X')", "upper('X')"},  // another function
      {"'x'::text", "'x'"},          // a database's print form is its dialect's to undo
      {"x = ANY (ARRAY[1, 2])", "x IN (1, 2)"},
      {"a BETWEEN 1 AND 2", "((a >= 1) AND (a <= 2))"},
      {"(a OR b) AND c", "a OR b AND c"},
  };
  for (const auto& [a, b] : different) {
    INFO(a << " vs " << b);
    CHECK(CanonicalSqlExpression(a) != CanonicalSqlExpression(b));
  }
}

TEST_CASE("the canonical form reads like SQL and is its own canonical form",
          "[sql_expression]") {
  CHECK(CanonicalSqlExpression("(length((name)) > 0)") == "length(name) > 0");
  CHECK(CanonicalSqlExpression("(direction IN ('a', 'b'))") == "direction in ('a', 'b')");
  CHECK(CanonicalSqlExpression("  CURRENT_TIMESTAMP ") == "current_timestamp");
  CHECK(CanonicalSqlExpression("x - -1") == "x - -1");
  CHECK(CanonicalSqlExpression("\"Mixed Case\" <> ''") == "\"Mixed Case\" <> ''");
  for (const char* text : {"((a > 0) AND (b > 0))", "(a OR b) AND c", "x in ('a', 'b')",
                           "CASE WHEN (x > 0) THEN 1 END", "- 1", "f((a + b), c)"}) {
    INFO(text);
    const std::string once = CanonicalSqlExpression(text);
    CHECK(CanonicalSqlExpression(once) == once);
  }
  CHECK(CanonicalSqlExpression("").empty());
}
