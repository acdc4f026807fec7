#!/usr/bin/env python3
"""retort check and adoption on a long revision chain, beside upgrade head.

`retort check` learns the schema the history makes by running the history on
an in-memory SQLite database and reflecting it, then reflects the live
database and compares. Its cost is therefore bounded below by `upgrade head`
on an in-memory database; this script reports the ratio (the goal is at most
2x), with the sqlite3 shell replaying the same statements in memory as the
floor.

Adoption (`upgrade --adopt` on a database made before retort) replays the
history once and compares the scratch database with the live one after each
revision. Run at several chain lengths beside `upgrade head` in memory (the
replay alone), the ratio of the two should stay flat: adoption adds a
constant cost per revision to the replay. (SQLite's own DDL cost grows with
the schema's size, so neither is exactly linear per revision.)

Usage: bench/schema_bench.py [RETORT] [--revisions N] [--repeats R]
"""

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chain_bench as cb  # noqa: E402  (the chain and the timing helpers)


def legacy_copy(source_db, target_db):
    """A copy of `source_db` without retort's tables: a database with the
    chain's schema that retort never versioned."""
    shutil.copyfile(source_db, target_db)
    with sqlite3.connect(target_db) as db:
        for table in ("retort_version", "retort_history"):
            db.execute("DROP TABLE %s" % table)


def chain_project(root, name, n):
    folder = os.path.join(root, name)
    cb.write_retort_project(folder, cb.chain(n))
    cb.age_files(folder)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cb.add_chain_arguments(parser)
    parser.add_argument("--sqlite3", default="sqlite3", help="the sqlite3 shell (default: on PATH)")
    parser.add_argument("--adopt-lengths", default="250,500,1000",
                        help="chain lengths for the adoption runs (default 250,500,1000)")
    cb.add_output_arguments(parser)
    args = parser.parse_args()
    retort = cb.retort_binary(args.retort)
    sqlite3_shell = shutil.which(args.sqlite3) or args.sqlite3
    n = args.revisions

    def log(message):
        print(message, file=sys.stderr, flush=True)

    root = tempfile.mkdtemp(prefix="retort-schema-bench-", dir=args.workdir)
    try:
        log("writing a %d-revision chain in %s" % (n, root))
        project = chain_project(root, "chain", n)
        command = lambda *words: [retort, "-c", "retort.ini"] + list(words)
        cb.run(command("upgrade", "head"), project)
        cb.run(command("heads"), project)  # the header cache, as a warm project has it

        log("capturing the statements of upgrade head for the sqlite3 floor")
        capture = cb.run(command("--url", "sqlite:///capture.db", "upgrade", "head", "-v"),
                         project, keep_output=True)
        floor_script = os.path.join(root, "floor.sql")
        cb.write_floor_script(floor_script, cb.parse_verbose_run(capture.stdout, n))

        memory_upgrade, check, floor = [], [], []
        for round_ in range(args.repeats):
            runs = [
                lambda: memory_upgrade.append(
                    cb.run(command("--url", "sqlite://:memory:", "upgrade", "head"), project).wall),
                lambda: check.append(cb.run(command("check"), project).wall),
                lambda: floor.append(cb.run([sqlite3_shell, ":memory:"], root, floor_script).wall),
            ]
            for timed in cb.rotate(runs, round_):
                timed()

        adoption = []
        for length in [int(x) for x in args.adopt_lengths.split(",")]:
            folder = chain_project(root, "adopt-%d" % length, length)
            cb.run(command("upgrade", "head"), folder)
            cb.run(command("heads"), folder)
            times, replays = [], []
            for _ in range(max(1, args.repeats // 2)):
                legacy_copy(os.path.join(folder, "retort.db"), os.path.join(folder, "legacy.db"))
                times.append(cb.run(command("--url", "sqlite:///legacy.db", "upgrade", "head",
                                            "--adopt"), folder).wall)
                replays.append(cb.run(command("--url", "sqlite://:memory:", "upgrade", "head"),
                                      folder).wall)
            adoption.append((length, cb.median(times), cb.median(replays)))

        up, ch, fl = cb.median(memory_upgrade), cb.median(check), cb.median(floor)
        print("## check on a %d-revision chain (SQLite), median of %d runs\n" % (n, args.repeats))
        print(cb.table(["what", "ms", "vs upgrade in memory"], [
            ["sqlite3 :memory: < the same statements (floor)", cb.ms(fl), cb.ratio(fl, up)],
            ["retort upgrade head, in memory", cb.ms(up), "1.00x"],
            ["retort check (history in memory + two reflections)", cb.ms(ch), cb.ratio(ch, up)],
        ]))
        print("\n## adoption: upgrade --adopt on a database at the chain's head, no version table\n")
        print(cb.table(["revisions", "adopt ms", "ms per revision", "upgrade in memory ms",
                        "adopt vs upgrade in memory"], [
            [str(length), cb.ms(t), "%.3f" % (t * 1000 / length), cb.ms(r), cb.ratio(t, r)]
            for length, t, r in adoption
        ]))
    finally:
        cb.remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()
