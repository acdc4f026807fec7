// The contract's ":name" placeholders become libpq's $1, $2 ... only where
// PostgreSQL would read a placeholder. Pure: no server.
#include <catch2/catch.hpp>

#include "postgresql_placeholders.h"

using retort::postgresql::NumberPlaceholders;

namespace {

std::string Numbered(std::string_view sql, std::size_t expected_count) {
  const auto result = NumberPlaceholders(sql);
  CHECK(result.placeholders == expected_count);
  return result.sql;
}

}  // namespace

TEST_CASE("PostgreSQL placeholders: each :name becomes $1, $2 in order", "[postgresql][query]") {
  CHECK(Numbered("UPDATE t SET a = :a, b=:b WHERE id = :id", 3) ==
        "UPDATE t SET a = $1, b=$2 WHERE id = $3");
  CHECK(Numbered("INSERT INTO t VALUES (:first,:second)", 2) == "INSERT INTO t VALUES ($1,$2)");
  CHECK(Numbered("SELECT :_x1", 1) == "SELECT $1");
  CHECK(Numbered("SELECT 1", 0) == "SELECT 1");
  // A name used again takes its first number, and so the same value.
  CHECK(Numbered("SELECT :a, :b WHERE x = :a", 2) == "SELECT $1, $2 WHERE x = $1");
}

TEST_CASE("PostgreSQL placeholders: casts, slices and quoted text are left alone",
          "[postgresql][query]") {
  CHECK(Numbered("SELECT :v::bigint, x::text", 1) == "SELECT $1::bigint, x::text");
  CHECK(Numbered("SELECT a[1:n], a[lo:hi] FROM t", 0) == "SELECT a[1:n], a[lo:hi] FROM t");
  CHECK(Numbered("SELECT ':a', 'it''s :b', :c", 1) == "SELECT ':a', 'it''s :b', $1");
  CHECK(Numbered(R"(SELECT E'\' :a', :b)", 1) == R"(SELECT E'\' :a', $1)");
  // Outside E'', a backslash is an ordinary character.
  CHECK(Numbered(R"(SELECT '\', :b)", 1) == R"(SELECT '\', $1)");
  CHECK(Numbered(R"(SELECT ":a" FROM t WHERE x = :b)", 1) == R"(SELECT ":a" FROM t WHERE x = $1)");
}

TEST_CASE("PostgreSQL placeholders: comments and dollar-quoted bodies are left alone",
          "[postgresql][query]") {
  CHECK(Numbered("SELECT 1 -- :a\n, :b", 1) == "SELECT 1 -- :a\n, $1");
  CHECK(Numbered("SELECT /* :a /* :nested */ :still */ :b", 1) ==
        "SELECT /* :a /* :nested */ :still */ $1");
  CHECK(Numbered("DO $$ BEGIN PERFORM :a; END $$; SELECT :b", 1) ==
        "DO $$ BEGIN PERFORM :a; END $$; SELECT $1");
  CHECK(Numbered("SELECT $fn$ :a $x$ :b $fn$, :c", 1) == "SELECT $fn$ :a $x$ :b $fn$, $1");
  // $1 is a parameter of its own, not a dollar quote.
  CHECK(Numbered("SELECT $1, :a", 1) == "SELECT $1, $1");
  // An unterminated constant runs to the end: nothing after it is replaced.
  CHECK(Numbered("SELECT 'open :a", 0) == "SELECT 'open :a");
}
