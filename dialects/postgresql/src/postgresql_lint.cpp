// PostgreSQL's lint rules: what blocks other sessions, for how long, and
// the revision that blocks less. The locks come from ProfileOf; the rules
// decide which are worth a finding in their context.
#include "postgresql_lint.h"

#include <algorithm>
#include <cctype>

#include "retort/type.h"

namespace retort::postgresql {
namespace {

// A YAML scalar: plain when it reads back as the same text, else quoted.
std::string Scalar(const std::string& text) {
  const bool plain =
      !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '(' ||
               c == ')' || c == ',';
      }) && text != "true" && text != "false" && text != "null" &&
      !std::isdigit(static_cast<unsigned char>(text.front()));
  if (plain) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c == '\n' ? ' ' : c;
  }
  return quoted + "\"";
}

std::string Flow(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string text = "{";
  for (const auto& [key, value] : entries) {
    text += (text.size() > 1 ? ", " : "") + key + ": " + value;
  }
  return text + "}";
}

std::string List(const std::vector<std::string>& items) {
  std::string text = "[";
  for (const std::string& item : items) text += (text.size() > 1 ? ", " : "") + Scalar(item);
  return text + "]";
}

std::string Table(const QualifiedName& name) { return Scalar(ToString(name)); }

bool BlocksWrites(const std::string& mode) {
  return mode == "ShareLock" || mode == "ShareRowExclusiveLock" || mode == "ExclusiveLock" ||
         mode == "AccessExclusiveLock";
}

class Rules {
 public:
  Rules(const Operation& op, const LintContext& context)
      : op_(op), context_(context), profile_(ProfileOf(op)) {}

  std::vector<LintFinding> Run() {
    OperationRules();
    MissingLockTimeout();
    return std::move(findings_);
  }

 private:
  bool Existing(const QualifiedName& table) const { return !context_.IsNewTable(table); }

  void Add(const char* rule, LintSeverity severity, std::string message, std::string safer = "") {
    LintFinding finding;
    finding.rule = rule;
    finding.severity = severity;
    finding.locks = profile_.locks;
    finding.scans = profile_.scans;
    finding.rewrites = profile_.rewrites;
    finding.message = std::move(message);
    finding.safer = std::move(safer);
    findings_.push_back(std::move(finding));
  }

  void OperationRules() {
    if (const auto* o = std::get_if<AddColumn>(&op_); o && Existing(o->table)) AddColumnRules(*o);
    if (const auto* o = std::get_if<AlterColumn>(&op_); o && Existing(o->table)) {
      AlterColumnRules(*o);
    }
    if (const auto* o = std::get_if<DropColumn>(&op_); o && Existing(o->table)) {
      Add("pg-drop-column", LintSeverity::kWarning,
          "running code that still reads or writes " + o->column +
              " fails once it is gone; the data cannot be had back by a downgrade",
          "# first deploy code that no longer uses the column, then:\n- drop_column: " +
              Flow({{"table", Table(o->table)}, {"column", Scalar(o->column)}}));
    }
    if (const auto* o = std::get_if<DropTable>(&op_); o && Existing(o->name)) {
      Add("pg-drop-table", LintSeverity::kWarning,
          "running code that still uses " + ToString(o->name) +
              " fails once it is gone; its rows cannot be had back by a downgrade");
    }
    if (const auto* o = std::get_if<RenameTable>(&op_); o && Existing(o->name)) {
      Add("pg-rename-table", LintSeverity::kWarning,
          "running code that names " + ToString(o->name) + " fails from the moment of the rename",
          "# keep the old name readable while code moves over:\n- rename_table: " +
              Flow({{"name", Table(o->name)}, {"new_name", Scalar(o->new_name)}}) +
              "\n- create_view: " +
              Flow({{"name", Table(o->name)},
                    {"definition", Scalar("SELECT * FROM " + o->new_name)}}));
    }
    if (const auto* o = std::get_if<CreateIndex>(&op_)) CreateIndexRules(*o);
    if (const auto* o = std::get_if<DropIndex>(&op_)) DropIndexRules(*o);
    ConstraintRules();
    if (std::holds_alternative<Execute>(op_)) {
      Add("pg-execute", LintSeverity::kInfo,
          "raw SQL: retort cannot tell which locks it takes or whether it rewrites a table; "
          "review it by hand");
    }
  }

  void AddColumnRules(const AddColumn& o) {
    const Column& c = o.column;
    if (profile_.rewrites) {
      const std::string why = c.autoincrement ? "an identity column numbers every existing row"
                              : c.generated  ? "a generated column is computed for every row"
                                             : "the volatile default " + *c.server_default +
                                                  " is evaluated for every existing row";
      std::string safer;
      if (c.server_default) {
        safer = "- add_column: " +
                Flow({{"table", Table(o.table)},
                      {"column", Flow({{"name", Scalar(c.name)},
                                       {"type", Scalar(FormatType(c.type))}})}}) +
                "\n- alter_column: " +
                Flow({{"table", Table(o.table)},
                      {"column", Scalar(c.name)},
                      {"server_default", Scalar(*c.server_default)}}) +
                "\n# then fill the existing rows in batches (execute: UPDATE ... WHERE id "
                "BETWEEN ...), each batch in a revision or a job of its own";
      }
      Add("pg-add-column-rewrite", LintSeverity::kError,
          "rewrites " + ToString(o.table) + " and all its indexes under AccessExclusiveLock: " +
              why + "; nothing reads or writes the table until it is done",
          safer);
    } else if (c.server_default) {
      Add("pg-add-column-default", LintSeverity::kInfo,
          "PostgreSQL 11 and later store the default once and leave the rows as they are; "
          "before 11, adding a column with a default rewrites the table");
    }
  }

  void AlterColumnRules(const AlterColumn& o) {
    const std::string table = ToString(o.table);
    if (o.type && profile_.rewrites) {
      const std::string why =
          !o.using_expression.empty() ? "a USING conversion computes every value"
          : !o.existing_type          ? "existing_type is not given, so it is taken to need one"
                                      : "the new type stores values differently";
      Add("pg-alter-column-type", LintSeverity::kError,
          "rewrites " + table + " and rebuilds its indexes under AccessExclusiveLock (" + why +
              "); only widening string(n), string to text, and raising numeric's precision "
              "change the catalog alone",
          "- add_column: " +
              Flow({{"table", Table(o.table)},
                    {"column", Flow({{"name", Scalar(o.column + "_new")},
                                     {"type", Scalar(FormatType(*o.type))}})}}) +
              "\n# then copy the values in batches, move the code over to " + o.column +
              "_new, and drop " + o.column + " in a later revision");
    }
    if (o.nullable == false && !o.via_check) {
      Add("pg-set-not-null", LintSeverity::kError,
          "SET NOT NULL reads every row of " + table +
              " under AccessExclusiveLock; nothing reads or writes the table meanwhile",
          "- alter_column: " + Flow({{"table", Table(o.table)},
                                     {"column", Scalar(o.column)},
                                     {"nullable", "false"},
                                     {"via_check", "true"}}));
    }
    if (o.new_column_name) {
      Add("pg-rename-column", LintSeverity::kWarning,
          "running code that names " + table + "." + o.column +
              " fails from the moment of the rename",
          "- add_column: " +
              Flow({{"table", Table(o.table)},
                    {"column", Flow({{"name", Scalar(*o.new_column_name)},
                                     {"type", o.existing_type
                                                  ? Scalar(FormatType(*o.existing_type))
                                                  : "..."}})}}) +
              "\n# then copy the values, move the code over, and drop " + o.column +
              " in a later revision");
    }
  }

  void CreateIndexRules(const CreateIndex& o) {
    if (o.concurrently && context_.transactional()) {
      Add("pg-concurrently-in-transaction", LintSeverity::kError,
          "PostgreSQL refuses CREATE INDEX CONCURRENTLY inside a transaction",
          "# in a revision of its own, with\ntransaction: false");
      return;
    }
    if (o.concurrently || !Existing(o.index.table)) return;
    Add("pg-create-index", LintSeverity::kWarning,
        "builds the index under ShareLock: every insert, update and delete on " +
            ToString(o.index.table) + " waits until it is done",
        "# in a revision of its own, with\ntransaction: false\nupgrade:\n  - create_index: " +
            Flow({{"name", Scalar(o.index.name)},
                  {"table", Table(o.index.table)},
                  {"columns", List(o.index.columns)},
                  {"unique", o.index.unique ? "true" : "false"},
                  {"concurrently", "true"}}));
  }

  void DropIndexRules(const DropIndex& o) {
    if (o.concurrently && context_.transactional()) {
      Add("pg-concurrently-in-transaction", LintSeverity::kError,
          "PostgreSQL refuses DROP INDEX CONCURRENTLY inside a transaction",
          "# in a revision of its own, with\ntransaction: false");
      return;
    }
    if (o.concurrently || profile_.locks.empty() || !Existing(profile_.locks.front().table)) {
      return;
    }
    Add("pg-drop-index", LintSeverity::kWarning,
        "DROP INDEX takes AccessExclusiveLock on " + o.table +
            ": it waits for every open transaction that read it, and every query waits behind it",
        "# in a revision of its own, with\ntransaction: false\nupgrade:\n  - drop_index: " +
            Flow({{"name", Table(o.name)}, {"table", Scalar(o.table)}, {"concurrently", "true"}}));
  }

  void ConstraintRules() {
    if (const auto* o = std::get_if<CreateForeignKey>(&op_);
        o && !o->not_valid && Existing(o->table)) {
      Add("pg-add-foreign-key", LintSeverity::kWarning,
          "checks every row of " + ToString(o->table) + " against " +
              ToString(o->foreign_key.referent) +
              " while holding ShareRowExclusiveLock on both: writes to either wait",
          "- create_foreign_key: {..., not_valid: true}\n# then, in a later revision:\n"
          "- validate_constraint: " +
              Flow({{"table", Table(o->table)}, {"name", Scalar(o->foreign_key.name)}}));
    }
    if (const auto* o = std::get_if<CreateCheckConstraint>(&op_);
        o && !o->not_valid && Existing(o->table)) {
      Add("pg-add-check-constraint", LintSeverity::kError,
          "checks every row of " + ToString(o->table) +
              " under AccessExclusiveLock; nothing reads or writes the table meanwhile",
          "- create_check_constraint: " +
              Flow({{"table", Table(o->table)},
                    {"name", Scalar(o->constraint.name)},
                    {"condition", Scalar(o->constraint.condition)},
                    {"not_valid", "true"}}) +
              "\n# then, in a later revision:\n- validate_constraint: " +
              Flow({{"table", Table(o->table)}, {"name", Scalar(o->constraint.name)}}));
    }
    if (const auto* o = std::get_if<CreateUniqueConstraint>(&op_);
        o && o->using_index.empty() && Existing(o->table)) {
      const std::string index = o->constraint.name.empty() ? "ux_" + o->table.name
                                                           : o->constraint.name;
      Add("pg-add-unique-constraint", LintSeverity::kError,
          "builds its index under AccessExclusiveLock; nothing reads or writes " +
              ToString(o->table) + " meanwhile",
          "# a revision with transaction: false:\n- create_index: " +
              Flow({{"name", Scalar(index)},
                    {"table", Table(o->table)},
                    {"columns", List(o->constraint.columns)},
                    {"unique", "true"},
                    {"concurrently", "true"}}) +
              "\n# then:\n- create_unique_constraint: " +
              Flow({{"table", Table(o->table)},
                    {"columns", List(o->constraint.columns)},
                    {"using_index", Scalar(index)}}));
    }
    if (const auto* o = std::get_if<ValidateConstraint>(&op_)) ValidateRules(*o);
    if (const auto* o = std::get_if<CreatePrimaryKey>(&op_); o && Existing(o->table)) {
      Add("pg-add-primary-key", LintSeverity::kError,
          "builds its index and checks its columns for NULLs under AccessExclusiveLock; "
          "nothing reads or writes " + ToString(o->table) + " meanwhile",
          "# build the unique index first with create_index (unique: true, concurrently: true) "
          "in a transaction: false revision, and make the key columns NOT NULL with "
          "via_check: true");
    }
  }

  // VALIDATE in the transaction that added the constraint scans while the
  // AccessExclusiveLock of the ADD is still held: NOT VALID then saved nothing.
  void ValidateRules(const ValidateConstraint& o) {
    if (!context_.transactional() || context_.revision == nullptr) return;
    for (std::size_t k = 0; k < context_.index; ++k) {
      const Operation& earlier = context_.revision->upgrade[k].op;
      const auto* check = std::get_if<CreateCheckConstraint>(&earlier);
      const auto* key = std::get_if<CreateForeignKey>(&earlier);
      const bool adds = (check && check->constraint.name == o.name) ||
                        (key && key->foreign_key.name == o.name);
      if (!adds) continue;
      // The lock the ADD took, which the transaction keeps.
      const LockProfile added = ProfileOf(earlier);
      Add("pg-validate-in-same-transaction", LintSeverity::kWarning,
          "validates " + o.name + " in the transaction that added it, so the scan runs while " +
              "that statement's " + added.locks.front().mode + " on " + ToString(o.table) +
              " is still held",
          "# in a later revision:\n- validate_constraint: " +
              Flow({{"table", Table(o.table)}, {"name", Scalar(o.name)}}));
      findings_.back().locks = added.locks;
      return;
    }
  }

  // A statement that waits for its lock holds up every later statement on
  // the table that conflicts with it; only a lock timeout ends the wait.
  void MissingLockTimeout() {
    if (context_.ddl_lock_timeout) return;
    std::vector<LintLock> waiting;
    for (const LintLock& lock : profile_.locks) {
      if (BlocksWrites(lock.mode) && Existing(lock.table)) waiting.push_back(lock);
    }
    if (waiting.empty()) return;
    Add("pg-missing-ddl-lock-timeout", LintSeverity::kWarning,
        "no ddl_lock_timeout: while " + waiting.front().mode + " waits for a long transaction "
        "on " + ToString(waiting.front().table) + ", every later query that conflicts with it "
        "queues behind it, for as long as that transaction lasts",
        "ddl_lock_timeout: 5  # seconds, in the revision or in retort.ini\n"
        "ddl_lock_retries: 3");
    findings_.back().locks = waiting;
  }

  const Operation& op_;
  const LintContext& context_;
  LockProfile profile_;
  std::vector<LintFinding> findings_;
};

}  // namespace

std::vector<LintFinding> LintOperation(const Operation& op, const LintContext& context) {
  return Rules(op, context).Run();
}

}  // namespace retort::postgresql
