#!/usr/bin/python3
"""Times retort against Alembic on a long linear revision chain.

In a temporary folder the script writes the same N-revision chain twice, as
retort YAML revisions and as Alembic revision modules: odd revisions create a
table t<i> (id integer primary key, name varchar(50)), even revisions add a
column c<i> varchar(50) to the table the revision before created. Then it runs
each command as a separate process and measures its wall-clock time:

  upgrade head    on a fresh SQLite file
  downgrade base  from head
  heads, history, current
                  several runs each; retort cold (no .retort-index header
                  cache: a fresh clone for these commands, which never read
                  the parsed-revision cache) and warm, Alembic cold (no
                  __pycache__) and warm

and the floor for upgrade: the sqlite3 shell replaying exactly the statements
retort runs (captured from 'retort upgrade head -v'), with retort's
transaction boundaries: one BEGIN IMMEDIATE ... COMMIT per revision, holding
its DDL, its version-row change and its history row.

Needs only the standard library; Alembic is run in a child process by the
interpreter given with --python (default /usr/bin/python3).

  chain_bench.py [RETORT] [--revisions N] [--repeats K] ...

RETORT defaults to build/cli/retort in the repository this script lives in.
"""

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from alembic_logging import LOGGING_SECTIONS

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Revision files are given a modification time this far in the past, as
# files checked out of version control are. retort's header cache leaves out
# files modified in the last two seconds (their stamps cannot be trusted yet).
FILE_AGE_SECONDS = 3600

# Read-only commands are run this many times by default for each tool.
DEFAULT_REPEATS = 7
# upgrade head / downgrade base are run this many times by default.
DEFAULT_MIGRATE_REPEATS = 5
# Beyond this many revisions only the read-only commands are timed unless
# --mode all is given.
AUTO_READ_ONLY_ABOVE = 2000


# --------------------------------------------------------------------------
# The chain


def revision_id(index):
    """A fixed 12-hex-digit id for revision `index` (1-based)."""
    return hashlib.sha1(("retort-bench-%d" % index).encode()).hexdigest()[:12]


def chain(count):
    """(index, id, parent id or None, kind, table, column) for each revision."""
    ids = [revision_id(i) for i in range(1, count + 1)]
    if len(set(ids)) != len(ids):
        raise SystemExit("revision ids collide; change revision_id()")
    revisions = []
    for i in range(1, count + 1):
        parent = ids[i - 2] if i > 1 else None
        if i % 2 == 1:
            revisions.append((i, ids[i - 1], parent, "create_table", "t%d" % i, None))
        else:
            revisions.append((i, ids[i - 1], parent, "add_column", "t%d" % (i - 1), "c%d" % i))
    return revisions


def message_of(kind, table, column):
    if kind == "create_table":
        return "create table %s" % table
    return "add column %s.%s" % (table, column)


def slug_of(message):
    return "".join(c if c.isalnum() else "_" for c in message.lower())


RETORT_INI = """\
[retort]
script_location = .
url = sqlite:///retort.db
transaction_per_revision = true
lock_timeout = 60
"""


def write_retort_project(folder, revisions):
    versions = os.path.join(folder, "versions")
    os.makedirs(versions)
    with open(os.path.join(folder, "retort.ini"), "w") as out:
        out.write(RETORT_INI)
    for index, rev, parent, kind, table, column in revisions:
        message = message_of(kind, table, column)
        lines = [
            'revision: "%s"' % rev,
            'down_revision: %s' % ('"%s"' % parent if parent else "null"),
            "branch_labels: []",
            "depends_on: []",
            "message: %s" % message,
            'create_date: "2024-01-01 00:00:00"',
            "",
            "upgrade:",
        ]
        if kind == "create_table":
            lines += [
                "  - create_table:",
                "      name: %s" % table,
                "      columns:",
                "        - {name: id, type: integer, primary_key: true}",
                "        - {name: name, type: string(50)}",
            ]
        else:
            lines += [
                "  - add_column:",
                "      table: %s" % table,
                "      column: {name: %s, type: string(50)}" % column,
            ]
        # No downgrade section: retort reverses the upgrade (drop_table,
        # drop_column), which is what the Alembic modules spell out.
        name = "%s_%s.yaml" % (rev, slug_of(message))
        with open(os.path.join(versions, name), "w") as out:
            out.write("\n".join(lines) + "\n")


ALEMBIC_INI = """\
[alembic]
script_location = .
sqlalchemy.url = sqlite:///%(db)s
# true: each revision in one real SQLite transaction (BEGIN IMMEDIATE ...
# COMMIT), the boundaries retort uses. false: the Python sqlite3 module's
# default handling, under which DDL runs outside any transaction.
transactional_ddl = %(transactional)s

%(logging)s"""

ALEMBIC_ENV = '''\
"""Online migrations against the database named in the ini file."""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, event, pool

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)


def run_migrations_online():
    engine = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    if engine.dialect.name == "sqlite" and config.get_main_option("transactional_ddl", "true") == "true":
        # The sqlite3 module begins transactions only before DML, so DDL
        # would commit on its own; let SQLAlchemy's begin() emit the BEGIN.
        @event.listens_for(engine, "connect")
        def _no_implicit_transactions(dbapi_connection, connection_record):
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=None,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("this benchmark runs Alembic online only")
run_migrations_online()
'''


def write_alembic_project(folder, revisions, ini_files=None, id_options=""):
    """Writes the Alembic project. ini_files maps file names to their text
    (default: alembic.ini and alembic_stock.ini on SQLite files); id_options
    is appended to the arguments of each table's id column."""
    versions = os.path.join(folder, "versions")
    os.makedirs(versions)
    if ini_files is None:
        ini_files = {
            "alembic.ini": ALEMBIC_INI % {"db": "alembic.db", "transactional": "true", "logging": LOGGING_SECTIONS},
            "alembic_stock.ini": ALEMBIC_INI % {"db": "alembic_stock.db", "transactional": "false",
                                                "logging": LOGGING_SECTIONS},
        }
    for name, text in ini_files.items():
        with open(os.path.join(folder, name), "w") as out:
            out.write(text)
    with open(os.path.join(folder, "env.py"), "w") as out:
        out.write(ALEMBIC_ENV)
    for index, rev, parent, kind, table, column in revisions:
        message = message_of(kind, table, column)
        if kind == "create_table":
            upgrade = (
                "    op.create_table(\n"
                "        %r,\n"
                "        sa.Column('id', sa.Integer(), primary_key=True%s),\n"
                "        sa.Column('name', sa.String(50)),\n"
                "    )\n" % (table, id_options)
            )
            downgrade = "    op.drop_table(%r)\n" % table
        else:
            upgrade = "    op.add_column(%r, sa.Column(%r, sa.String(50)))\n" % (table, column)
            downgrade = "    op.drop_column(%r, %r)\n" % (table, column)
        text = (
            '"""%s\n\nRevision ID: %s\nRevises: %s\nCreate Date: 2024-01-01 00:00:00\n"""\n'
            "from alembic import op\n"
            "import sqlalchemy as sa\n\n"
            "revision = %r\n"
            "down_revision = %r\n"
            "branch_labels = None\n"
            "depends_on = None\n\n\n"
            "def upgrade():\n%s\n\n"
            "def downgrade():\n%s"
        ) % (message, rev, parent or "", rev, parent, upgrade, downgrade)
        name = "%s_%s.py" % (rev, slug_of(message))
        with open(os.path.join(versions, name), "w") as out:
            out.write(text)


def age_files(folder):
    """Gives every file below `folder` a modification time in the past."""
    past = time.time() - FILE_AGE_SECONDS
    for root, _, files in os.walk(folder):
        for name in files:
            os.utime(os.path.join(root, name), (past, past))


# --------------------------------------------------------------------------
# Running and timing


class Run:
    """One timed child process: wall time and the CPU time it used."""

    def __init__(self, wall, cpu, stdout):
        self.wall = wall
        self.cpu = cpu
        self.stdout = stdout


def run(command, cwd, stdin_path=None, keep_output=False):
    """Runs `command` in `cwd`, timing it; raises when it fails.

    stdout goes to a file (not a pipe the parent must drain), stderr to a
    file that is shown if the command fails.
    """
    out_path = os.path.join(cwd, ".bench-stdout")
    err_path = os.path.join(cwd, ".bench-stderr")
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    try:
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            code = subprocess.call(command, cwd=cwd, stdin=stdin, stdout=out, stderr=err)
            wall = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        if stdin_path:
            stdin.close()
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if code != 0:
        with open(err_path, "rb") as err:
            detail = err.read().decode(errors="replace")[-3000:]
        raise SystemExit("command failed (exit %d) in %s: %s\n%s" % (code, cwd, " ".join(command), detail))
    stdout = None
    if keep_output:
        with open(out_path, "rb") as out:
            stdout = out.read().decode(errors="replace")
    return Run(wall, cpu, stdout)


def remove(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def retort_binary(path):
    """The absolute path of the retort binary; exits if there is none."""
    retort = os.path.abspath(path)
    if not os.access(retort, os.X_OK):
        raise SystemExit("no retort binary at %s (build it, or pass its path)" % retort)
    return retort


def remove_unless_kept(folder, keep):
    """Deletes the temporary folder, or says where it was kept (--keep)."""
    if keep:
        print("kept %s" % folder, file=sys.stderr, flush=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def remove_databases(folder):
    for name in os.listdir(folder):
        if name.endswith((".db", ".db-journal", ".db-wal", ".db-shm", ".retort-lock")):
            os.remove(os.path.join(folder, name))


# --------------------------------------------------------------------------
# The sqlite3 floor


def parse_verbose_run(text, count, direction="upgrade"):
    """Splits 'retort upgrade head -v' (or 'downgrade base -v') output into one
    list of statements per revision. Statements printed before the first
    'Running upgrade' line (the version and history tables) belong to the
    first revision's transaction; a downgrade prints none.
    """
    running = "Running %s " % direction
    done = "Upgraded to " if direction == "upgrade" else "Downgraded to "
    groups = []
    leading = []
    current = None
    pending = []
    for line in text.splitlines():
        if not pending and line.startswith(running):
            current = []
            groups.append(current)
            continue
        if not pending and line.startswith(done):
            break
        pending.append(line)
        if line.rstrip().endswith(";"):
            statement = "\n".join(pending)
            pending = []
            (current if current is not None else leading).append(statement)
    if pending:
        raise SystemExit("unterminated statement in retort's output: %r" % "\n".join(pending))
    if len(groups) != count:
        raise SystemExit("expected %d '%s' lines, found %d" % (count, running.strip(), len(groups)))
    if direction == "upgrade" and not leading:
        raise SystemExit("retort printed no version-table statements before the first revision")
    if direction == "downgrade" and leading:
        raise SystemExit("retort printed statements before the first revision of a downgrade")
    groups[0] = leading + groups[0]
    return groups


def write_floor_script(path, groups, begin="BEGIN IMMEDIATE;"):
    with open(path, "w") as out:
        for statements in groups:
            out.write(begin + "\n")
            for statement in statements:
                out.write(statement + "\n")
            out.write("COMMIT;\n")


def schema_of(sqlite3_shell, db_path, cwd):
    """The chain's tables and their columns (name, type, not null, primary
    key), leaving out each tool's own tables (via the sqlite3 shell)."""
    result = subprocess.run(
        [sqlite3_shell, "-init", os.devnull, "-batch", db_path,
         "SELECT m.name, p.name, upper(p.type), p.\"notnull\", p.pk "
         "FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p "
         "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
         "AND m.name NOT LIKE 'retort\\_%' ESCAPE '\\' "
         "AND m.name NOT LIKE 'alembic\\_%' ESCAPE '\\' ORDER BY m.name, p.cid"],
        cwd=cwd, capture_output=True, text=True, check=True)
    return result.stdout


def expected_rows(sqlite3_shell, db_path, cwd, count):
    """Whether the database holds every table and column of the chain."""
    rows = schema_of(sqlite3_shell, db_path, cwd).splitlines()
    tables = (count + 1) // 2
    return len(rows) == 2 * tables + count // 2 and len({row.split("|")[0] for row in rows}) == tables


def check_listing(tool, command, stdout, count, head):
    """Whether 'heads' or 'current' printed the head alone, 'history' the
    whole chain, newest first; raises if not."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if command == "history":
        ok = len(lines) == count and head in lines[0]
    else:
        ok = len(lines) == 1 and head in lines[0]
    if not ok:
        raise SystemExit("%s %s printed something unexpected:\n%s" % (tool, command, stdout[:2000]))


# --------------------------------------------------------------------------
# Reporting


def rotate(items, steps):
    steps %= len(items)
    return items[steps:] + items[:steps]


def upgrade_rounds(upgrades, repeats, fresh, check_database, labels, log):
    """Runs every (tool, action) of `upgrades` once per round, `repeats` rounds,
    a different tool first each round, each on a fresh database (`fresh(tool)`);
    after each, `check_database(tool)` checks it and returns its tables, which
    after the first round must be the same for every tool as for retort's."""
    expected = None
    for repeat in range(repeats):
        log("upgrade round %d of %d" % (repeat + 1, repeats))
        for tool, action in rotate(upgrades, repeat):
            fresh(tool)
            action()
            schema = check_database(tool)
            if repeat == 0 and tool == "retort":
                expected = schema
        if repeat == 0:
            for tool, _ in upgrades:
                if check_database(tool) != expected:
                    raise SystemExit("the %s database's tables differ from retort's" % labels[tool])


def median(values):
    return statistics.median(values) if values else None


def ms(seconds):
    return "-" if seconds is None else ("%.1f" % (seconds * 1000) if seconds < 10 else "%.0f" % (seconds * 1000))


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    value = a / b
    if value >= 100:
        return "%.0fx" % value
    if value >= 1:
        return "%.2fx" % value
    return "%.3fx" % value


def table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers] + rows) for i in range(len(headers))]
    def line(cells):
        return "| " + " | ".join(
            (str(c).ljust(w) if i == 0 else str(c).rjust(w)) for i, (c, w) in enumerate(zip(cells, widths))
        ) + " |"
    out = [line(headers), "|" + "|".join(("-" * (w + 1) + ("-" if i == 0 else ":")) for i, w in enumerate(widths)) + "|"]
    out += [line(row) for row in rows]
    return "\n".join(out)


# --------------------------------------------------------------------------
# Main


def add_chain_arguments(parser):
    """The retort binary, --revisions and --repeats (both chain benchmarks)."""
    parser.add_argument("retort", nargs="?", default=os.path.join(REPO, "build", "cli", "retort"),
                        help="the retort binary (default: build/cli/retort in this repository)")
    parser.add_argument("--revisions", "-n", type=int, default=1000, help="chain length (default 1000)")
    parser.add_argument("--repeats", "-r", type=int, default=DEFAULT_REPEATS,
                        help="warm runs of each read-only command (default %d)" % DEFAULT_REPEATS)


def add_output_arguments(parser):
    """--workdir, --keep and --json (both chain benchmarks)."""
    parser.add_argument("--workdir", default=None,
                        help="where to create the temporary folder (default: the system's temp folder); "
                             "its file system decides what a COMMIT costs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--json", help="also write the raw timings to this file")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_chain_arguments(parser)
    parser.add_argument("--cold-repeats", type=int, default=1,
                        help="cold runs of each read-only command, the tools taking turns (default 1)")
    parser.add_argument("--migrate-repeats", type=int, default=DEFAULT_MIGRATE_REPEATS,
                        help="runs of upgrade head / downgrade base (default %d)" % DEFAULT_MIGRATE_REPEATS)
    parser.add_argument("--mode", choices=["auto", "all", "read-only"], default="auto",
                        help="all: also upgrade/downgrade; read-only: heads/history/current only; "
                             "auto (default): all up to %d revisions, read-only above" % AUTO_READ_ONLY_ABOVE)
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter with Alembic installed (default /usr/bin/python3); "
                             "Alembic runs as PYTHON -m alembic")
    parser.add_argument("--sqlite3", default="sqlite3", help="the sqlite3 shell (default: sqlite3 on PATH)")
    parser.add_argument("--no-alembic-stock", action="store_true",
                        help="skip the extra upgrade/downgrade runs of Alembic with the sqlite3 "
                             "module's default transaction handling")
    add_output_arguments(parser)
    args = parser.parse_args()

    retort = retort_binary(args.retort)
    sqlite3_shell = shutil.which(args.sqlite3) or args.sqlite3
    n = args.revisions
    if n < 2:
        raise SystemExit("--revisions must be at least 2")
    mode = args.mode
    if mode == "auto":
        mode = "all" if n <= AUTO_READ_ONLY_ABOVE else "read-only"
    alembic = [args.python, "-m", "alembic"]

    root = tempfile.mkdtemp(prefix="retort-bench-", dir=args.workdir)
    retort_dir = os.path.join(root, "retort")
    alembic_dir = os.path.join(root, "alembic")
    floor_dir = os.path.join(root, "floor")
    os.makedirs(floor_dir)
    results = {}   # key -> list of (wall, cpu)

    def record(key, result):
        results.setdefault(key, []).append((result.wall, result.cpu))

    def log(message):
        print(message, file=sys.stderr, flush=True)

    try:
        log("writing a %d-revision chain in %s" % (n, root))
        revisions = chain(n)
        head = revisions[-1][1]
        write_retort_project(retort_dir, revisions)
        write_alembic_project(alembic_dir, revisions)
        age_files(root)

        retort_cmd = lambda *words: [retort, "-c", "retort.ini"] + list(words)
        alembic_cmd = lambda *words: alembic + ["-c", "alembic.ini"] + list(words)
        alembic_stock_cmd = lambda *words: alembic + ["-c", "alembic_stock.ini"] + list(words)
        retort_index = os.path.join(retort_dir, ".retort-index")

        def alembic_cold():
            for folder in (alembic_dir, os.path.join(alembic_dir, "versions")):
                remove(os.path.join(folder, "__pycache__"))

        # Process start-up alone, for scale.
        load_at_start = os.getloadavg()
        spawn = [run(["/bin/true"], floor_dir).wall for _ in range(max(args.repeats, 5))]
        retort_start = [run([retort, "--version"], floor_dir).wall for _ in range(max(args.repeats, 5))]
        python_start = [run([args.python, "-c", "pass"], floor_dir).wall for _ in range(max(args.repeats, 5))]
        alembic_version = run(alembic + ["--version"], floor_dir, keep_output=True).stdout.strip()

        if mode == "all":
            # The floor script, from the statements retort runs.
            log("capturing retort's statements for the sqlite3 floor")
            capture = run(retort_cmd("--url", "sqlite:///capture.db", "upgrade", "head", "-v"),
                          retort_dir, keep_output=True)
            groups = parse_verbose_run(capture.stdout, n)
            floor_script = os.path.join(floor_dir, "script.sql")
            write_floor_script(floor_script, groups)
            statement_count = sum(len(g) for g in groups)
            capture = run(retort_cmd("--url", "sqlite:///capture.db", "downgrade", "base", "-v"),
                          retort_dir, keep_output=True)
            down_groups = parse_verbose_run(capture.stdout, n, "downgrade")
            floor_down_script = os.path.join(floor_dir, "downgrade.sql")
            write_floor_script(floor_down_script, down_groups)
            down_statement_count = sum(len(g) for g in down_groups)
            floor_db = os.path.join(floor_dir, "floor.db")

        def read_only_phase():
            # retort: cold (no header cache) then warm; Alembic: cold (no
            # compiled modules) then warm. The two tools alternate so that
            # drifting machine load hits both alike.
            for command in ("heads", "history", "current"):
                log("timing %s" % command)
                for _ in range(args.cold_repeats):
                    remove(retort_index)
                    result = run(retort_cmd(command), retort_dir, keep_output=True)
                    record("retort %s cold" % command, result)
                    check_output("retort", command, result.stdout)
                    if not os.path.exists(retort_index):
                        log("warning: retort wrote no %s after a cold run" % retort_index)
                    alembic_cold()
                    result = run(alembic_cmd(command), alembic_dir, keep_output=True)
                    record("alembic %s cold" % command, result)
                    check_output("alembic", command, result.stdout)
                for _ in range(args.repeats):
                    record("retort %s warm" % command, run(retort_cmd(command), retort_dir))
                    record("alembic %s warm" % command, run(alembic_cmd(command), alembic_dir))

        def check_output(tool, command, stdout):
            check_listing(tool, command, stdout, n, head)

        if mode == "all":
            upgrades = [
                ("retort upgrade", lambda: run(retort_cmd("upgrade", "head"), retort_dir)),
                ("alembic upgrade", lambda: run(alembic_cmd("upgrade", "head"), alembic_dir)),
                ("floor upgrade", lambda: run([sqlite3_shell, "-init", os.devnull, "-batch", "-bail", floor_db],
                                              floor_dir, stdin_path=floor_script)),
            ]
            downgrades = [
                ("retort downgrade", lambda: run(retort_cmd("downgrade", "base"), retort_dir)),
                ("alembic downgrade", lambda: run(alembic_cmd("downgrade", "base"), alembic_dir)),
                # The floor's database is at head after its upgrade this round.
                ("floor downgrade", lambda: run([sqlite3_shell, "-init", os.devnull, "-batch", "-bail",
                                                 floor_db], floor_dir, stdin_path=floor_down_script)),
            ]
            if not args.no_alembic_stock:
                upgrades.append(("alembic-stock upgrade",
                                 lambda: run(alembic_stock_cmd("upgrade", "head"), alembic_dir)))
                downgrades.append(("alembic-stock downgrade",
                                   lambda: run(alembic_stock_cmd("downgrade", "base"), alembic_dir)))
            retort_db = os.path.join(retort_dir, "retort.db")
            for repeat in range(args.migrate_repeats):
                log("upgrade/downgrade round %d of %d" % (repeat + 1, args.migrate_repeats))
                remove_databases(retort_dir)
                remove_databases(alembic_dir)
                remove(floor_db)
                # A different tool goes first each round: a COMMIT's cost
                # depends on what else the disk is doing at that moment.
                for key, action in rotate(upgrades, repeat):
                    record(key, action())
                if repeat == 0:
                    if not expected_rows(sqlite3_shell, retort_db, root, n):
                        raise SystemExit("retort's database does not hold the whole chain")
                    expected = schema_of(sqlite3_shell, retort_db, root)
                    for label, db in (("alembic", os.path.join(alembic_dir, "alembic.db")),
                                      ("sqlite3 floor", floor_db)):
                        if schema_of(sqlite3_shell, db, root) != expected:
                            raise SystemExit("the %s database's tables differ from retort's" % label)
                if repeat == args.migrate_repeats - 1:
                    read_only_phase()
                for key, action in rotate(downgrades, repeat):
                    record(key, action())
                if repeat == 0:
                    for db in (retort_db, os.path.join(alembic_dir, "alembic.db"), floor_db):
                        if schema_of(sqlite3_shell, db, root).strip():
                            raise SystemExit("%s still holds tables after downgrade base" % db)
        else:
            log("stamping both databases at head (untimed)")
            # --force: the databases are empty, and a stamp that checks the schema
            # would refuse them (that check is timed by schema_bench.py).
            run(retort_cmd("stamp", "head", "--force"), retort_dir)
            run(alembic_cmd("stamp", "head"), alembic_dir)
            read_only_phase()

        # ---- report
        def wall(key):
            return median([w for w, _ in results.get(key, [])])

        def fastest(key):
            values = [w for w, _ in results.get(key, [])]
            return min(values) if values else None

        def cpu(key):
            return median([c for _, c in results.get(key, [])])

        print()
        print("retort vs Alembic, %d-revision linear chain, SQLite file" % n)
        print("machine: %s, %d CPUs, Python %s, %s, SQLite (sqlite3 shell) %s" % (
            platform.system(), os.cpu_count() or 0, platform.python_version(), alembic_version,
            subprocess.run([sqlite3_shell, "--version"], capture_output=True, text=True).stdout.split()[0]))
        print("load average at the start: %.2f %.2f %.2f, at the end: %.2f %.2f %.2f" % (
            load_at_start + os.getloadavg()))
        print("process start-up, median: /bin/true %s ms, python -c pass %s ms, retort --version %s ms" % (
            ms(median(spawn)), ms(median(python_start)), ms(median(retort_start))))
        print()
        rows = []
        for command in ("heads", "history", "current"):
            for state in ("cold", "warm"):
                r, a = "retort %s %s" % (command, state), "alembic %s %s" % (command, state)
                rows.append(["%s (%s)" % (command, state), ms(wall(r)), ms(cpu(r)), ms(wall(a)), ms(cpu(a)),
                             ratio(wall(r), wall(a))])
        print(table(["read-only command", "retort ms", "retort cpu ms", "alembic ms", "alembic cpu ms",
                     "retort/alembic"], rows))
        print()
        print("cold: without retort's .retort-index / Alembic's __pycache__, median of %d run%s; "
              "warm: median of %d runs." % (args.cold_repeats, "" if args.cold_repeats == 1 else "s",
                                            args.repeats))
        print("cpu: user+sys time of the process. %s" % (
            "The databases are at head after upgrade head." if mode == "all"
            else "The databases were stamped at head (no upgrade was run)."))

        if mode == "all":
            print()
            migrate_rows = []
            def migrate_row(label, key, base_key):
                migrate_rows.append([label, ms(wall(key)), ms(fastest(key)), ms(cpu(key)),
                                     ratio(wall(key), wall(base_key)), ratio(fastest(key), fastest(base_key))])
            for command, key, statements in (("upgrade head", "upgrade", statement_count),
                                             ("downgrade base", "downgrade", down_statement_count)):
                floor = "floor " + key
                migrate_row("%s: sqlite3 floor (%d statements, %d transactions)" % (command, statements, n),
                            floor, floor)
                migrate_row("%s: retort" % command, "retort " + key, floor)
                migrate_row("%s: alembic" % command, "alembic " + key, floor)
                if not args.no_alembic_stock:
                    migrate_row("%s: alembic, stock transactions" % command, "alembic-stock " + key, floor)
            print(table(["migration", "median ms", "min ms", "cpu ms", "/ floor (median)", "/ floor (min)"],
                        migrate_rows))
            print()
            rows = []
            for command, key in (("upgrade head", "upgrade"), ("downgrade base", "downgrade")):
                others = [("alembic", "alembic %s" % key)]
                if not args.no_alembic_stock:
                    others.append(("alembic, stock transactions", "alembic-stock %s" % key))
                for name, other in others:
                    rows.append(["%s vs %s" % (command, name), ms(wall("retort %s" % key)), ms(wall(other)),
                                 ratio(wall("retort %s" % key), wall(other)),
                                 ms(fastest("retort %s" % key)), ms(fastest(other)),
                                 ratio(fastest("retort %s" % key), fastest(other))])
            print(table(["migration", "retort median ms", "alembic median ms", "retort/alembic",
                         "retort min ms", "alembic min ms", "retort/alembic (min)"], rows))
            print()
            print("%d runs each, on a fresh database (upgrade) or from head (downgrade); the tools take turns "
                  "going first." % args.migrate_repeats)

        print()
        limit = 0.010 if n <= 1000 else 0.050 if n <= 10000 else None
        if limit is not None:
            print("targets (%d revisions):" % n)
            for command in ("heads", "history", "current"):
                value = wall("retort %s warm" % command)
                print("  %-8s warm %s ms, cold %s ms; target < %d ms: %s" % (
                    command, ms(value), ms(wall("retort %s cold" % command)), limit * 1000,
                    "met" if value < limit else "NOT met"))
        if mode == "all":
            for key in ("upgrade", "downgrade"):
                by_median = wall("retort " + key) / wall("floor " + key)
                by_min = fastest("retort " + key) / fastest("floor " + key)
                print("  %-9s %.2fx the sqlite3 floor by median, %.2fx by fastest run; target <= 1.1x: %s" % (
                    key, by_median, by_min, "met" if by_median <= 1.1 else "NOT met (by median)"))

        if args.json:
            with open(args.json, "w") as out:
                json.dump({"revisions": n, "mode": mode, "repeats": args.repeats,
                           "migrate_repeats": args.migrate_repeats,
                           "load_at_start": load_at_start, "load_at_end": os.getloadavg(),
                           "spawn_true": spawn, "python_start": python_start, "retort_version": retort_start,
                           "timings": {k: [{"wall": w, "cpu": c} for w, c in v] for k, v in results.items()}},
                          out, indent=1)
    finally:
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()
