// NormalizeForComparison and CanonicalSqlExpression: each rule makes two
// spellings of one thing equal, and leaves real differences alone.
#include <catch2/catch.hpp>

#include "retort/conformance.h"

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

TEST_CASE("rule 2: names PostgreSQL generates for unnamed constraints are cleared",
          "[conformance][normalize]") {
  Table generated = TableOf("orders", {Col("id", "integer"), Col("sku", "string(10)"),
                                       Col("customer_id", "integer"), Col("qty", "integer")});
  generated.primary_key = PrimaryKey{"orders_pkey", {"id"}};
  generated.unique_constraints = {{"orders_sku_key", {"sku"}}, {"orders_sku_key1", {"qty"}}};
  generated.foreign_keys = {ForeignKey{.name = "draft_orders_customer_id_fkey",
                                       .columns = {"customer_id"},
                                       .referent = {"", "customers"},
                                       .referent_columns = {"id"}}};
  generated.check_constraints = {{"orders_qty_check", "qty > 0"}};

  Table unnamed = generated;
  unnamed.primary_key->name.clear();
  for (UniqueConstraint& unique : unnamed.unique_constraints) unique.name.clear();
  unnamed.foreign_keys[0].name.clear();
  unnamed.check_constraints[0].name.clear();
  CHECK(SameAfterNormalizing(One(generated), One(unnamed)));

  // Names a user chose are compared, and a suffix only counts for its kind.
  Table named = generated;
  named.primary_key->name = "pk_orders";
  named.unique_constraints[0].name = "orders_pkey";
  named.check_constraints[0].name = "ck_orders_qty";
  const Table normalized = NormalizeForComparison(One(named)).tables[0];
  CHECK(normalized.primary_key->name == "pk_orders");
  // Sorted by name: the cleared "orders_sku_key1" comes first.
  REQUIRE(normalized.unique_constraints.size() == 2);
  CHECK(normalized.unique_constraints[0].name.empty());
  CHECK(normalized.unique_constraints[1].name == "orders_pkey");
  CHECK(normalized.check_constraints[0].name == "ck_orders_qty");
  CHECK_FALSE(SameAfterNormalizing(One(named), One(unnamed)));
}

TEST_CASE("rule 3: table and index schemas are dropped", "[conformance][normalize]") {
  Schema qualified = One(TableOf("t", {Col("id", "integer")}));
  qualified.tables[0].name.schema = "public";
  qualified.indexes = {Index{"ix_t_id", {"public", "t"}, {"id"}}};
  Schema plain = One(TableOf("t", {Col("id", "integer")}));
  plain.indexes = {Index{"ix_t_id", {"", "t"}, {"id"}}};
  CHECK(SameAfterNormalizing(qualified, plain));
}

TEST_CASE("rule 4: defaults spelled out equal omitted ones", "[conformance][normalize]") {
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

TEST_CASE("rule 5: expressions compare in a form that undoes PostgreSQL's rewriting",
          "[conformance][normalize]") {
  // PostgreSQL's text on the left, what a revision says on the right.
  const std::vector<std::pair<std::string, std::string>> same = {
      {"'UTC'::character varying", "'UTC'"},
      {"true", "TRUE"},
      {"CURRENT_TIMESTAMP", "current_timestamp"},
      {"lower('X'::text)", "lower('X')"},
      {"'2024-01-02 03:04:05'::timestamp without time zone", "'2024-01-02 03:04:05'"},
      {"'{}'::jsonb", "'{}'"},
      {"(qty > 0)", "qty>0"},
      {"((rating >= 0) AND (rating <= 5))", "rating >= 0 AND rating <= 5"},
      {"(price >= (0)::numeric)", "price >= 0"},
      {"(length((name)::text) > 0)", "length(name) > 0"},
      {"((status)::text = 'open'::text)", "status = 'open'"},
      {"((direction)::text = ANY ((ARRAY['inbound'::character varying, "
       "'outbound'::character varying])::text[]))",
       "direction IN ('inbound', 'outbound')"},
      {"(kind = ANY (ARRAY[1, 2]))", "kind in (1, 2)"},
  };
  for (const auto& [shown, written] : same) {
    INFO(shown << " vs " << written);
    CHECK(CanonicalSqlExpression(shown) == CanonicalSqlExpression(written));
  }
  const std::vector<std::pair<std::string, std::string>> different = {
      {"'UTC'", "'utc'"},              // text inside quotes is data
      {"qty > 0", "qty >= 0"},         // another condition
      {"lower('X')", "upper('X')"},    // another function
      {"'-1'::integer", "-1"},         // not undone: documented
      {"a BETWEEN 1 AND 2", "((a >= 1) AND (a <= 2))"},
  };
  for (const auto& [a, b] : different) {
    INFO(a << " vs " << b);
    CHECK(CanonicalSqlExpression(a) != CanonicalSqlExpression(b));
  }

  Column shown = Col("zone", "string(64)");
  shown.server_default = "'UTC'::character varying";
  Column written = Col("zone", "string(64)");
  written.server_default = "'UTC'";
  Table checked = TableOf("t", {shown});
  checked.check_constraints = {{"ck", "((zone)::text <> ''::text)"}};
  Table declared = TableOf("t", {written});
  declared.check_constraints = {{"ck", "zone <> ''"}};
  Schema with_index = One(checked);
  with_index.indexes = {Index{"ix", {"", "t"}, {"zone"}, false, "((zone)::text = 'UTC'::text)"}};
  Schema declared_index = One(declared);
  declared_index.indexes = {Index{"ix", {"", "t"}, {"zone"}, false, "zone = 'UTC'"}};
  CHECK(SameAfterNormalizing(with_index, declared_index));
}

TEST_CASE("normalizing is idempotent and sorts what it renamed", "[conformance][normalize]") {
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

TEST_CASE("the canonical form reads like SQL", "[conformance][normalize]") {
  CHECK(CanonicalSqlExpression("(length((name)::text) > 0)") == "length(name) > 0");
  CHECK(CanonicalSqlExpression("((direction)::text = ANY ((ARRAY['a'::text, 'b'::text])))") ==
        "direction in ('a', 'b')");
  CHECK(CanonicalSqlExpression("  CURRENT_TIMESTAMP ") == "current_timestamp");
}
