// NormalizeForComparison: each rule brings a hand-written schema to the
// canonical form reflection gives, and leaves real differences alone.
#include <catch2/catch.hpp>

#include "retort/builtin_dialects.h"
#include "retort/conformance.h"
#include "retort/dialect_loader.h"

using namespace retort;

namespace {

Column Col(std::string name, std::string_view type) {
  Column column;
  column.name = std::move(name);
  column.type = ParseType(type);
  return column;
}

Table TableOf(std::string name, std::vector<Column> columns) {
  Table table;
  table.name = QualifiedName{"", std::move(name)};
  table.columns = std::move(columns);
  return table;
}

Schema One(Table table) {
  Schema schema;
  schema.tables.push_back(std::move(table));
  return schema;
}

// Whether `a` and `b` compare equal once normalized.
bool SameAfterNormalizing(const Schema& a, const Schema& b) {
  return NormalizeForComparison(a) == NormalizeForComparison(b);
}

}  // namespace

TEST_CASE("rule 1: column-level keys and unique flags read as table-level ones",
          "[conformance][normalize]") {
  Column id = Col("id", "integer");
  id.primary_key = true;
  Column code = Col("code", "string(10)");
  code.unique = true;
  const Schema declared = One(TableOf("t", {id, code}));

  Table reflected = TableOf("t", {Col("id", "integer"), Col("code", "string(10)")});
  reflected.columns[0].nullable = false;  // a key column is NOT NULL
  reflected.primary_key = PrimaryKey{"", {"id"}};
  reflected.unique_constraints = {{"", {"code"}}};
  CHECK(SameAfterNormalizing(declared, One(reflected)));

  // A nullable column in a table-level key stays nullable: SQLite allows it,
  // and a difference there is real.
  Table nullable_key = reflected;
  nullable_key.columns[0].nullable = true;
  CHECK(NormalizeForComparison(One(nullable_key)).tables[0].columns[0].nullable);
  CHECK_FALSE(SameAfterNormalizing(One(nullable_key), One(reflected)));
}

TEST_CASE("rule 2: defaults spelled out equal omitted ones", "[conformance][normalize]") {
  Table spelled = TableOf("t", {Col("a", "integer"), Col("price", "numeric(10)")});
  spelled.foreign_keys = {ForeignKey{.columns = {"a"},
                                     .referent = {"", "r"},
                                     .referent_columns = {"id"},
                                     .on_delete = ReferentialAction::kNoAction,
                                     .on_update = ReferentialAction::kNoAction,
                                     .deferrable = true,
                                     .initially = "immediate"}};
  Table omitted = spelled;
  omitted.columns[1].type = ParseType("numeric(10,0)");
  omitted.foreign_keys[0].on_delete.reset();
  omitted.foreign_keys[0].on_update.reset();
  omitted.foreign_keys[0].initially.clear();
  CHECK(SameAfterNormalizing(One(spelled), One(omitted)));

  Table deferred = spelled;
  deferred.foreign_keys[0].initially = "deferred";
  CHECK(NormalizeForComparison(One(deferred)).tables[0].foreign_keys[0].initially == "DEFERRED");
  CHECK_FALSE(SameAfterNormalizing(One(deferred), One(omitted)));
  // A real action is kept.
  Table cascading = omitted;
  cascading.foreign_keys[0].on_delete = ReferentialAction::kCascade;
  CHECK_FALSE(SameAfterNormalizing(One(cascading), One(omitted)));
}

TEST_CASE("rule 3: expressions are in canonical form wherever the model has them",
          "[conformance][normalize]") {
  Column shown = Col("zone", "string(64)");
  shown.server_default = "('UTC')";
  Column written = Col("zone", "string(64)");
  written.server_default = "'UTC'";
  Table checked = TableOf("t", {shown});
  checked.check_constraints = {{"ck", "((zone) <> '')"}};
  Table declared = TableOf("t", {written});
  declared.check_constraints = {{"ck", "ZONE <> ''"}};
  Schema with_index = One(checked);
  with_index.indexes = {Index{"ix", {"", "t"}, {"zone"}, false, "((zone = 'UTC'))"}};
  Schema declared_index = One(declared);
  declared_index.indexes = {Index{"ix", {"", "t"}, {"zone"}, false, "zone = 'UTC'"}};
  CHECK(SameAfterNormalizing(with_index, declared_index));

  // A database's own print form is its dialect's to undo: PostgreSQL's casts
  // count in the neutral form, not in PostgreSQL's.
  RegisterBuiltinDialects();
  const Dialect& postgresql = FindDialectForScheme("postgresql");
  with_index.tables[0].columns[0].server_default = "'UTC'::character varying";
  with_index.tables[0].check_constraints = {{"ck", "((zone)::text <> ''::text)"}};
  with_index.indexes[0].where = "((zone)::text = 'UTC'::text)";
  CHECK_FALSE(SameAfterNormalizing(with_index, declared_index));
  CHECK(NormalizeForComparison(with_index, postgresql) ==
        NormalizeForComparison(declared_index, postgresql));

  // An index expression is canonical, a column name is left alone.
  Schema expression = One(TableOf("t", {Col("Zone", "text")}));
  expression.indexes = {Index{.name = "ix", .table = {"", "t"}, .columns = {"Zone", "LOWER(Zone)"},
                              .expressions = {1}}};
  const Index normalized = NormalizeForComparison(expression).indexes[0];
  CHECK(normalized.columns == std::vector<std::string>{"Zone", "lower(zone)"});

  // Generated columns and domains too.
  Column total = Col("total", "integer");
  total.generated = GeneratedColumn{"(QTY * 2)", true};
  Schema domain = One(TableOf("t", {total}));
  domain.domains = {Domain{.name = {"", "year"},
                           .type = ParseType("integer"),
                           .server_default = "(1901)",
                           .check_constraints = {{"", "((VALUE >= 1901))"}}}};
  const Schema canonical = NormalizeForComparison(domain);
  CHECK(canonical.tables[0].columns[0].generated->expression == "qty * 2");
  CHECK(canonical.domains[0].server_default == "1901");
  CHECK(canonical.domains[0].check_constraints[0].condition == "value >= 1901");
}

TEST_CASE("names and schemas are compared as they are: reflection undoes its own",
          "[conformance][normalize]") {
  Table named = TableOf("orders", {Col("id", "integer")});
  named.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  Table unnamed = named;
  unnamed.primary_key->name.clear();
  CHECK_FALSE(SameAfterNormalizing(One(named), One(unnamed)));
  Table qualified = unnamed;
  qualified.name.schema = "public";
  CHECK_FALSE(SameAfterNormalizing(One(qualified), One(unnamed)));
}

TEST_CASE("normalizing is idempotent and sorts", "[conformance][normalize]") {
  Table table = TableOf("t", {Col("a", "integer"), Col("b", "integer")});
  table.unique_constraints = {{"t_b_key", {"b"}}, {"t_a_key", {"a"}}};
  const Schema once = NormalizeForComparison(One(table));
  CHECK(NormalizeForComparison(once) == once);
  REQUIRE(once.tables[0].unique_constraints.size() == 2);
  CHECK(once.tables[0].unique_constraints[0].columns == std::vector<std::string>{"a"});
}

TEST_CASE("comments can be left out for a database that keeps none", "[conformance][normalize]") {
  Table table = TableOf("t", {Col("a", "integer")});
  table.comment = "a table";
  table.columns[0].comment = "a column";
  const Schema bare = WithoutComments(One(table));
  CHECK_FALSE(bare.tables[0].comment);
  CHECK_FALSE(bare.tables[0].columns[0].comment);
}
