// PostgreSQL's print of an expression (pg_get_expr's casts, = ANY (ARRAY[...])
// and parentheses) and the text a person wrote reach one canonical form
// through the dialect's CanonicalExpression; real differences stay. Pure: no
// server.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "postgresql_expression.h"

using retort::postgresql::CanonicalExpression;

TEST_CASE("PostgreSQL's casts, = ANY and parentheses read as the text written",
          "[postgresql][sql_expression]") {
  // PostgreSQL's text on the left, what a revision says on the right.
  const std::vector<std::pair<std::string, std::string>> same = {
      {"'UTC'::character varying", "'UTC'"},
      {"lower('X'::text)", "lower('X')"},
      {"'2024-01-02 03:04:05'::timestamp without time zone", "'2024-01-02 03:04:05'"},
      {"'{}'::jsonb", "'{}'"},
      {"'{}'::text[]", "'{}'"},
      {"'1.5'::numeric(10,2)", "'1.5'"},
      {"(price >= (0)::numeric)", "price >= 0"},
      {"(length((name)::text) > 0)", "length(name) > 0"},
      {"((status)::text = 'open'::text)", "status = 'open'"},
      {"((direction)::text = ANY ((ARRAY['inbound'::character varying, "
       "'outbound'::character varying])::text[]))",
       "direction IN ('inbound', 'outbound')"},
      {"((direction)::text = ANY ((ARRAY['a'::text, 'b'::text])))", "direction in ('a', 'b')"},
      {"(kind = ANY (ARRAY[1, 2]))", "kind in (1, 2)"},
      {"((kind)::integer > 0) AND ((note)::text <> ''::text)", "(kind > 0) and note <> ''"},
  };
  for (const auto& [shown, written] : same) {
    INFO(shown << " vs " << written);
    CHECK(CanonicalExpression(shown) == CanonicalExpression(written));
  }
  CHECK(CanonicalExpression("(length((name)::text) > 0)") == "length(name) > 0");
  CHECK(CanonicalExpression("(kind = ANY (ARRAY[1, 2]))") == "kind in (1, 2)");
}

TEST_CASE("PostgreSQL's canonical form keeps what is not its print form",
          "[postgresql][sql_expression]") {
  const std::vector<std::pair<std::string, std::string>> different = {
      {"'-1'::integer", "-1"},  // a constant shown as text: not undone, documented
      {"a BETWEEN 1 AND 2", "((a >= 1) AND (a <= 2))"},
      {"x = ANY (ARRAY[1, 2])", "x = ANY (ARRAY[1]) OR x = ANY (ARRAY[2])"},
      {"x = ANY (ARRAY[1, 2])", "x = any (array[1, 3])"},
  };
  for (const auto& [a, b] : different) {
    INFO(a << " vs " << b);
    CHECK(CanonicalExpression(a) != CanonicalExpression(b));
  }
  // Whatever ANY holds besides one ARRAY stays as written.
  CHECK(CanonicalExpression("x = ANY (ids)") == "x = any (ids)");
  CHECK(CanonicalExpression("x = ANY (ARRAY[1] || ARRAY[2])") ==
        "x = any (array [1] || array [2])");
  CHECK(CanonicalExpression("x = ANY ((ARRAY[1])) OR y") == "x in (1) or y");
  for (const char* text :
       {"((direction)::text = ANY ((ARRAY['a'::text])))", "'x'::text", "(a)::text[]"}) {
    INFO(text);
    const std::string once = CanonicalExpression(text);
    CHECK(CanonicalExpression(once) == once);
  }
}
