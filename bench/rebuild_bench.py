#!/usr/bin/python3
"""Times a SQLite table rebuild: retort against hand-written SQL and Alembic.

The database: a parent table of 1,000,000 rows

  parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT,
          score INTEGER), with an index on name

and a child table of 1,000,000 rows referencing it

  child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id),
         note TEXT), with an index on parent_id.

It is built once with the sqlite3 shell, both tools' version tables are
stamped at the base revision, and every timed run starts from a fresh copy
of that file. The change, three operations on parent in one revision:

  score  INTEGER -> BIGINT
  name   NOT NULL (retort: fill_nulls: "''")
  CHECK  (score >= 0), named ck_parent_score

Timed, each a separate process, wall clock and user+sys CPU time:

  hand-written  the sqlite3 shell running SQLite's 12-step rebuild by hand
  retort        'retort upgrade head' (the three changes: one rebuild)
  retort, one   'retort upgrade head' of a revision with the type change only
  Alembic       'alembic upgrade head', op.batch_alter_table("parent")

with foreign keys off (SQLite's default) and on (retort: ?foreign_keys=on in
the URL; the shell: PRAGMA foreign_keys = ON first; Alembic: PRAGMA
foreign_keys = ON on connect). After every run the script checks the schema,
the row counts, the rows themselves (SHA3 of each table's content, which
must equal the original's) and that no foreign key is broken.

Needs only the standard library, the sqlite3 shell, and for the Alembic runs
an interpreter with Alembic (--python, default /usr/bin/python3).

  rebuild_bench.py [RETORT] [--runs N] [--rows N] [--foreign-keys off|on|both]

RETORT defaults to build/cli/retort in the repository this script lives in.
"""

import argparse
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile

from alembic_logging import LOGGING_SECTIONS
from chain_bench import age_files, rotate, run, table

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DEFAULT_RUNS = 3
DEFAULT_ROWS = 1_000_000

BASE = "b0a5e0000001"      # the base revision: the tables as built by hand
HEAD = "c4a9e0000002"      # the three changes
HEAD_ONE = "c4a9e0000003"  # the type change alone

TOOLS = ("hand", "hand-plain", "retort", "retort-one", "alembic")
LABELS = {
    "hand": "hand-written SQL, converting as retort does",
    "hand-plain": "hand-written SQL, copying as Alembic does",
    "retort": "retort, 3 changes in 1 revision",
    "retort-one": "retort, the type change alone",
    "alembic": "Alembic batch_alter_table",
}
# What each tool is compared with: the hand-written rebuild that does the
# same work.
REFERENCE = {"hand": "hand", "hand-plain": "hand-plain", "retort": "hand", "retort-one": "hand",
             "alembic": "hand-plain"}


# --------------------------------------------------------------------------
# The database


def build_sql(rows):
    """The schema and the data; every column value is computed from the row
    number, no NULL in parent.name (Alembic cannot fill NULLs)."""
    return """\
CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT, score INTEGER);
CREATE INDEX ix_parent_name ON parent (name);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), note TEXT);
CREATE INDEX ix_child_parent_id ON child (parent_id);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %(rows)d)
INSERT INTO parent (id, code, name, score)
SELECT i, printf('P%%07d', i), printf('name %%07d', (i * 7919) %% 1000003), (i * 2654435761) %% 100000
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %(rows)d)
INSERT INTO child (id, parent_id, note)
SELECT i, ((i * 7) %% %(rows)d) + 1, 'child ' || i FROM n;
COMMIT;
""" % {"rows": rows}


# The new parent table, as all three write it (Alembic spells the primary key
# and the unique constraint as table constraints; same meaning).
NEW_PARENT_COLUMNS = ("id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, "
                      "score BIGINT, CONSTRAINT ck_parent_score CHECK (score >= 0)")


def hand_sql(foreign_keys, convert=True):
    """SQLite's documented 12-step procedure for parent (sqlite.org/lang_altertable.html,
    "Making Other Kinds Of Table Schema Changes"); steps 1, 10 and 12 only when foreign
    keys are on, as the procedure says; there are no views or triggers (step 9).
    convert: the copy converts as retort's does (CAST for the new type, COALESCE for
    the NULLs); otherwise it copies the values as they are, as Alembic's does."""
    lines = []
    if foreign_keys:
        lines.append("PRAGMA foreign_keys = ON;   -- the connection's setting, as ?foreign_keys=on")
        lines.append("PRAGMA foreign_keys = OFF;  -- step 1")
    lines += [
        "BEGIN;",
        "CREATE TABLE new_parent (%s);" % NEW_PARENT_COLUMNS,
        "INSERT INTO new_parent (id, code, name, score)",
        ("  SELECT id, code, COALESCE(name, ''), CAST(score AS BIGINT) FROM parent;" if convert
         else "  SELECT id, code, name, score FROM parent;"),
        "DROP TABLE parent;",
        "ALTER TABLE new_parent RENAME TO parent;",
        "CREATE INDEX ix_parent_name ON parent (name);",
    ]
    if foreign_keys:
        lines.append("PRAGMA foreign_key_check;")
    lines.append("COMMIT;")
    if foreign_keys:
        lines.append("PRAGMA foreign_keys = ON;")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# The retort and Alembic projects


RETORT_INI = """\
[retort]
script_location = .
url = sqlite:///bench.db%s
transaction_per_revision = true
lock_timeout = 60
"""

RETORT_BASE = """\
revision: "%s"
down_revision: null
branch_labels: []
depends_on: []
message: parent and child, built by hand
create_date: "2024-01-01 00:00:00"
upgrade: []
""" % BASE

RETORT_HEAD = """\
revision: "%s"
down_revision: "%s"
branch_labels: []
depends_on: []
message: parent - bigint score, name not null, check score
create_date: "2024-01-01 00:00:00"
upgrade:
  - alter_column:
      table: parent
      column: score
      type: bigint
      existing_type: integer
  - alter_column:
      table: parent
      column: name
      nullable: false
      fill_nulls: "''"
      existing_type: text
      existing_nullable: true
  - create_check_constraint:
      name: ck_parent_score
      table: parent
      condition: "score >= 0"
""" % (HEAD, BASE)

RETORT_HEAD_ONE = """\
revision: "%s"
down_revision: "%s"
branch_labels: []
depends_on: []
message: parent - bigint score
create_date: "2024-01-01 00:00:00"
upgrade:
  - alter_column:
      table: parent
      column: score
      type: bigint
      existing_type: integer
""" % (HEAD_ONE, BASE)


def write_retort_project(folder, head_text, head_id):
    os.makedirs(os.path.join(folder, "versions"))
    with open(os.path.join(folder, "retort.ini"), "w") as out:
        out.write(RETORT_INI % "")
    with open(os.path.join(folder, "retort_fk.ini"), "w") as out:
        out.write(RETORT_INI % "?foreign_keys=on")
    with open(os.path.join(folder, "versions", BASE + "_base.yaml"), "w") as out:
        out.write(RETORT_BASE)
    with open(os.path.join(folder, "versions", head_id + "_rebuild_parent.yaml"), "w") as out:
        out.write(head_text)


ALEMBIC_INI = """\
[alembic]
script_location = .
sqlalchemy.url = sqlite:///bench.db
# on: the application's connections enforce foreign keys; env.py then does
# for the migration what retort does (see there).
foreign_keys = %(foreign_keys)s

%(logging)s"""

ALEMBIC_ENV = '''\
"""Online migrations against the SQLite file named in the ini file.

Each revision runs in one real SQLite transaction (BEGIN IMMEDIATE ...
COMMIT), as retort runs it. With foreign_keys = on the connection enforces
foreign keys, like retort's ?foreign_keys=on; since batch mode's DROP TABLE
fails while they are enforced, foreign keys are switched off (outside the
transaction) for the migrations, PRAGMA foreign_key_check runs before each
revision's COMMIT, and they are switched on again afterwards: what retort
does on its own.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, event, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def check_foreign_keys(ctx, step, heads, run_args):
    # Called after each revision's operations, inside its transaction.
    rows = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if rows:
        raise RuntimeError("foreign_key_check found %d row(s) without a parent" % len(rows))


def run_migrations_online():
    foreign_keys = config.get_main_option("foreign_keys", "off") == "on"
    engine = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        # The sqlite3 module begins transactions only before DML, so DDL
        # would commit on its own; let SQLAlchemy's begin() emit the BEGIN.
        dbapi_connection.isolation_level = None
        if foreign_keys:
            dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    with engine.connect() as connection:
        if foreign_keys:
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        context.configure(
            connection=connection,
            target_metadata=None,
            transaction_per_migration=True,
            on_version_apply=[check_foreign_keys] if foreign_keys else [],
        )
        with context.begin_transaction():
            context.run_migrations()
        if foreign_keys:
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")


if context.is_offline_mode():
    raise SystemExit("this benchmark runs Alembic online only")
run_migrations_online()
'''

ALEMBIC_BASE = '''\
"""parent and child, built by hand

Revision ID: %s
Revises:
Create Date: 2024-01-01 00:00:00
"""
revision = %r
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
''' % (BASE, BASE)

ALEMBIC_HEAD = '''\
"""parent - bigint score, name not null, check score

Revision ID: %s
Revises: %s
Create Date: 2024-01-01 00:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = %r
down_revision = %r
branch_labels = None
depends_on = None


def upgrade():
    # recreate="auto" (the default): a type change, NOT NULL and a CHECK
    # constraint all make batch mode recreate the table, once.
    with op.batch_alter_table("parent") as batch_op:
        batch_op.alter_column("score", type_=sa.BigInteger(), existing_type=sa.Integer())
        batch_op.alter_column("name", nullable=False, existing_type=sa.Text(),
                              existing_nullable=True)
        batch_op.create_check_constraint("ck_parent_score", "score >= 0")


def downgrade():
    with op.batch_alter_table("parent") as batch_op:
        batch_op.drop_constraint("ck_parent_score", type_="check")
        batch_op.alter_column("name", nullable=True, existing_type=sa.Text())
        batch_op.alter_column("score", type_=sa.Integer(), existing_type=sa.BigInteger())
''' % (HEAD, BASE, HEAD, BASE)


def write_alembic_project(folder):
    os.makedirs(os.path.join(folder, "versions"))
    for name, foreign_keys in (("alembic.ini", "off"), ("alembic_fk.ini", "on")):
        with open(os.path.join(folder, name), "w") as out:
            out.write(ALEMBIC_INI % {"foreign_keys": foreign_keys, "logging": LOGGING_SECTIONS})
    with open(os.path.join(folder, "env.py"), "w") as out:
        out.write(ALEMBIC_ENV)
    with open(os.path.join(folder, "versions", BASE + "_base.py"), "w") as out:
        out.write(ALEMBIC_BASE)
    with open(os.path.join(folder, "versions", HEAD + "_rebuild_parent.py"), "w") as out:
        out.write(ALEMBIC_HEAD)


# --------------------------------------------------------------------------
# Running and timing


def remove_database(folder):
    for name in ("bench.db", "bench.db-journal", "bench.db-wal", "bench.db-shm"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            os.remove(path)


def fresh_copy(template, folder):
    """Copies the template to folder/bench.db, untimed, and leaves the same
    page-cache state for every run: the copy written to disk (fsync, then
    sync for everything else), then read once in full, so that its pages
    are cached and none is dirty."""
    remove_database(folder)
    target = os.path.join(folder, "bench.db")
    shutil.copyfile(template, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    os.sync()
    with open(target, "rb") as handle:
        while handle.read(1 << 20):
            pass
    return target


# --------------------------------------------------------------------------
# Checking the result


def normalize_sql(text):
    return re.sub(r"\s+", "", text.replace('"', "").replace("`", "").replace("[", "").replace("]", "")).lower()


def schema_signature(db_path):
    """The tables' meaning, leaving out spelling: columns (name, type, NOT
    NULL, default, key), indexes (unique, origin, columns, partial; names
    except SQLite's own autoindex names), foreign keys and CHECK constraints."""
    connection = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    try:
        signature = {}
        for table_name in ("parent", "child"):
            columns = []
            for cid, name, type_, notnull, default, pk in connection.execute(
                    "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)", (table_name,)):
                # An INTEGER PRIMARY KEY is the rowid: NOT NULL or not, it holds no NULL.
                if pk and type_.upper() == "INTEGER":
                    notnull = "rowid"
                columns.append((name, type_.upper(), notnull, default, pk))
            indexes = []
            for _, name, unique, origin, partial in connection.execute(
                    "SELECT seq, name, \"unique\", origin, partial FROM pragma_index_list(?)", (table_name,)):
                cols = [row[0] for row in connection.execute(
                    "SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,))]
                indexes.append(("(autoindex)" if name.startswith("sqlite_autoindex_") else name,
                                unique, origin, partial, tuple(cols)))
            keys = [tuple(row) for row in connection.execute(
                "SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?)",
                (table_name,))]
            sql = connection.execute(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", (table_name,)).fetchone()[0]
            checks = sorted(normalize_sql(m.group(0)) for m in re.finditer(
                r"(CONSTRAINT\s+\S+\s+)?CHECK\s*\([^()]*\)", sql, re.IGNORECASE))
            signature[table_name] = {"columns": columns, "indexes": sorted(indexes), "foreign_keys": sorted(keys),
                                "checks": checks}
        others = sorted(row[0] for row in connection.execute(
            "SELECT name FROM sqlite_schema WHERE type IN ('table', 'index', 'view', 'trigger') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name NOT IN ('parent', 'child')"))
        signature["other objects"] = others
        return signature
    finally:
        connection.close()


EXPECTED_PARENT_COLUMNS = [
    ("id", "INTEGER", "rowid", None, 1),
    ("code", "TEXT", 1, None, 0),
    ("name", "TEXT", 1, None, 0),
    ("score", "BIGINT", 0, None, 0),
]
EXPECTED_CHECKS = ["constraintck_parent_scorecheck(score>=0)"]


def database_facts(sqlite3_shell, db_path, cwd, alembic=True):
    """Row counts, SHA3 of each table's content (the shell's .sha3sum),
    foreign_key_check rows and the version rows, via the sqlite3 shell."""
    alembic_version = ("SELECT 'alembic_version|' || group_concat(version_num) FROM alembic_version;"
                       if alembic else "SELECT 'no Alembic';")
    result = subprocess.run(
        [sqlite3_shell, "-init", os.devnull, "-batch", "-bail", db_path,
         ".sha3sum parent", ".sha3sum child",
         "SELECT 'count|parent|' || count(*) FROM parent;",
         "SELECT 'count|child|' || count(*) FROM child;",
         "SELECT 'fk|' || count(*) FROM pragma_foreign_key_check;",
         "SELECT 'retort_version|' || group_concat(version_num) FROM retort_version;",
         alembic_version],
        cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("checking %s failed: %s" % (db_path, result.stderr))
    facts = {}
    for line in result.stdout.splitlines():
        parts = line.split("|")
        if parts[0] == "count":
            facts["rows " + parts[1]] = int(parts[2])
        elif parts[0] in ("fk", "retort_version", "alembic_version"):
            facts[parts[0]] = parts[1]
        elif len(parts) == 2 and parts[1] in ("parent", "child"):
            facts["sha3 " + parts[1]] = parts[0]
    return facts


def integrity(sqlite3_shell, db_path, cwd):
    result = subprocess.run([sqlite3_shell, "-init", os.devnull, "-batch", db_path, "PRAGMA integrity_check;"],
                            cwd=cwd, capture_output=True, text=True)
    return result.stdout.strip()


# --------------------------------------------------------------------------
# Reporting


def ms(seconds):
    return "-" if seconds is None else "{:,.0f}".format(seconds * 1000)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return "%.2fx" % (a / b)


# --------------------------------------------------------------------------
# Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("retort", nargs="?", default=os.path.join(REPO, "build", "cli", "retort"),
                        help="the retort binary (default: build/cli/retort in this repository)")
    parser.add_argument("--runs", "-n", type=int, default=DEFAULT_RUNS,
                        help="timed runs of each tool per foreign-key setting (default %d)" % DEFAULT_RUNS)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS,
                        help="rows in each of the two tables (default %d)" % DEFAULT_ROWS)
    parser.add_argument("--foreign-keys", choices=["off", "on", "both"], default="both",
                        help="run with foreign keys off, on, or both (default both)")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter with Alembic installed (default /usr/bin/python3); "
                             "Alembic runs as PYTHON -m alembic")
    parser.add_argument("--no-alembic", action="store_true", help="leave Alembic out")
    parser.add_argument("--sqlite3", default="sqlite3", help="the sqlite3 shell (default: sqlite3 on PATH)")
    parser.add_argument("--workdir", default=None,
                        help="where to create the temporary folder (default: the system's temp folder); "
                             "its file system decides what the copy and COMMIT cost")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write every timing to this file")
    args = parser.parse_args()

    retort = os.path.abspath(args.retort)
    if not os.access(retort, os.X_OK):
        raise SystemExit("no retort binary at %s (build it, or pass its path)" % retort)
    sqlite3_shell = shutil.which(args.sqlite3) or args.sqlite3
    if args.runs < 1 or args.rows < 1000:
        raise SystemExit("--runs must be at least 1 and --rows at least 1000")
    settings = ["off", "on"] if args.foreign_keys == "both" else [args.foreign_keys]
    tools = [t for t in TOOLS if not (args.no_alembic and t == "alembic")]
    alembic = [args.python, "-m", "alembic"]

    def log(message):
        print(message, file=sys.stderr, flush=True)

    root = tempfile.mkdtemp(prefix="retort-rebuild-bench-", dir=args.workdir)
    folders = {tool: os.path.join(root, tool) for tool in TOOLS}
    template_dir = os.path.join(root, "template")
    results = {}   # (setting, tool) -> list of (wall, cpu, load)
    notes = {}
    try:
        # ---- projects and scripts
        os.makedirs(template_dir)
        os.makedirs(folders["hand"])
        os.makedirs(folders["hand-plain"])
        write_retort_project(folders["retort"], RETORT_HEAD, HEAD)
        write_retort_project(folders["retort-one"], RETORT_HEAD_ONE, HEAD_ONE)
        write_alembic_project(folders["alembic"])
        for setting in ("off", "on"):
            with open(os.path.join(folders["hand"], "rebuild_fk_%s.sql" % setting), "w") as out:
                out.write(hand_sql(setting == "on"))
            with open(os.path.join(folders["hand-plain"], "rebuild_fk_%s.sql" % setting), "w") as out:
                out.write(hand_sql(setting == "on", convert=False))
        age_files(root)

        # ---- the template database, built once
        log("building the database (%s rows per table) in %s" % ("{:,}".format(args.rows), root))
        build = os.path.join(template_dir, "build.sql")
        with open(build, "w") as out:
            out.write(build_sql(args.rows))
        template = os.path.join(template_dir, "bench.db")
        run([sqlite3_shell, "-init", os.devnull, "-batch", "-bail", template], template_dir, stdin_path=build)
        # Both tools' version tables, at the base revision, in the template:
        # every run starts from the same bytes.
        shutil.move(template, os.path.join(folders["retort"], "bench.db"))
        run([retort, "-c", "retort.ini", "stamp", BASE], folders["retort"])
        shutil.move(os.path.join(folders["retort"], "bench.db"), template)
        if not args.no_alembic:
            shutil.move(template, os.path.join(folders["alembic"], "bench.db"))
            run(alembic + ["-c", "alembic.ini", "stamp", BASE], folders["alembic"])
            shutil.move(os.path.join(folders["alembic"], "bench.db"), template)
        original = database_facts(sqlite3_shell, template, root, not args.no_alembic)
        if original["rows parent"] != args.rows or original["rows child"] != args.rows:
            raise SystemExit("the template does not hold %d rows per table: %r" % (args.rows, original))
        template_size = os.path.getsize(template)
        with sqlite3.connect(template) as connection:
            page_size = connection.execute("PRAGMA page_size").fetchone()[0]
            cache_size = connection.execute("PRAGMA cache_size").fetchone()[0]
            journal_mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        connection.close()

        def command_of(tool, setting, verbose=False):
            ini_suffix = "_fk" if setting == "on" else ""
            if tool in ("hand", "hand-plain"):
                return ([sqlite3_shell, "-init", os.devnull, "-batch", "-bail", "bench.db"],
                        os.path.join(folders[tool], "rebuild_fk_%s.sql" % setting))
            if tool in ("retort", "retort-one"):
                return [retort, "-c", "retort%s.ini" % ini_suffix, "upgrade", "head"] + (["-v"] if verbose else []), None
            return alembic + ["-c", "alembic%s.ini" % ini_suffix, "upgrade", "head"], None

        reference = {}   # setting -> schema signature of the hand-written result

        def check(tool, setting, db_path, full=False):
            """Everything the run must have done; raises when it did not."""
            facts = database_facts(sqlite3_shell, db_path, root, not args.no_alembic)
            problems = []
            for table_name in ("parent", "child"):
                if facts.get("rows " + table_name) != args.rows:
                    problems.append("%s holds %s rows" % (table_name, facts.get("rows " + table_name)))
                if facts.get("sha3 " + table_name) != original["sha3 " + table_name]:
                    problems.append("the rows of %s differ from the original's" % table_name)
            if facts.get("fk") != "0":
                problems.append("foreign_key_check reports %s row(s)" % facts.get("fk"))
            want_retort = {"retort": HEAD, "retort-one": HEAD_ONE}.get(tool, BASE)
            want_alembic = HEAD if tool == "alembic" else BASE
            if facts.get("retort_version") != want_retort:
                problems.append("retort_version holds %s" % facts.get("retort_version"))
            if not args.no_alembic and facts.get("alembic_version") != want_alembic:
                problems.append("alembic_version holds %s" % facts.get("alembic_version"))
            signature = schema_signature(db_path)
            if tool == "retort-one":
                parent = signature["parent"]
                expected = [("id", "INTEGER", "rowid", None, 1), ("code", "TEXT", 1, None, 0),
                            ("name", "TEXT", 0, None, 0), ("score", "BIGINT", 0, None, 0)]
                if parent["columns"] != expected or parent["checks"]:
                    problems.append("parent after the type change alone: %r" % parent)
            else:
                if signature["parent"]["columns"] != EXPECTED_PARENT_COLUMNS:
                    problems.append("parent's columns: %r" % signature["parent"]["columns"])
                if signature["parent"]["checks"] != EXPECTED_CHECKS:
                    problems.append("parent's CHECK constraints: %r" % signature["parent"]["checks"])
                if setting not in reference and tool == "hand":
                    reference[setting] = signature
                if setting in reference and signature != reference[setting]:
                    problems.append("the schema differs from the hand-written result:\n  %r\n  %r" % (
                        signature, reference[setting]))
            if full:
                verdict = integrity(sqlite3_shell, db_path, root)
                if verdict != "ok":
                    problems.append("integrity_check: %s" % verdict[:500])
            if problems:
                raise SystemExit("%s, foreign keys %s: %s" % (LABELS[tool], setting, "; ".join(problems)))

        load_at_start = os.getloadavg()
        for setting in settings:
            # Round 0 warms up (binaries, Python modules) and is not timed;
            # retort runs it with -v to show and count what it runs.
            for round_number in range(args.runs + 1):
                log("foreign keys %s: %s" % (setting, "warm-up round" if round_number == 0 else
                                             "round %d of %d" % (round_number, args.runs)))
                # A different tool goes first each round.
                for tool in rotate(tools, round_number):
                    folder = folders[tool]
                    db_path = fresh_copy(template, folder)
                    command, stdin_path = command_of(tool, setting, verbose=round_number == 0)
                    load = os.getloadavg()[0]
                    result = run(command, folder, stdin_path=stdin_path, keep_output=True)
                    if round_number == 0:
                        notes[(setting, tool)] = result.stdout
                        if tool in ("hand", "hand-plain") and result.stdout.strip():
                            raise SystemExit("the hand-written rebuild printed: %s" % result.stdout[:2000])
                    else:
                        results.setdefault((setting, tool), []).append((result.wall, result.cpu, load))
                    check(tool, setting, db_path, full=round_number == 0)
                    remove_database(folder)
        load_at_end = os.getloadavg()

        # ---- report
        def walls(setting, tool):
            return [w for w, _, _ in results.get((setting, tool), [])]

        def median_wall(setting, tool):
            values = walls(setting, tool)
            return statistics.median(values) if values else None

        def fastest(setting, tool):
            values = walls(setting, tool)
            return min(values) if values else None

        def median_cpu(setting, tool):
            values = [c for _, c, _ in results.get((setting, tool), [])]
            return statistics.median(values) if values else None

        def rebuilds(setting, tool):
            return notes.get((setting, tool), "").count("CREATE TABLE _retort_rebuild_")

        sqlite_version = subprocess.run([sqlite3_shell, "--version"], capture_output=True, text=True).stdout.split()[0]
        alembic_version = "-"
        if not args.no_alembic:
            alembic_version = run(alembic + ["--version"], root, keep_output=True).stdout.strip()
        print()
        print("SQLite table rebuild: parent (%s rows) changed in one revision; child (%s rows) references it"
              % ("{:,}".format(args.rows), "{:,}".format(args.rows)))
        print("machine: %s, %d CPUs; Python %s (this script), %s, sqlite3 shell %s" % (
            platform.system(), os.cpu_count() or 0, platform.python_version(), alembic_version, sqlite_version))
        print("database: %.0f MB, page size %d, cache_size %d, journal_mode %s" % (
            template_size / 1e6, page_size, cache_size, journal_mode))
        print("load average at the start: %.2f %.2f %.2f, at the end: %.2f %.2f %.2f" % (
            load_at_start + load_at_end))
        print()
        for setting in settings:
            rows = []
            for tool in tools:
                if (setting, tool) not in results:
                    continue
                base = REFERENCE[tool]
                rows.append([LABELS[tool], ms(median_wall(setting, tool)), ms(fastest(setting, tool)),
                             ms(median_cpu(setting, tool)),
                             ratio(median_wall(setting, tool), median_wall(setting, base)),
                             ratio(fastest(setting, tool), fastest(setting, base)),
                             "converting" if base == "hand" else "copying"])
            print("foreign keys %s (%d runs each):" % (setting, args.runs))
            print(table(["tool", "median ms", "fastest ms", "cpu ms", "/ hand-written (median)",
                         "/ hand-written (fastest)", "hand-written"], rows))
            print()
            print("  retort rebuilds (CREATE TABLE _retort_rebuild_ in -v): %d for the 3 changes, %d for 1 change;"
                  " 3 changes / 1 change: %s (median), %s (fastest)" % (
                      rebuilds(setting, "retort"), rebuilds(setting, "retort-one"),
                      ratio(median_wall(setting, "retort"), median_wall(setting, "retort-one")),
                      ratio(fastest(setting, "retort"), fastest(setting, "retort-one"))))
            value = median_wall(setting, "retort") / median_wall(setting, "hand")
            print("  target retort <= 1.05x hand-written: %.2fx by median, %.2fx by fastest run: %s" % (
                value, fastest(setting, "retort") / fastest(setting, "hand"),
                "met" if value <= 1.05 else "NOT met"))
            if (setting, "alembic") in results:
                print("  Alembic against the converting hand-written SQL: %s (median), %s (fastest)" % (
                    ratio(median_wall(setting, "alembic"), median_wall(setting, "hand")),
                    ratio(fastest(setting, "alembic"), fastest(setting, "hand"))))
            print("  run loads (1-min average at each run's start): %s" % ", ".join(
                "%.2f" % load for tool in tools for _, _, load in results.get((setting, tool), [])))
            print()
        for setting in settings:
            print("retort's statements, foreign keys %s (retort upgrade head -v):" % setting)
            for line in notes.get((setting, "retort"), "").splitlines():
                print("  " + (line if len(line) <= 200 else line[:197] + "..."))
            print()

        if args.json:
            with open(args.json, "w") as out:
                json.dump({"rows": args.rows, "runs": args.runs, "load_at_start": load_at_start,
                           "load_at_end": load_at_end,
                           "timings": {"%s/%s" % key: [{"wall": w, "cpu": c, "load": l} for w, c, l in value]
                                       for key, value in results.items()}}, out, indent=1)
    finally:
        if args.keep:
            log("kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
