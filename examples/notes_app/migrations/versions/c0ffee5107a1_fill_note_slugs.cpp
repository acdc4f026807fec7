// revision: c0ffee5107a1
// down_revision: 7e3f9a6b1c05
// message: fill note slugs
//
// Gives every note written before slugs existed the slug the application
// itself would give it: a data migration that needs the application's code
// (notes::Slug), which is why it is written in C++. It is compiled into the
// notes program; the retort command sees it in the graph through the header
// above but leaves running it to the program.
#include <string>

#include "retort/code_revision.h"
#include "slug.h"

namespace {

void Upgrade(retort::RevisionContext& db) {
  const retort::QueryResult notes = db.Query("SELECT id, title FROM notes WHERE slug IS NULL");
  for (const auto& row : notes.rows) {
    db.Query("UPDATE notes SET slug = :slug WHERE id = :id",
             {notes::Slug(row[1].value_or("")), row[0]});
  }
  db.Notice("filled the slug of " + std::to_string(notes.rows.size()) + " note(s)");
}

// Going back, the slugs the revision filled are forgotten again.
void Downgrade(retort::RevisionContext& db) { db.Execute("UPDATE notes SET slug = NULL"); }

[[maybe_unused]] const bool registered = retort::RegisterCodeRevision({
    .revision = "c0ffee5107a1",
    .down_revisions = {"7e3f9a6b1c05"},
    .message = "fill note slugs",
    .upgrade = Upgrade,
    .downgrade = Downgrade,
});

}  // namespace
