// Splitting SQL text into statements for revisions that run outside a
// transaction: only semicolons that end a statement count.
#include <catch2/catch.hpp>

#include "postgresql_statements.h"

using retort::postgresql::SplitStatements;
using Strings = std::vector<std::string>;

TEST_CASE("SplitStatements splits at semicolons that end statements", "[postgresql][split]") {
  CHECK(SplitStatements("CREATE INDEX CONCURRENTLY a ON t (x);\nCREATE INDEX CONCURRENTLY b ON t (y);\n") ==
        Strings{"CREATE INDEX CONCURRENTLY a ON t (x)", "\nCREATE INDEX CONCURRENTLY b ON t (y)"});
  CHECK(SplitStatements("SELECT 1") == Strings{"SELECT 1"});
  CHECK(SplitStatements("  ;; -- nothing\n/* at all */ ;").empty());
}

TEST_CASE("SplitStatements keeps semicolons inside strings, identifiers, bodies and comments",
          "[postgresql][split]") {
  CHECK(SplitStatements("SELECT 'a;b', 'it''s;'; SELECT 2") ==
        Strings{"SELECT 'a;b', 'it''s;'", " SELECT 2"});
  CHECK(SplitStatements("SELECT E'x\\';y'; SELECT 2") == Strings{"SELECT E'x\\';y'", " SELECT 2"});
  CHECK(SplitStatements("SELECT 1 AS \"a;b\"; SELECT 2") ==
        Strings{"SELECT 1 AS \"a;b\"", " SELECT 2"});
  CHECK(SplitStatements("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT 2") ==
        Strings{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", " SELECT 2"});
  CHECK(SplitStatements("DO $body$ BEGIN PERFORM 1; END $body$; SELECT $1") ==
        Strings{"DO $body$ BEGIN PERFORM 1; END $body$", " SELECT $1"});
  CHECK(SplitStatements("SELECT 1; -- a;\n/* b; /* nested; */ c; */ SELECT 2") ==
        Strings{"SELECT 1", " -- a;\n/* b; /* nested; */ c; */ SELECT 2"});
  CHECK(SplitStatements("CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2); SELECT 3") ==
        Strings{"CREATE RULE r AS ON INSERT TO t DO ALSO (SELECT 1; SELECT 2)", " SELECT 3"});
}

TEST_CASE("SplitStatements does not mistake identifiers for string prefixes or tags",
          "[postgresql][split]") {
  // "name'" is not E'...': the quote is a plain string after an identifier.
  CHECK(SplitStatements("SELECT some_e'\\'; SELECT 2") == Strings{"SELECT some_e'\\'", " SELECT 2"});
  // a$b$ is an identifier with dollars, not a dollar quote.
  CHECK(SplitStatements("SELECT a$b$c; SELECT 2") == Strings{"SELECT a$b$c", " SELECT 2"});
}
