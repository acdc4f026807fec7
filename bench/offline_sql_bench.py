#!/usr/bin/python3
"""Times `retort upgrade head --sql` against `alembic upgrade head --sql`.

Writes chain_bench.py's chain (odd revisions create a table, even ones add a
column to it) as retort YAML revisions and as Alembic modules, for each
length asked (default 1,000 and 10,000), and times writing the whole
upgrade's SQL from base to head, offline, as separate processes:

  retort on SQLite      written beside an in-memory database, where statements
                        run only when a rebuild needs them (this chain has none)
  retort on PostgreSQL  (--url postgresql:///bench): rendered, no database
  Alembic on SQLite     its --sql mode (no database)

Each script is checked before it is timed: replayed by the sqlite3 shell it
must leave every table of the chain. Needs only the standard library;
Alembic runs in a child process of the interpreter given with --python.

  offline_sql_bench.py [RETORT] [--revisions N ...] [--repeats K]
"""

import argparse
import os
import sys
import tempfile

import chain_bench as chain


# Alembic's offline mode, as its own "generic" template writes it: the URL
# names the dialect, and each revision gets its own transaction, as retort's.
ALEMBIC_OFFLINE_ENV = '''\
"""Offline migrations: SQL for the database named in the ini file."""
from alembic import context

config = context.config
context.configure(
    url=config.get_main_option("sqlalchemy.url"),
    target_metadata=None,
    literal_binds=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
'''


def time_runs(command, cwd, repeats):
    runs = [chain.run(command, cwd) for _ in range(repeats)]
    return chain.median([r.wall for r in runs]), chain.median([r.cpu for r in runs])


def check_script(sqlite3_shell, folder, sql_path, count):
    """Replays the script on a fresh file; every table of the chain must be there."""
    database = os.path.join(folder, "replayed.db")
    chain.remove(database)
    chain.run([sqlite3_shell, "-bail", database, ".read " + sql_path], folder)
    tables = chain.run([sqlite3_shell, database,
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name GLOB 't*'"],
                       folder, keep_output=True).stdout.strip()
    expected = (count + 1) // 2
    if int(tables) != expected:
        raise SystemExit("the script in %s left %s tables, not %d" % (sql_path, tables, expected))


def bench(retort, count, repeats, python, sqlite3_shell, workdir, keep):
    folder = tempfile.mkdtemp(prefix="retort-offline-bench-", dir=workdir)
    revisions = chain.chain(count)
    chain.write_retort_project(os.path.join(folder, "retort"), revisions)
    chain.write_alembic_project(os.path.join(folder, "alembic"), revisions)
    with open(os.path.join(folder, "alembic", "env.py"), "w") as out:
        out.write(ALEMBIC_OFFLINE_ENV)
    chain.age_files(folder)
    retort_dir = os.path.join(folder, "retort")
    alembic_dir = os.path.join(folder, "alembic")
    # Warm the header cache and Python's bytecode once, as a user's second run finds them.
    commands = {
        "retort, SQLite": [retort, "upgrade", "head", "--sql"],
        "retort, PostgreSQL": [retort, "--url", "postgresql://localhost/bench", "upgrade", "head", "--sql"],
        "Alembic, SQLite": [python, "-m", "alembic", "-c", "alembic.ini", "upgrade", "head", "--sql"],
    }
    cwd = {"retort, SQLite": retort_dir, "retort, PostgreSQL": retort_dir, "Alembic, SQLite": alembic_dir}
    rows = []
    results = {}
    for name, command in commands.items():
        first = chain.run(command, cwd[name], keep_output=True)
        if name != "retort, PostgreSQL":
            sql_path = os.path.join(folder, name.split(",")[0].lower() + ".sql")
            with open(sql_path, "w") as out:
                out.write(first.stdout)
            check_script(sqlite3_shell, folder, sql_path, count)
        results[name] = time_runs(command, cwd[name], repeats)
    alembic = results["Alembic, SQLite"][0]
    for name, (wall, cpu) in results.items():
        rows.append([name, chain.ms(wall), chain.ms(cpu), chain.ratio(alembic, wall)])
    chain.remove_unless_kept(folder, keep)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("retort", nargs="?", default=os.path.join(chain.REPO, "build", "cli", "retort"))
    parser.add_argument("--revisions", "-n", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeats", "-r", type=int, default=3)
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--sqlite3", default="sqlite3")
    chain.add_output_arguments(parser)
    args = parser.parse_args()
    retort = chain.retort_binary(args.retort)
    for count in args.revisions:
        rows = bench(retort, count, args.repeats, args.python, args.sqlite3, args.workdir, args.keep)
        print("\n%d revisions, upgrade head --sql (median of %d, after one untimed run)\n"
              % (count, args.repeats))
        print(chain.table(["command", "median ms", "cpu ms", "Alembic / this"], rows))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
