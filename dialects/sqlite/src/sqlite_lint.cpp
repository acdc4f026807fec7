// SQLite's lint rules. SQLite has no row locks to speak of (a migration
// holds the database's write lock from BEGIN IMMEDIATE to COMMIT); what
// costs time is a table rebuild, which copies every row, and what costs data
// is a drop. The rebuild decision is the one Apply makes (sqlite_apply.cpp),
// from the same rules (sqlite_rebuild_rules.h).
#include "sqlite_lint.h"

#include "sqlite_rebuild_rules.h"
#include "sqlite_renderer.h"

namespace retort::sqlite {
namespace {

// The operations [first, end) that Apply carries out together.
struct Run {
  std::size_t first = 0;
  std::size_t end = 0;
};

Run RunOf(const std::vector<RevisionOp>& ops, std::size_t index) {
  std::size_t first = 0;
  while (true) {
    const std::size_t end = RebuildRunEnd(ops, first);
    if (index < end) return {first, end};
    first = end;
  }
}

// Why `op` makes its run rebuild: SQLite's ALTER TABLE cannot do it, or
// rebuild: always asks for it; "" when neither.
std::string WhyRebuilds(const RevisionOp& op, const SqliteRenderer& renderer) {
  if (std::string why = WhyRebuild(op.op, renderer, nullptr); !why.empty()) {
    return "SQLite's ALTER TABLE " + why;
  }
  if (op.rebuild == RebuildPolicy::kAlways && !IsRenameOrComment(op.op)) return "rebuild: always";
  return "";
}

LintFinding Finding(const char* rule, LintSeverity severity, std::string message) {
  LintFinding finding;
  finding.rule = rule;
  finding.severity = severity;
  finding.message = std::move(message);
  return finding;
}

// The rebuild finding, on the operation of its run that first needs it.
void RebuildRules(const LintContext& context, const SqliteRenderer& renderer,
                  std::vector<LintFinding>& findings) {
  const std::vector<RevisionOp>& ops = context.revision->upgrade;
  const RevisionOp& op = ops[context.index];
  const std::optional<QualifiedName> table = RebuildTarget(op.op);
  if (!table) return;
  const std::string why = WhyRebuilds(op, renderer);
  if (why.empty()) return;
  if (op.rebuild == RebuildPolicy::kNever) {
    findings.push_back(Finding("sqlite-rebuild-forbidden", LintSeverity::kError,
                               why + ", and rebuild: never forbids the rebuild this needs"));
    return;
  }
  const Run run = RunOf(ops, context.index);
  for (std::size_t k = run.first; k < context.index; ++k) {
    if (!WhyRebuilds(ops[k], renderer).empty()) return;  // reported on that one
  }
  if (!context.transactional()) {
    findings.push_back(Finding("sqlite-rebuild-outside-transaction", LintSeverity::kError,
                               why + "; a table rebuild must run inside a transaction, so the "
                                     "revision fails: remove transaction: false"));
    return;
  }
  const std::size_t together = run.end - run.first;
  std::string message = why + ": retort copies every row of " + ToString(*table) +
                        " into a new table, drops the old one and renames the new one, holding "
                        "the database's write lock until the revision commits";
  if (together > 1) {
    message += "; the " + std::to_string(together) + " operations on " + ToString(*table) +
               " from line " + std::to_string(ops[run.first].line) + " share this one rebuild";
  }
  if (context.IsNewTable(*table)) message += " (the table is new in this range: cheap)";
  LintFinding finding = Finding("sqlite-rebuild", LintSeverity::kInfo, std::move(message));
  finding.rewrites = true;
  finding.rebuilds.push_back(*table);
  findings.push_back(std::move(finding));
}

}  // namespace

std::vector<LintFinding> LintOperation(const Operation& op, const LintContext& context,
                                       const SqliteRenderer& renderer) {
  std::vector<LintFinding> findings;
  if (context.revision != nullptr && context.index < context.revision->upgrade.size()) {
    RebuildRules(context, renderer, findings);
  }
  if (const auto* o = std::get_if<DropColumn>(&op); o && !context.IsNewTable(o->table)) {
    LintFinding finding = Finding(
        "sqlite-drop-column", LintSeverity::kWarning,
        "the values of " + ToString(o->table) + "." + o->column +
            " are gone for good (a downgrade brings back the column, empty); SQLite rewrites "
            "every row to drop it, or rebuilds the table when an index, key, constraint, view "
            "or trigger uses the column" +
            (o->cascade ? ", and cascade: true rebuilds the tables whose foreign keys point at it"
                        : ""));
    finding.rewrites = true;
    findings.push_back(std::move(finding));
  }
  if (const auto* o = std::get_if<DropTable>(&op); o && !context.IsNewTable(o->name)) {
    findings.push_back(Finding("sqlite-drop-table", LintSeverity::kWarning,
                               "the rows of " + ToString(o->name) +
                                   " are gone for good (a downgrade brings back the table, empty)"));
  }
  if (const auto* o = std::get_if<AlterColumn>(&op); o && o->type && o->lossy_allowed) {
    findings.push_back(Finding(
        "sqlite-lossy-conversion", LintSeverity::kWarning,
        "lossy: allow lets CAST change values of " + ToString(o->table) + "." + o->column +
            " that do not convert ('12227-000' becomes 12227, 'abc' becomes 0) without a word; "
            "using: with an expression says how each value converts"));
  }
  return findings;
}

}  // namespace retort::sqlite
