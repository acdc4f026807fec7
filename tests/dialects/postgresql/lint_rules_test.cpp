// PostgreSQL's lint rules, operation by operation, judged from revision
// files alone (no server): the rule, its severity, the locks it claims and
// the safer rewrite; and the context that silences a rule (a table new in
// the range, a ddl_lock_timeout, the safer form itself).
#include <catch2/catch.hpp>

#include "lint_testing.h"

namespace retort::testing {
namespace {

LintReport Pg(const std::string& ops, const std::string& header = "") {
  return LintOps("postgresql", ops, header);
}

const std::string kTimeout = "ddl_lock_timeout: 5\n";

std::vector<LintLock> Locks(std::initializer_list<std::pair<const char*, const char*>> locks) {
  std::vector<LintLock> result;
  for (const auto& [table, mode] : locks) result.push_back({{"", table}, mode});
  return result;
}

TEST_CASE("lint postgresql: a volatile default rewrites the table; a constant one does not",
          "[lint][postgresql]") {
  const LintReport volatile_default = Pg(
      "- add_column: {table: users, column: {name: token, type: uuid, server_default: "
      "\"gen_random_uuid()\"}}\n",
      kTimeout);
  const LintFinding& rewrite = FindingOf(volatile_default, "pg-add-column-rewrite");
  CHECK(rewrite.severity == LintSeverity::kError);
  CHECK(rewrite.rewrites);
  CHECK(rewrite.locks == Locks({{"users", "AccessExclusiveLock"}}));
  CHECK_THAT(rewrite.safer, Catch::Contains("- add_column: {table: users, column: {name: token, "
                                            "type: uuid}}"));
  CHECK_THAT(rewrite.safer, Catch::Contains("server_default: gen_random_uuid()"));
  CHECK(rewrite.line == 6);

  const LintReport identity =
      Pg("- add_column: {table: users, column: {name: n, type: bigint, primary_key: true, "
         "autoincrement: true}}\n",
         kTimeout);
  CHECK(FindingOf(identity, "pg-add-column-rewrite").rewrites);

  const LintReport constant = Pg(
      "- add_column: {table: users, column: {name: plan, type: text, server_default: \"'free'\"}}\n",
      kTimeout);
  CHECK(RuleIds(constant) == std::vector<std::string>{"pg-add-column-default"});
  CHECK(FindingOf(constant, "pg-add-column-default").severity == LintSeverity::kInfo);
  CHECK_FALSE(FindingOf(constant, "pg-add-column-default").rewrites);
}

TEST_CASE("lint postgresql: a type change rewrites unless the stored bytes stay",
          "[lint][postgresql]") {
  const LintReport widen = Pg(
      "- alter_column: {table: t, column: c, type: bigint, existing_type: integer}\n", kTimeout);
  const LintFinding& type = FindingOf(widen, "pg-alter-column-type");
  CHECK(type.severity == LintSeverity::kError);
  CHECK(type.rewrites);
  CHECK(type.locks == Locks({{"t", "AccessExclusiveLock"}}));
  CHECK_THAT(type.safer, Catch::Contains("name: c_new, type: bigint"));

  for (const char* change : {"type: string(20), existing_type: string(10)",
                             "type: text, existing_type: string(10)",
                             "type: \"numeric(12,2)\", existing_type: \"numeric(10,2)\"",
                             "type: numeric, existing_type: \"numeric(10,2)\""}) {
    INFO(change);
    const LintReport coercible =
        Pg(std::string("- alter_column: {table: t, column: c, ") + change + "}\n", kTimeout);
    CHECK(coercible.findings.empty());
  }
  // Unknown old type: taken to rewrite, and said why.
  const LintReport unknown = Pg("- alter_column: {table: t, column: c, type: text}\n", kTimeout);
  CHECK_THAT(FindingOf(unknown, "pg-alter-column-type").message,
             Catch::Contains("existing_type is not given"));
}

TEST_CASE("lint postgresql: SET NOT NULL scans under AccessExclusiveLock; via_check does not",
          "[lint][postgresql]") {
  const LintReport plain = Pg("- alter_column: {table: t, column: c, nullable: false}\n", kTimeout);
  const LintFinding& not_null = FindingOf(plain, "pg-set-not-null");
  CHECK(not_null.severity == LintSeverity::kError);
  CHECK(not_null.scans);
  CHECK(not_null.safer ==
        "- alter_column: {table: t, column: c, nullable: false, via_check: true}");
  CHECK(Pg("- alter_column: {table: t, column: c, nullable: false, via_check: true}\n", kTimeout)
            .findings.empty());
}

TEST_CASE("lint postgresql: constraints without not_valid or using_index scan under lock",
          "[lint][postgresql]") {
  const LintReport fk = Pg(
      "- create_foreign_key: {name: fk_o_c, table: orders, columns: [customer_id], "
      "referent_table: customers, referent_columns: [id]}\n",
      kTimeout);
  const LintFinding& foreign = FindingOf(fk, "pg-add-foreign-key");
  CHECK(foreign.severity == LintSeverity::kWarning);
  CHECK(foreign.scans);
  CHECK(foreign.locks ==
        Locks({{"orders", "ShareRowExclusiveLock"}, {"customers", "ShareRowExclusiveLock"}}));
  CHECK_THAT(foreign.safer, Catch::Contains("validate_constraint: {table: orders, name: fk_o_c}"));

  const LintReport check =
      Pg("- create_check_constraint: {name: ck_p, table: t, condition: \"p > 0\"}\n", kTimeout);
  CHECK(FindingOf(check, "pg-add-check-constraint").severity == LintSeverity::kError);
  CHECK_THAT(FindingOf(check, "pg-add-check-constraint").safer,
             Catch::Contains("not_valid: true"));

  const LintReport unique =
      Pg("- create_unique_constraint: {name: uq_e, table: t, columns: [e]}\n", kTimeout);
  CHECK_THAT(FindingOf(unique, "pg-add-unique-constraint").safer,
             Catch::Contains("create_unique_constraint: {table: t, columns: [e], "
                             "using_index: uq_e}"));

  const LintReport key = Pg("- create_primary_key: {name: pk_t, table: t, columns: [id]}\n", kTimeout);
  CHECK(FindingOf(key, "pg-add-primary-key").scans);

  // The safer forms: a brief lock only.
  CHECK(Pg("- create_check_constraint: {name: ck_p, table: t, condition: \"p > 0\", "
           "not_valid: true}\n",
           kTimeout)
            .findings.empty());
  CHECK(Pg("- create_foreign_key: {name: fk_o_c, table: orders, columns: [customer_id], "
           "referent_table: customers, referent_columns: [id], not_valid: true}\n",
           kTimeout)
            .findings.empty());
  CHECK(Pg("- create_unique_constraint: {table: t, columns: [e], using_index: uq_e}\n", kTimeout)
            .findings.empty());
}

TEST_CASE("lint postgresql: validate_constraint in the transaction that added the constraint "
          "scans under the ADD's lock",
          "[lint][postgresql]") {
  const LintReport same = Pg(
      "- create_check_constraint: {name: ck_p, table: t, condition: \"p > 0\", not_valid: true}\n"
      "- validate_constraint: {table: t, name: ck_p}\n",
      kTimeout);
  const LintFinding& finding = FindingOf(same, "pg-validate-in-same-transaction");
  CHECK(finding.locks == Locks({{"t", "AccessExclusiveLock"}}));
  CHECK(finding.line == 7);
  CHECK_THAT(finding.safer, Catch::Contains("- validate_constraint: {table: t, name: ck_p}"));
  const LintReport key = Pg(
      "- create_foreign_key: {name: fk, table: o, columns: [c], referent_table: c, "
      "referent_columns: [id], not_valid: true}\n"
      "- validate_constraint: {table: o, name: fk}\n",
      kTimeout);
  CHECK(FindingOf(key, "pg-validate-in-same-transaction").locks ==
        Locks({{"o", "ShareRowExclusiveLock"}, {"c", "ShareRowExclusiveLock"}}));
  // Alone, or outside a transaction, it blocks neither reads nor writes.
  CHECK(Pg("- validate_constraint: {table: t, name: ck_p}\n").findings.empty());
  CHECK(RuleIds(Pg("- create_check_constraint: {name: ck_p, table: t, condition: \"p > 0\", "
                   "not_valid: true}\n- validate_constraint: {table: t, name: ck_p}\n",
                   "transaction: false\n" + kTimeout)) ==
        std::vector<std::string>{"non-transactional-several-operations"});
}

TEST_CASE("lint postgresql: indexes are built and dropped concurrently outside a transaction",
          "[lint][postgresql]") {
  const LintReport plain = Pg("- create_index: {name: ix_t_a, table: t, columns: [a]}\n", kTimeout);
  const LintFinding& index = FindingOf(plain, "pg-create-index");
  CHECK(index.severity == LintSeverity::kWarning);
  CHECK(index.locks == Locks({{"t", "ShareLock"}}));
  CHECK_THAT(index.safer, Catch::Contains("transaction: false"));
  CHECK_THAT(index.safer, Catch::Contains("concurrently: true"));

  const LintReport in_transaction =
      Pg("- create_index: {name: ix_t_a, table: t, columns: [a], concurrently: true}\n", kTimeout);
  CHECK(FindingOf(in_transaction, "pg-concurrently-in-transaction").severity ==
        LintSeverity::kError);
  CHECK(Pg("- create_index: {name: ix_t_a, table: t, columns: [a], concurrently: true}\n",
           "transaction: false\n")
            .findings.empty());

  const LintReport drop = Pg("- drop_index: {name: ix_t_a, table: t}\n", kTimeout);
  CHECK(FindingOf(drop, "pg-drop-index").locks == Locks({{"t", "AccessExclusiveLock"}}));
  CHECK(Pg("- drop_index: {name: ix_t_a, table: t, concurrently: true}\n", "transaction: false\n")
            .findings.empty());
}

TEST_CASE("lint postgresql: renames and drops break running code", "[lint][postgresql]") {
  const LintReport report = Pg(
      "- alter_column: {table: t, column: a, new_column_name: b, existing_type: integer}\n"
      "- rename_table: {name: t, new_name: u}\n"
      "- drop_column: {table: u, column: c}\n"
      "- drop_table: v\n",
      kTimeout);
  CHECK(RuleIds(report) == std::vector<std::string>{"pg-rename-column", "pg-rename-table",
                                                    "pg-drop-column", "pg-drop-table"});
  for (const LintFinding& finding : report.findings) {
    CHECK(finding.severity == LintSeverity::kWarning);
    CHECK(finding.locks.front().mode == "AccessExclusiveLock");
  }
  CHECK_THAT(FindingOf(report, "pg-rename-column").safer,
             Catch::Contains("name: b, type: integer"));
}

TEST_CASE("lint postgresql: without ddl_lock_timeout, each write-blocking lock on an existing "
          "table is a warning",
          "[lint][postgresql]") {
  const std::string ops =
      "- add_column: {table: t, column: {name: x, type: integer}}\n"
      "- create_table: {name: n, columns: [{name: id, type: integer}], foreign_keys: "
      "[{columns: [id], referent_table: t, referent_columns: [id]}]}\n"
      "- create_table_comment: {table: t, comment: hello}\n";
  const LintReport without = Pg(ops);
  CHECK(RuleIds(without) ==
        std::vector<std::string>{"pg-missing-ddl-lock-timeout", "pg-missing-ddl-lock-timeout"});
  CHECK(without.findings[0].locks == Locks({{"t", "AccessExclusiveLock"}}));
  CHECK(without.findings[1].locks == Locks({{"t", "ShareRowExclusiveLock"}}));
  CHECK_THAT(without.findings[0].safer, Catch::Contains("ddl_lock_timeout"));
  // Set in the revision, or in the configuration.
  CHECK(Pg(ops, kTimeout).findings.empty());
  Project project;
  project.AddYamlRevision("a1", "", ops);
  Config config = project.config();
  config.ddl_lock_timeout = std::chrono::milliseconds(5000);
  CHECK(Lint(config, "", "postgresql").findings.empty());
}

TEST_CASE("lint postgresql: a table created earlier in the range is new, and its locks cost "
          "nothing",
          "[lint][postgresql]") {
  Project project;
  project.AddYamlRevision("a1", "", "- create_table: {name: t, columns: [{name: id, type: integer}]}\n");
  project.AddYamlRevision(
      "a2", "a1",
      "- add_column: {table: t, column: {name: k, type: uuid, server_default: "
      "\"gen_random_uuid()\"}}\n"
      "- alter_column: {table: t, column: k, nullable: false}\n"
      "- create_index: {name: ix_t_k, table: t, columns: [k]}\n"
      "- rename_table: {name: t, new_name: u}\n"
      "- create_check_constraint: {name: ck, table: u, condition: \"id > 0\"}\n");
  const LintReport whole = Lint(project.config(), "", "postgresql");
  CHECK(whole.revisions == std::vector<std::string>{"a1", "a2"});
  CHECK(whole.findings.empty());
  // Linted alone, a2 works on a table that exists.
  const LintReport alone = Lint(project.config(), "a1:a2", "postgresql");
  INFO(FormatLintText(alone));
  CHECK(HasRule(Lint(project.config(), "a2:a2", "postgresql"), "pg-add-column-rewrite"));
}

TEST_CASE("lint: a transaction: false revision with several operations is a warning on every "
          "dialect",
          "[lint][postgresql]") {
  const std::string ops =
      "- create_index: {name: ix_a, table: t, columns: [a], concurrently: true}\n"
      "- create_index: {name: ix_b, table: t, columns: [b], concurrently: true}\n";
  for (const char* dialect : {"postgresql", "sqlite"}) {
    const LintReport report = LintOps(dialect, ops, "transaction: false\n");
    const LintFinding& finding = FindingOf(report, "non-transactional-several-operations");
    CHECK(finding.severity == LintSeverity::kWarning);
    CHECK(finding.line == 6);
  }
  CHECK(LintOps("postgresql", "- create_index: {name: ix_a, table: t, columns: [a], "
                              "concurrently: true}\n",
                "transaction: false\n")
            .findings.empty());
}

TEST_CASE("lint postgresql: raw SQL is said to be unjudged", "[lint][postgresql]") {
  const LintReport report = Pg("- execute: UPDATE t SET a = 1\n", kTimeout);
  CHECK(FindingOf(report, "pg-execute").severity == LintSeverity::kInfo);
}

}  // namespace
}  // namespace retort::testing
