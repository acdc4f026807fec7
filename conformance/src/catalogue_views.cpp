// Catalogue: views and triggers. A trigger's statement has no spelling every
// dialect shares, so the trigger cases carry one per built-in dialect; the
// expected schema leaves such text open (an empty definition) and the rows
// show that the trigger fires.
#include "catalogue.h"

namespace retort::conformance {
namespace {

Table Boards() {
  return {.name = N("boards"),
          .columns = {{.name = "id", .type = T("integer"), .primary_key = true},
                      {.name = "name", .type = T("string(20)")}}};
}

Table BoardLog() {
  return {.name = N("board_log"), .columns = {{.name = "board_id", .type = T("integer")}}};
}

const char* const kBoards = R"yaml(upgrade:
  - create_table: {name: boards, columns: [{name: id, type: integer, primary_key: true}, {name: name, type: string(20)}]}
  - bulk_insert: {table: boards, rows: [{id: 1, name: small}, {id: 2, name: big}, {id: 3, name: huge}]}
downgrade:
  - drop_table: boards
)yaml";

// The log table, and on PostgreSQL the function its trigger runs.
const char* const kBoardsAndLog = R"yaml(upgrade:
  - create_table: {name: boards, columns: [{name: id, type: integer, primary_key: true}, {name: name, type: string(20)}]}
  - create_table: {name: board_log, columns: [{name: board_id, type: integer}]}
  - execute:
      postgresql: |
        CREATE FUNCTION log_board() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO board_log (board_id) VALUES (NEW.id); RETURN NEW; END $$
      sql: SELECT 1
downgrade:
  - execute: {postgresql: DROP FUNCTION log_board(), sql: SELECT 1}
  - drop_table: board_log
  - drop_table: boards
)yaml";

// The keys of create_trigger and of the drop_trigger that describes it.
const std::string kLogTriggerKeys = R"yaml(      name: boards_logged
      table: boards
      definition:
        sqlite: |
          CREATE TRIGGER boards_logged AFTER INSERT ON boards
          BEGIN INSERT INTO board_log (board_id) VALUES (NEW.id); END
        postgresql: |
          CREATE TRIGGER boards_logged AFTER INSERT ON boards
          FOR EACH ROW EXECUTE FUNCTION log_board()
        mysql: |
          CREATE TRIGGER boards_logged AFTER INSERT ON boards
          FOR EACH ROW INSERT INTO board_log (board_id) VALUES (NEW.id)
)yaml";

CatalogueCase ViewCreated() {
  return {
      .name = "view/create",
      .revisions = {kBoards, R"yaml(upgrade:
  - create_view: {name: big_boards, definition: "SELECT boards.id, boards.name FROM boards WHERE boards.id > 1"}
  - create_view: {name: big_names, definition: "SELECT big_boards.name FROM big_boards"}
)yaml"},
      .expected = {.tables = {Boards()},
                   .views = {{.name = N("big_boards"),
                              .definition = "SELECT boards.id, boards.name FROM boards WHERE "
                                            "boards.id > 1"},
                             {.name = N("big_names"),
                              .definition = "SELECT big_boards.name FROM big_boards"}}},
      .rows = RowCheck{.query = "SELECT name FROM big_names ORDER BY name",
                       .expected = {{"big"}, {"huge"}}},
  };
}

CatalogueCase ViewDropped() {
  return {
      .name = "view/drop",
      .revisions = {kBoards, R"yaml(upgrade:
  - create_view: {name: big_boards, definition: "SELECT boards.id FROM boards WHERE boards.id > 1"}
)yaml",
                    R"yaml(upgrade:
  - drop_view: {name: big_boards, definition: "SELECT boards.id FROM boards WHERE boards.id > 1"}
)yaml"},
      .expected = {.tables = {Boards()}},
  };
}

CatalogueCase TriggerCreated() {
  return {
      .name = "trigger/create",
      .revisions = {kBoardsAndLog, "upgrade:\n  - create_trigger:\n" + kLogTriggerKeys},
      .expected = {.tables = {Boards(), BoardLog()},
                   .triggers = {{.name = "boards_logged", .table = N("boards")}}},
      .rows = RowCheck{.statements = {"INSERT INTO boards (id, name) VALUES (7, 'seven')"},
                       .query = "SELECT CAST(board_id AS VARCHAR(10)) FROM board_log",
                       .expected = {{"7"}}},
  };
}

CatalogueCase TriggerDropped() {
  return {
      .name = "trigger/drop",
      .revisions = {kBoardsAndLog, "upgrade:\n  - create_trigger:\n" + kLogTriggerKeys,
                    "upgrade:\n  - drop_trigger:\n" + kLogTriggerKeys},
      .expected = {.tables = {Boards(), BoardLog()}},
      .rows = RowCheck{.statements = {"INSERT INTO boards (id, name) VALUES (7, 'seven')"},
                       .query = "SELECT CAST(board_id AS VARCHAR(10)) FROM board_log",
                       .expected = {}},
  };
}

}  // namespace

std::vector<CatalogueCase> ViewTriggerCases() {
  return {ViewCreated(), ViewDropped(), TriggerCreated(), TriggerDropped()};
}

}  // namespace retort::conformance
