// Catalogue: whole tables. Every neutral type, every column option, keys and
// table-level constraints, comments, and dropping and renaming tables.
#include "catalogue.h"

namespace retort::conformance {
namespace {

CatalogueCase EveryType() {
  return {
      .name = "create_table/types",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: every_type
      columns:
        - {name: c_integer, type: integer}
        - {name: c_bigint, type: bigint}
        - {name: c_smallint, type: smallint}
        - {name: c_boolean, type: boolean}
        - {name: c_string_n, type: string(40)}
        - {name: c_string, type: string}
        - {name: c_text, type: text}
        - {name: c_float, type: float}
        - {name: c_double, type: double}
        - {name: c_numeric_ps, type: "numeric(10,2)"}
        - {name: c_numeric_p, type: numeric(12)}
        - {name: c_date, type: date}
        - {name: c_time, type: time}
        - {name: c_datetime, type: datetime}
        - {name: c_timestamptz, type: timestamptz}
        - {name: c_blob, type: blob}
        - {name: c_json, type: json}
        - {name: c_uuid, type: uuid}
)yaml"},
      .expected = {.tables = {{.name = N("every_type"),
                               .columns = {
                                   {.name = "c_integer", .type = T("integer")},
                                   {.name = "c_bigint", .type = T("bigint")},
                                   {.name = "c_smallint", .type = T("smallint")},
                                   {.name = "c_boolean", .type = T("boolean")},
                                   {.name = "c_string_n", .type = T("string(40)")},
                                   {.name = "c_string", .type = T("string")},
                                   {.name = "c_text", .type = T("text")},
                                   {.name = "c_float", .type = T("float")},
                                   {.name = "c_double", .type = T("double")},
                                   {.name = "c_numeric_ps", .type = T("numeric(10,2)")},
                                   {.name = "c_numeric_p", .type = T("numeric(12)")},
                                   {.name = "c_date", .type = T("date")},
                                   {.name = "c_time", .type = T("time")},
                                   {.name = "c_datetime", .type = T("datetime")},
                                   {.name = "c_timestamptz", .type = T("timestamptz")},
                                   {.name = "c_blob", .type = T("blob")},
                                   {.name = "c_json", .type = T("json")},
                                   {.name = "c_uuid", .type = T("uuid")},
                               }}}},
      // Values whose text is the same in every database: no numeric (SQLite
      // stores 12.50 as the real 12.5), no blob, no time zone, and times cut
      // before the fraction of a second MariaDB always prints.
      .rows = RowCheck{
          .statements = {"INSERT INTO every_type (c_integer, c_bigint, c_smallint, c_boolean, "
                         "c_string_n, c_string, c_text, c_float, c_double, c_date, c_time, "
                         "c_datetime, c_json, c_uuid) VALUES (1, 9007199254740993, 7, TRUE, "
                         "'forty', 'any length', 'long text', 0.5, 0.25, '2024-01-02', "
                         "'12:34:56', '2024-01-02 03:04:05', '{\"a\": 1}', "
                         "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')"},
          .query = "SELECT CAST(c_integer AS VARCHAR(40)), CAST(c_bigint AS VARCHAR(40)), "
                   "CAST(c_smallint AS VARCHAR(40)), CASE WHEN c_boolean THEN 'true' ELSE "
                   "'false' END, c_string_n, c_string, c_text, CAST(c_float AS VARCHAR(40)), "
                   "CAST(c_double AS VARCHAR(40)), CAST(c_date AS VARCHAR(40)), "
                   "CAST(c_time AS VARCHAR(8)), CAST(c_datetime AS VARCHAR(19)), "
                   "CAST(c_json AS VARCHAR(200)), CAST(c_uuid AS VARCHAR(40)) "
                   "FROM every_type ORDER BY c_integer",
          .expected = {{"1", "9007199254740993", "7", "true", "forty", "any length", "long text",
                        "0.5", "0.25", "2024-01-02", "12:34:56", "2024-01-02 03:04:05",
                        "{\"a\": 1}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}}},
  };
}

// Unbounded, as PostgreSQL and SQLite have it; MySQL's DECIMAL would round
// every value to an integer.
CatalogueCase UnboundedNumeric() {
  return {
      .name = "create_table/unbounded_numeric",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: measures, columns: [{name: id, type: integer}, {name: reading, type: numeric}]}
)yaml"},
      .expected = {.tables = {{.name = N("measures"),
                               .columns = {{.name = "id", .type = T("integer")},
                                           {.name = "reading", .type = T("numeric")}}}}},
      .needs = {Feature::kUnboundedNumeric},
  };
}

CatalogueCase ColumnOptions() {
  return {
      .name = "create_table/column_options",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: owners
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(100), nullable: false, unique: true}
  - create_table:
      name: pets
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true, comment: the pet's number}
        - {name: owner_id, type: integer, nullable: false, references: owners.id, on_delete: cascade, on_update: restrict}
        - {name: sitter_id, type: integer, references: owners.id, on_delete: set null, on_update: cascade}
        - {name: vet_id, type: integer, references: owners.id, on_delete: no action, on_update: no action}
        - {name: name, type: string(50), nullable: false, server_default: "'unnamed'", comment: what it answers to}
        - {name: legs, type: smallint, nullable: false, server_default: "4"}
        - {name: vaccinated, type: boolean, nullable: false, server_default: "TRUE"}
        - {name: born_at, type: datetime, server_default: CURRENT_TIMESTAMP}
        - {name: tag, type: string(20), server_default: "lower('NEW')"}
        - {name: weight, type: double, server_default: "1.5"}
        - {name: extra, type: json, server_default: "'{}'"}
        - {name: chip, type: string(15), unique: true}
)yaml"},
      .expected = {.tables = {
                       {.name = N("owners"),
                        .columns = {{.name = "id", .type = T("integer"), .primary_key = true,
                                     .autoincrement = true},
                                    {.name = "email", .type = T("string(100)"), .nullable = false,
                                     .unique = true}}},
                       {.name = N("pets"),
                        .columns = {{.name = "id", .type = T("integer"), .primary_key = true,
                                     .autoincrement = true, .comment = "the pet's number"},
                                    {.name = "owner_id", .type = T("integer"), .nullable = false},
                                    {.name = "sitter_id", .type = T("integer")},
                                    {.name = "vet_id", .type = T("integer")},
                                    {.name = "name", .type = T("string(50)"), .nullable = false,
                                     .server_default = "'unnamed'",
                                     .comment = "what it answers to"},
                                    {.name = "legs", .type = T("smallint"), .nullable = false,
                                     .server_default = "4"},
                                    {.name = "vaccinated", .type = T("boolean"),
                                     .nullable = false, .server_default = "TRUE"},
                                    {.name = "born_at", .type = T("datetime"),
                                     .server_default = "CURRENT_TIMESTAMP"},
                                    {.name = "tag", .type = T("string(20)"),
                                     .server_default = "lower('NEW')"},
                                    {.name = "weight", .type = T("double"),
                                     .server_default = "1.5"},
                                    {.name = "extra", .type = T("json"), .server_default = "'{}'"},
                                    {.name = "chip", .type = T("string(15)"), .unique = true}},
                        .foreign_keys = {{.columns = {"owner_id"}, .referent = N("owners"),
                                          .referent_columns = {"id"},
                                          .on_delete = ReferentialAction::kCascade,
                                          .on_update = ReferentialAction::kRestrict},
                                         {.columns = {"sitter_id"}, .referent = N("owners"),
                                          .referent_columns = {"id"},
                                          .on_delete = ReferentialAction::kSetNull,
                                          .on_update = ReferentialAction::kCascade},
                                         {.columns = {"vet_id"}, .referent = N("owners"),
                                          .referent_columns = {"id"}}}}}},
      // Defaults fill what an INSERT leaves out, and an autoincrement key
      // never hands out a deleted row's number again.
      .rows = RowCheck{
          .statements = {"INSERT INTO owners (email) VALUES ('a@example.org')",
                         "INSERT INTO owners (email) VALUES ('b@example.org')",
                         "DELETE FROM owners WHERE email = 'b@example.org'",
                         "INSERT INTO owners (email) VALUES ('c@example.org')",
                         "INSERT INTO pets (owner_id) VALUES (1)"},
          .query = "SELECT CAST(o.id AS VARCHAR(20)), o.email, CAST(p.id AS VARCHAR(20)), p.name, "
                   "CAST(p.legs AS VARCHAR(20)), CASE WHEN p.vaccinated THEN 'true' ELSE "
                   "'false' END, CASE WHEN p.born_at IS NULL THEN 'unset' ELSE 'set' END, p.tag, "
                   "CAST(p.weight AS VARCHAR(20)) FROM owners o LEFT JOIN pets p "
                   "ON p.owner_id = o.id ORDER BY o.id",
          .expected = {{"1", "a@example.org", "1", "unnamed", "4", "true", "set", "new", "1.5"},
                       {"3", "c@example.org", "NULL", "NULL", "NULL", "false", "unset", "NULL",
                        "NULL"}}},
  };
}

CatalogueCase CompositeKeys() {
  return {
      .name = "create_table/composite_primary_key",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: memberships
      columns:
        - {name: group_id, type: integer}
        - {name: user_id, type: integer}
        - {name: role, type: string(20), nullable: false, server_default: "'member'"}
      primary_key: {name: pk_memberships, columns: [user_id, group_id]}
  - create_table:
      name: pairs
      columns:
        - {name: left_code, type: string(10), primary_key: true}
        - {name: right_code, type: string(10), primary_key: true}
)yaml"},
      .expected = {.tables = {
                       {.name = N("memberships"),
                        .columns = {{.name = "group_id", .type = T("integer"),
                                     .nullable = false},
                                    {.name = "user_id", .type = T("integer"), .nullable = false},
                                    {.name = "role", .type = T("string(20)"), .nullable = false,
                                     .server_default = "'member'"}},
                        .primary_key = PrimaryKey{"pk_memberships", {"user_id", "group_id"}}},
                       {.name = N("pairs"),
                        .columns = {{.name = "left_code", .type = T("string(10)"),
                                     .primary_key = true},
                                    {.name = "right_code", .type = T("string(10)"),
                                     .primary_key = true}}}}},
  };
}

CatalogueCase TableConstraints() {
  return {
      .name = "create_table/table_constraints",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: regions
      columns:
        - {name: code, type: string(8), primary_key: true}
        - {name: country, type: string(2), nullable: false}
        - {name: name, type: string(50), nullable: false}
      unique_constraints:
        - {name: uq_regions_country_name, columns: [country, name]}
        - {columns: [name]}
  - create_table:
      name: shops
      comment: Shops, by region
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: region_code, type: string(8), nullable: false}
        - {name: country, type: string(2)}
        - {name: region_name, type: string(50)}
        - {name: rating, type: integer}
        - {name: parent_id, type: integer}
      foreign_keys:
        - {name: fk_shops_region, columns: [region_code], referent_table: regions, referent_columns: [code], on_delete: restrict, on_update: cascade}
        - {columns: [country, region_name], referent_table: regions, referent_columns: [country, name]}
        - {name: fk_shops_parent, columns: [parent_id], referent_table: shops, referent_columns: [id], on_delete: set null}
      check_constraints:
        - {name: ck_shops_rating, condition: "rating >= 0 AND rating <= 5"}
        - {condition: "id > 0"}
)yaml"},
      .expected = {.tables = {
                       {.name = N("regions"),
                        .columns = {{.name = "code", .type = T("string(8)"), .primary_key = true},
                                    {.name = "country", .type = T("string(2)"), .nullable = false},
                                    {.name = "name", .type = T("string(50)"), .nullable = false}},
                        .unique_constraints = {{"uq_regions_country_name", {"country", "name"}},
                                               {"", {"name"}}}},
                       {.name = N("shops"),
                        .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                                    {.name = "region_code", .type = T("string(8)"),
                                     .nullable = false},
                                    {.name = "country", .type = T("string(2)")},
                                    {.name = "region_name", .type = T("string(50)")},
                                    {.name = "rating", .type = T("integer")},
                                    {.name = "parent_id", .type = T("integer")}},
                        .foreign_keys = {{.name = "fk_shops_region",
                                          .columns = {"region_code"},
                                          .referent = N("regions"),
                                          .referent_columns = {"code"},
                                          .on_delete = ReferentialAction::kRestrict,
                                          .on_update = ReferentialAction::kCascade},
                                         {.columns = {"country", "region_name"},
                                          .referent = N("regions"),
                                          .referent_columns = {"country", "name"}},
                                         {.name = "fk_shops_parent",
                                          .columns = {"parent_id"},
                                          .referent = N("shops"),
                                          .referent_columns = {"id"},
                                          .on_delete = ReferentialAction::kSetNull}},
                        .check_constraints = {{"ck_shops_rating", "rating >= 0 AND rating <= 5"},
                                              {"", "id > 0"}},
                        .comment = "Shops, by region"}}},
  };
}

// Keys checked at commit, declared with the table (create_foreign_key/
// deferrable adds them to one).
CatalogueCase DeferrableKeys() {
  ForeignKey deferred{.columns = {"parent_id"}, .referent = N("nodes"),
                      .referent_columns = {"id"}, .deferrable = true, .initially = "DEFERRED"};
  ForeignKey deferrable{.name = "fk_nodes_root", .columns = {"root_id"}, .referent = N("nodes"),
                        .referent_columns = {"id"}, .on_delete = ReferentialAction::kSetNull,
                        .deferrable = true};
  return {
      .name = "create_table/deferrable_keys",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: nodes
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: parent_id, type: integer}
        - {name: root_id, type: integer}
      foreign_keys:
        - {columns: [parent_id], referent_table: nodes, referent_columns: [id], deferrable: true, initially: deferred}
        - {name: fk_nodes_root, columns: [root_id], referent_table: nodes, referent_columns: [id], on_delete: set null, deferrable: true, initially: immediate}
)yaml"},
      .expected = {.tables = {{.name = N("nodes"),
                               .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                                           {.name = "parent_id", .type = T("integer")},
                                           {.name = "root_id", .type = T("integer")}},
                               .foreign_keys = {deferred, deferrable}}}},
      .needs = {Feature::kDeferrableConstraints},
  };
}

CatalogueCase IfNotExists() {
  return {
      .name = "create_table/if_not_exists",
      .revisions = {R"yaml(upgrade:
  - create_table: {name: cached, if_not_exists: true, columns: [{name: id, type: integer}]}
downgrade:
  - drop_table: {name: cached, if_exists: true}
)yaml",
                    // Both are no-ops: the table exists, the other one does not.
                    R"yaml(upgrade:
  - create_table: {name: cached, if_not_exists: true, columns: [{name: other, type: text}]}
  - drop_table: {name: never_created, if_exists: true}
downgrade: []
)yaml"},
      .expected = {.tables = {{.name = N("cached"),
                               .columns = {{.name = "id", .type = T("integer")}}}}},
  };
}

CatalogueCase DropTable() {
  return {
      .name = "drop_table/described_and_scalar",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: old_logs
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: line, type: text, nullable: false, server_default: "''"}
  - create_table: {name: scratch, columns: [{name: id, type: integer}]}
  - create_table: {name: keepers, columns: [{name: id, type: integer}]}
)yaml",
                    // Described, so that the downgrade can build it again.
                    R"yaml(upgrade:
  - drop_table:
      name: old_logs
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: line, type: text, nullable: false, server_default: "''"}
)yaml",
                    R"yaml(upgrade:
  - drop_table: scratch
downgrade:
  - create_table: {name: scratch, columns: [{name: id, type: integer}]}
)yaml"},
      .expected = {.tables = {{.name = N("keepers"),
                               .columns = {{.name = "id", .type = T("integer")}}}}},
  };
}

CatalogueCase RenameTable() {
  return {
      .name = "rename_table/keeps_everything",
      .revisions = {R"yaml(upgrade:
  - create_table:
      name: draft_items
      columns:
        - {name: id, type: integer}
        - {name: sku, type: string(20)}
        - {name: owner, type: string(20)}
      primary_key: {name: pk_items, columns: [id]}
      unique_constraints: [{name: uq_items_sku, columns: [sku]}]
  - create_table:
      name: remarks
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: item_id, type: integer, references: draft_items.id, on_delete: cascade}
  - create_index: {name: ix_draft_items_owner, table: draft_items, columns: [owner]}
)yaml",
                    R"yaml(upgrade:
  - rename_table: {name: draft_items, new_name: items}
)yaml"},
      // The renamed table's key and unique constraint are named: PostgreSQL
      // keeps the names it made up for the old table ("draft_items_pkey"),
      // which no longer read as generated, while SQLite's unnamed ones have
      // no name to keep. The referencing table's foreign key stays unnamed.
      .expected = {.tables = {{.name = N("items"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .nullable = false},
                                           {.name = "sku", .type = T("string(20)")},
                                           {.name = "owner", .type = T("string(20)")}},
                               .primary_key = PrimaryKey{"pk_items", {"id"}},
                               .unique_constraints = {{"uq_items_sku", {"sku"}}}},
                              {.name = N("remarks"),
                               .columns = {{.name = "id", .type = T("integer"),
                                            .primary_key = true},
                                           {.name = "item_id", .type = T("integer")}},
                               .foreign_keys = {{.columns = {"item_id"},
                                                 .referent = N("items"),
                                                 .referent_columns = {"id"},
                                                 .on_delete = ReferentialAction::kCascade}}}},
                   .indexes = {{"ix_draft_items_owner", N("items"), {"owner"}}}},
  };
}

}  // namespace

std::vector<CatalogueCase> TableCases() {
  return {EveryType(),      UnboundedNumeric(), ColumnOptions(), CompositeKeys(),
          TableConstraints(), DeferrableKeys(),   IfNotExists(),   DropTable(),
          RenameTable()};
}

}  // namespace retort::conformance
