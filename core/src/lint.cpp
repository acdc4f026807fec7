// Walks the revisions of a range for `retort lint`, keeping what a dialect
// cannot see from one operation: the tables the range made, and whether a
// ddl_lock_timeout bounds the statements.
#include "retort/lint.h"

#include <algorithm>
#include <variant>

#include "command_support.h"
#include "overloaded.h"
#include "retort/dialect.h"
#include "retort/dialect_loader.h"
#include "retort/dialect_registry.h"
#include "retort/error.h"

namespace retort {
namespace {

bool SameTable(const QualifiedName& a, const QualifiedName& b) {
  return a.name == b.name && (a.schema.empty() || b.schema.empty() || a.schema == b.schema);
}

// Keeps `tables` (the tables made so far) up to date after `op` ran.
void TrackNewTables(const Operation& op, std::vector<QualifiedName>& tables) {
  auto drop = [&](const QualifiedName& name) {
    std::erase_if(tables, [&](const QualifiedName& t) { return SameTable(t, name); });
  };
  std::visit(Overloaded{
                 [&](const CreateTable& o) { tables.push_back(o.table.name); },
                 [&](const DropTable& o) { drop(o.name); },
                 [&](const RenameTable& o) {
                   for (QualifiedName& t : tables) {
                     if (SameTable(t, o.name)) t.name = o.new_name;
                   }
                 },
                 // Nothing else makes, renames or drops a table.
                 [](const auto&) {},
             },
             op);
}

bool TimeoutSet(const std::optional<std::chrono::milliseconds>& timeout) {
  return timeout && timeout->count() > 0;
}

// The shared rule: outside a transaction each operation commits alone, so
// a failure after the first leaves the revision half applied (marked
// incomplete until someone resolves it by hand).
std::optional<LintFinding> SeveralOperationsOutsideTransaction(const Revision& revision) {
  if (revision.transactional || revision.upgrade.size() < 2) return std::nullopt;
  LintFinding finding;
  finding.rule = "non-transactional-several-operations";
  finding.severity = LintSeverity::kWarning;
  finding.line = revision.upgrade.front().line;
  finding.operation = std::to_string(revision.upgrade.size()) + " operations";
  finding.message =
      "a transaction: false revision runs each of its " +
      std::to_string(revision.upgrade.size()) +
      " operations on its own, so a failure after the first leaves the revision half applied "
      "and marked incomplete";
  finding.safer =
      "# one revision with transaction: false per operation that needs it (create_index or "
      "drop_index with concurrently: true); everything else in transactional revisions";
  return finding;
}

// What lint says of a revision written in C++: it has no operations to
// look at, and silence would read as "nothing risky here".
LintFinding CodeRevisionNotLinted(const Revision& revision) {
  LintFinding finding;
  finding.rule = "cpp-revision";
  finding.severity = LintSeverity::kInfo;
  finding.operation = "C++ code";
  finding.message = "the revision is written in C++, so lint cannot see what it runs; review "
                    "its locks and rewrites by hand" +
                    std::string(revision.transactional ? ""
                                                       : " (it runs outside a transaction: a "
                                                         "failure part-way leaves it marked "
                                                         "incomplete)");
  return finding;
}

const Dialect& DialectNamed(const std::string& name) {
  DialectRegistry& registry = DialectRegistry::Global();
  if (const Dialect* dialect = registry.Find(name)) return *dialect;
  LoadDialectModules(registry);
  if (const Dialect* dialect = registry.Find(name)) return *dialect;
  // A URL scheme names a dialect too (postgres); the error lists them.
  return FindDialectForScheme(name, registry);
}

}  // namespace

bool LintContext::IsNewTable(const QualifiedName& table) const {
  return std::any_of(new_tables.begin(), new_tables.end(),
                     [&](const QualifiedName& t) { return SameTable(t, table); });
}

LintReport LintRevisions(const Dialect& dialect, const std::vector<Revision>& revisions,
                         bool configured_ddl_lock_timeout) {
  LintReport report;
  report.dialect = dialect.name();
  std::vector<QualifiedName> new_tables;
  for (const Revision& revision : revisions) {
    report.revisions.push_back(revision.header.id);
    auto place = [&](LintFinding finding, const Operation* op) {
      finding.revision = revision.header.id;
      finding.file = revision.header.path;
      if (op) finding.operation = Describe(*op);
      report.findings.push_back(std::move(finding));
    };
    if (revision.code) {
      place(CodeRevisionNotLinted(revision), nullptr);
      continue;
    }
    if (auto finding = SeveralOperationsOutsideTransaction(revision)) place(*finding, nullptr);
    LintContext context;
    context.revision = &revision;
    context.ddl_lock_timeout =
        TimeoutSet(revision.ddl_lock_timeout) || configured_ddl_lock_timeout;
    for (std::size_t i = 0; i < revision.upgrade.size(); ++i) {
      const RevisionOp& op = revision.upgrade[i];
      context.index = i;
      context.new_tables = new_tables;
      for (LintFinding& finding : dialect.Lint(op.op, context)) {
        finding.line = op.line;
        place(std::move(finding), &op.op);
      }
      TrackNewTables(op.op, new_tables);
    }
  }
  return report;
}

LintReport Lint(const Config& config, std::string_view range, const std::string& dialect_name) {
  const Dialect& dialect = dialect_name.empty()
                               ? FindDialectForScheme(ConfiguredUrl(config).scheme)
                               : DialectNamed(dialect_name);
  ScriptDirectory scripts(config.script_location, ScriptOptionsOf(config));
  std::vector<const RevisionHeader*> headers = RevisionsInRange(config, scripts, range);
  std::reverse(headers.begin(), headers.end());  // History gives newest first
  std::vector<Revision> revisions;
  revisions.reserve(headers.size());
  for (const RevisionHeader* header : headers) revisions.push_back(scripts.Load(*header));
  return LintRevisions(dialect, revisions, TimeoutSet(config.ddl_lock_timeout));
}

bool LintFails(const LintReport& report, LintSeverity level) {
  return std::any_of(report.findings.begin(), report.findings.end(),
                     [&](const LintFinding& finding) { return finding.severity >= level; });
}

}  // namespace retort
