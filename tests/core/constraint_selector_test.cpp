// drop_constraint without a name: which of a table's constraints its type
// and definition select (SelectConstraint, the rules every dialect shares),
// the messages when none or several match, how the revision reader takes
// such a drop, and its reverse.
#include <catch2/catch.hpp>

#include "retort/constraint_selector.h"
#include "retort/error.h"
#include "revision_readers.h"

using namespace retort;
using Catch::Contains;

namespace {

const QualifiedName kTable{"", "albums"};

// An unnamed foreign key without actions.
ForeignKey Key(std::vector<std::string> columns, QualifiedName referent,
               std::vector<std::string> referent_columns) {
  return ForeignKey{"", std::move(columns), std::move(referent), std::move(referent_columns),
                    std::nullopt, std::nullopt, false, ""};
}

// A table's constraints as a dialect reads them: names as the database
// keeps them, conditions as it prints them.
const std::vector<Constraint> kConstraints = {
    PrimaryKey{"albums_pkey", {"id"}},
    Key({"artist_id"}, {"public", "artists"}, {"id"}),
    Key({"label_id"}, {"", "labels"}, {}),  // REFERENCES labels: its key
    UniqueConstraint{"", {"title", "artist_id"}},
    UniqueConstraint{"uq_code", {"code"}},
    CheckConstraint{"albums_price_check", "(price >= (0)::numeric)"},
    CheckConstraint{"", "qty > 0"},
};

// A dialect's canonical form for this test: a print form that adds
// "::numeric", undone, over the neutral form.
std::string WithoutNumericCasts(std::string_view expression) {
  std::string text(expression);
  for (std::size_t at; (at = text.find("::numeric")) != std::string::npos;) text.erase(at, 9);
  return CanonicalSqlExpression(text);
}

std::size_t Select(const DropConstraint& drop, NameComparison names = NameComparison::kExact,
                   const ExpressionCanonicalizer& canonical = WithoutNumericCasts) {
  return SelectConstraint(drop, kTable, kConstraints, names, canonical);
}

DropConstraint Drop(ConstraintKind kind, std::optional<Constraint> existing) {
  return DropConstraint{kTable, "", kind, std::move(existing)};
}

Operation OnlyOp(const std::string& op) {
  const Revision revision = ParseYamlRevision(
      "abc123_x.yaml", "revision: abc123\ndown_revision: null\nupgrade:\n  - " + op + "\n");
  REQUIRE(revision.upgrade.size() == 1);
  return revision.upgrade[0].op;
}

}  // namespace

TEST_CASE("a selector finds the constraint of its type and definition",
          "[constraint_selector]") {
  CHECK(Select(Drop(ConstraintKind::kPrimaryKey, std::nullopt)) == 0);
  CHECK(Select(Drop(ConstraintKind::kPrimaryKey, PrimaryKey{"", {"id"}})) == 0);
  // A referent's schema or columns left out on one side do not count.
  CHECK(Select(Drop(ConstraintKind::kForeignKey,
                    Key({"artist_id"}, {"", "artists"}, {"id"}))) == 1);
  CHECK(Select(Drop(ConstraintKind::kForeignKey,
                    Key({"label_id"}, {"", "labels"}, {"id"}))) == 2);
  CHECK(Select(Drop(ConstraintKind::kUnique, UniqueConstraint{"", {"title", "artist_id"}})) == 3);
  // A named constraint is found by its definition too.
  CHECK(Select(Drop(ConstraintKind::kUnique, UniqueConstraint{"", {"code"}})) == 4);
  // Checks compare in canonical form: case, blanks, parentheses, casts.
  CHECK(Select(Drop(ConstraintKind::kCheck, CheckConstraint{"", "PRICE>=0"})) == 5);
  // The dialect's form decides: the neutral one alone leaves the cast.
  const auto neutral = [](std::string_view text) { return CanonicalSqlExpression(text); };
  CHECK_THROWS_AS(Select(Drop(ConstraintKind::kCheck, CheckConstraint{"", "PRICE>=0"}),
                         NameComparison::kExact, neutral),
                  OperationError);
  CHECK(Select(Drop(ConstraintKind::kCheck, CheckConstraint{"", "(qty > 0)"})) == 6);
}

TEST_CASE("a selector compares names as the dialect says", "[constraint_selector]") {
  const DropConstraint upper =
      Drop(ConstraintKind::kUnique, UniqueConstraint{"", {"TITLE", "Artist_Id"}});
  CHECK(Select(upper, NameComparison::kAsciiCaseInsensitive) == 3);
  CHECK_THROWS_WITH(Select(upper), Contains("table albums has no unique (TITLE, Artist_Id)"));
}

TEST_CASE("a selector that matches nothing or several lists the table's constraints",
          "[constraint_selector]") {
  const std::string listing =
      "its constraints: primary key albums_pkey (id); foreign key unnamed (artist_id) "
      "references public.artists (id); foreign key unnamed (label_id) references labels; "
      "unique unnamed (title, artist_id); unique uq_code (code); check albums_price_check "
      "((price >= (0)::numeric)); check unnamed (qty > 0)";
  // Columns compare in order.
  CHECK_THROWS_AS(Select(Drop(ConstraintKind::kUnique,
                              UniqueConstraint{"", {"artist_id", "title"}})),
                  OperationError);
  CHECK_THROWS_WITH(
      Select(Drop(ConstraintKind::kForeignKey, Key({"artist_id"}, {"", "labels"}, {"id"}))),
      Contains("table albums has no foreign key (artist_id) references labels (id) (" +
               listing + ")"));
  CHECK_THROWS_WITH(Select(Drop(ConstraintKind::kCheck, std::nullopt)),
                    Contains("2 constraints of table albums are check, and a drop_constraint "
                             "without a name must find exactly one (" +
                             listing + ")"));
  CHECK_THROWS_WITH(SelectConstraint(Drop(ConstraintKind::kPrimaryKey, std::nullopt), kTable, {},
                                     NameComparison::kExact, WithoutNumericCasts),
                    Contains("table albums has no primary key (it has none)"));
}

TEST_CASE("a drop without a name reads as a selector, and needs the whole definition",
          "[constraint_selector]") {
  const auto check = std::get<DropConstraint>(
      OnlyOp("drop_constraint: {table: albums, type: check, condition: \"qty > 0\"}"));
  CHECK(IsSelector(check));
  CHECK(std::get<CheckConstraint>(*check.existing) == CheckConstraint{"", "qty > 0"});
  CHECK(Describe(check) == "drop_constraint albums check (qty > 0)");
  // An empty name, as autogenerate once wrote, is no name.
  CHECK(IsSelector(std::get<DropConstraint>(
      OnlyOp("drop_constraint: {table: albums, name: \"\", type: unique, columns: [a]}"))));
  CHECK(IsSelector(std::get<DropConstraint>(
      OnlyOp("drop_constraint: {table: albums, type: primary}"))));

  for (const std::string op : {"drop_constraint: {table: albums}",
                               "drop_constraint: {table: albums, type: unique}",
                               "drop_constraint: {table: albums, type: foreignkey}",
                               "drop_constraint: {table: albums, type: check}"}) {
    INFO(op);
    CHECK_THROWS_WITH(OnlyOp(op), Contains("abc123_x.yaml:4: ") &&
                                      Contains("drop_constraint needs 'name', or 'type' and "
                                               "the constraint's definition"));
  }
}

TEST_CASE("the reverse of a drop without a name makes the constraint unnamed",
          "[constraint_selector]") {
  const ForeignKey key = Key({"artist_id"}, {"", "artists"}, {"id"});
  const auto created =
      std::get<CreateForeignKey>(*Reverse(Drop(ConstraintKind::kForeignKey, key)));
  CHECK(created.foreign_key == key);
  const auto check = std::get<CreateCheckConstraint>(
      *Reverse(Drop(ConstraintKind::kCheck, CheckConstraint{"", "qty > 0"})));
  CHECK(check.constraint == CheckConstraint{"", "qty > 0"});
  // Its reverse is the selector again.
  const auto again = std::get<DropConstraint>(*Reverse(check));
  CHECK(IsSelector(again));
  std::string why;
  CHECK_FALSE(Reverse(Drop(ConstraintKind::kPrimaryKey, std::nullopt), &why));
  CHECK_THAT(why, Contains("describe the dropped constraint"));
}
