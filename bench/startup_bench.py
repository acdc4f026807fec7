#!/usr/bin/python3
"""Times a short command's whole process: retort against the sqlite3 shell and Alembic.

On a one-revision project upgraded to head (chain_bench.py's first
revision, as a retort project and as an Alembic project on SQLite files),
each command runs as a separate process, the commands taking turns so that
a slow minute of a shared machine falls on all of them alike:

  /bin/true                     the cost of any process at all
  sqlite3: read the version row the floor for `current`: the shell opens
                                the database and reads retort's version row
  retort --version, current, heads
  Alembic current, heads        the same project for Alembic

and prints the median wall and CPU time of each, its ratio to the sqlite3
floor, and Alembic's time over retort's for the same command.

  startup_bench.py [RETORT] [--repeats K]
"""

import argparse
import os
import tempfile

import chain_bench as chain


def commands(retort, python, sqlite3_shell):
    """(name, command, folder: 'retort' or 'alembic', Alembic's name for it)."""
    alembic = [python, "-m", "alembic", "-c", "alembic.ini"]
    return [
        ("/bin/true", ["/bin/true"], "retort", None),
        ("sqlite3: read the version row",
         [sqlite3_shell, "retort.db", "SELECT version_num FROM retort_version"], "retort", None),
        ("retort --version", [retort, "--version"], "retort", None),
        ("retort current", [retort, "current"], "retort", "Alembic current"),
        ("retort heads", [retort, "heads"], "retort", "Alembic heads"),
        ("Alembic current", alembic + ["current"], "alembic", None),
        ("Alembic heads", alembic + ["heads"], "alembic", None),
    ]


def bench(retort, repeats, python, sqlite3_shell, workdir, keep):
    folder = tempfile.mkdtemp(prefix="retort-startup-bench-", dir=workdir)
    revisions = chain.chain(1)
    cwd = {"retort": os.path.join(folder, "retort"), "alembic": os.path.join(folder, "alembic")}
    chain.write_retort_project(cwd["retort"], revisions)
    chain.write_alembic_project(cwd["alembic"], revisions)
    chain.age_files(folder)
    chain.run([retort, "upgrade", "head"], cwd["retort"])
    chain.run([python, "-m", "alembic", "-c", "alembic.ini", "upgrade", "head"], cwd["alembic"])
    listed = commands(retort, python, sqlite3_shell)
    # The version row each tool reads must be the revision itself.
    head = revisions[0][1]
    for name, command, where, _ in listed:
        output = chain.run(command, cwd[where], keep_output=True).stdout
        if ("current" in name or "heads" in name or "version row" in name) and head not in output:
            raise SystemExit("%s did not print the head %s: %r" % (name, head, output))
    walls = {name: [] for name, _, _, _ in listed}
    cpus = {name: [] for name, _, _, _ in listed}
    for turn in range(repeats):
        for name, command, where, _ in chain.rotate(listed, turn):
            run = chain.run(command, cwd[where])
            walls[name].append(run.wall)
            cpus[name].append(run.cpu)
    wall = {name: chain.median(values) for name, values in walls.items()}
    cpu = {name: chain.median(values) for name, values in cpus.items()}
    floor = wall["sqlite3: read the version row"]
    rows = []
    for name, _, _, alembic_name in listed:
        rows.append([name, chain.ms(wall[name]), chain.ms(cpu[name]),
                     chain.ratio(wall[name], floor),
                     chain.ratio(wall[alembic_name], wall[name]) if alembic_name else ""])
    chain.remove_unless_kept(folder, keep)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("retort", nargs="?", default=os.path.join(chain.REPO, "build", "cli", "retort"))
    parser.add_argument("--repeats", "-r", type=int, default=41)
    parser.add_argument("--python", default="/usr/bin/python3")
    parser.add_argument("--sqlite3", default="sqlite3")
    chain.add_output_arguments(parser)
    args = parser.parse_args()
    retort = chain.retort_binary(args.retort)
    rows = bench(retort, args.repeats, args.python, args.sqlite3, args.workdir, args.keep)
    print("\nOne revision, whole processes (median of %d, taking turns)\n" % args.repeats)
    print(chain.table(["command", "median ms", "cpu ms", "this / sqlite3", "Alembic / this"], rows))


if __name__ == "__main__":
    main()
