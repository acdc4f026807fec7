// What the constraints of a CREATE TABLE statement declare, read from their
// text: shared by reflection, which describes them, and by the table
// rebuild, which finds the one a drop_constraint without a name describes.
#ifndef RETORT_SQLITE_SQLITE_CONSTRAINT_SQL_H_
#define RETORT_SQLITE_SQLITE_CONSTRAINT_SQL_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retort/operation.h"
#include "sqlite_lexer.h"
#include "sqlite_table_sql.h"

namespace retort::sqlite {

// The text of `sql` between the tokens [first, last), as written.
std::string TextOf(std::string_view sql, const std::vector<Token>& tokens, std::size_t first,
                   std::size_t last);

// The index of the ')' that closes the '(' at `open`, or tokens.size().
std::size_t Closing(const std::vector<Token>& tokens, std::size_t open);

// The condition inside CHECK ( ) of a constraint's text ("CONSTRAINT c
// CHECK (x > 0)" gives "x > 0"), as written; the whole text when it has no
// CHECK ( ).
std::string CheckCondition(std::string_view text);

// What a REFERENCES clause names: the parent table and its columns (none
// when the clause names none, meaning the parent's primary key). Empty when
// the text has no REFERENCES.
struct Referent {
  std::string table;
  std::vector<std::string> columns;
};
Referent ReferentOf(std::string_view text);

// One constraint of a CREATE TABLE statement, and where its text is.
struct DeclaredConstraint {
  // As declared: the name (empty when unnamed), the columns, a foreign key's
  // referent table and columns, a check's condition as written. A foreign
  // key's actions and DEFERRABLE are not read.
  Constraint constraint;
  // The column whose clause it is; nullopt for a table constraint.
  std::optional<std::size_t> column;
  // The clause's position in that column's clauses, or the table
  // constraint's in TableSql::constraints.
  std::size_t position = 0;
};

// The PRIMARY KEY, UNIQUE, CHECK and REFERENCES clauses of `table`'s columns,
// in order, then its table constraints, in order. Never throws but
// std::bad_alloc.
std::vector<DeclaredConstraint> DeclaredConstraints(const TableSql& table);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_CONSTRAINT_SQL_H_
