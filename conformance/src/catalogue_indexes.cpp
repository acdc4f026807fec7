// Catalogue: indexes. CONCURRENTLY is PostgreSQL's, and needs a revision
// outside a transaction; every dialect must accept both.
#include "catalogue.h"

namespace retort::conformance {
namespace {

// The table the index cases build on.
const char* const kEvents = R"yaml(upgrade:
  - create_table:
      name: events
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: kind, type: string(20), nullable: false}
        - {name: source, type: string(20)}
        - {name: status, type: string(10)}
        - {name: happened_at, type: datetime}
)yaml";

Table Events() {
  return {.name = N("events"),
          .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                      {.name = "kind", .type = T("string(20)"), .nullable = false},
                      {.name = "source", .type = T("string(20)")},
                      {.name = "status", .type = T("string(10)")},
                      {.name = "happened_at", .type = T("datetime")}}};
}

CatalogueCase PlainAndUnique() {
  return {
      .name = "create_index/plain_and_unique",
      .revisions = {kEvents, R"yaml(upgrade:
  - create_index: {name: ix_events_kind, table: events, columns: [kind]}
  - create_index: {name: ux_events_source_time, table: events, columns: [source, happened_at], unique: true}
)yaml"},
      .expected = {.tables = {Events()},
                   .indexes = {{"ix_events_kind", N("events"), {"kind"}},
                               {"ux_events_source_time", N("events"), {"source", "happened_at"},
                                true}}},
  };
}

CatalogueCase Partial() {
  return {
      .name = "create_index/partial",
      .revisions = {kEvents, R"yaml(upgrade:
  - create_index: {name: ix_events_open, table: events, columns: [happened_at], where: "status = 'open'"}
  - create_index: {name: ux_events_source_live, table: events, columns: [source], unique: true, where: "status IS NOT NULL AND kind <> 'test'"}
  - create_index: {name: ux_events_kind_live, table: events, columns: [kind, source], unique: true, where: "status = 'live'"}
)yaml",
                    // Described, so that the downgrade builds it again, predicate and all.
                    R"yaml(upgrade:
  - drop_index: {name: ux_events_kind_live, table: events, columns: [kind, source], unique: true, where: "status = 'live'"}
)yaml"},
      .expected = {.tables = {Events()},
                   .indexes = {{"ix_events_open", N("events"), {"happened_at"}, false,
                                "status = 'open'"},
                               {"ux_events_source_live", N("events"), {"source"}, true,
                                "status IS NOT NULL AND kind <> 'test'"}}},
      .needs = {Feature::kPartialIndexes},
  };
}

CatalogueCase Concurrently() {
  return {
      .name = "create_index/concurrently",
      .revisions = {kEvents, R"yaml(transaction: false
upgrade:
  - create_index: {name: ix_events_source, table: events, columns: [source], concurrently: true}
)yaml"},
      .expected = {.tables = {Events()},
                   .indexes = {{"ix_events_source", N("events"), {"source"}}}},
  };
}

CatalogueCase IfNotExists() {
  return {
      .name = "create_index/if_not_exists",
      .revisions = {kEvents, R"yaml(upgrade:
  - create_index: {name: ix_events_status, table: events, columns: [status], if_not_exists: true}
  - create_index: {name: ix_events_status, table: events, columns: [kind], if_not_exists: true}
  - drop_index: {name: ix_never_created, if_exists: true}
downgrade:
  - drop_index: {name: ix_events_status, if_exists: true}
)yaml"},
      .expected = {.tables = {Events()},
                   .indexes = {{"ix_events_status", N("events"), {"status"}}}},
  };
}

CatalogueCase DropIndex() {
  return {
      .name = "drop_index/described_and_concurrently",
      .revisions = {kEvents, R"yaml(upgrade:
  - create_index: {name: ux_events_live, table: events, columns: [kind, source], unique: true}
  - create_index: {name: ix_events_happened, table: events, columns: [happened_at]}
  - create_index: {name: ix_events_kept, table: events, columns: [status]}
)yaml",
                    // Described, so that the downgrade builds it again.
                    R"yaml(upgrade:
  - drop_index: {name: ux_events_live, table: events, columns: [kind, source], unique: true}
)yaml",
                    R"yaml(transaction: false
upgrade:
  - drop_index: {name: ix_events_happened, table: events, columns: [happened_at], concurrently: true}
)yaml"},
      .expected = {.tables = {Events()},
                   .indexes = {{"ix_events_kept", N("events"), {"status"}}}},
  };
}

}  // namespace

std::vector<CatalogueCase> IndexCases() {
  return {PlainAndUnique(), Partial(), Concurrently(), IfNotExists(), DropIndex()};
}

}  // namespace retort::conformance
