#!/usr/bin/env python3
"""retort fleet upgrade of many SQLite databases vs one retort process each.

Writes the chain of chain_bench.py (--revisions, default 50) once, and a
fleet of --databases SQLite files (default 50), in one folder or
(--separate-folders) each in its own. Each round starts from fresh files and
times, wall clock:

  - `retort fleet upgrade head --urls FILE -j J` for each J of --jobs;
  - the alternative a user has without fleet: a shell loop running
    `retort --url URL upgrade head`, one process per database, in turn.

Every database is checked to be at head after every round. Prints the
median of --repeats rounds (default 5; the ways take turns going first) and
the ratio to the sequential processes.
"""

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from chain_bench import (age_files, chain, median, ms, ratio, remove_unless_kept,  # noqa: E402
                         retort_binary, rotate, run, table, write_retort_project, REPO)


def fresh_fleet(folder, count, separate):
    """Removes the fleet's databases; returns their URLs and the list file.

    SQLite's migration lock is an flock on the database's folder, so files
    in one folder take turns; `separate` gives each its own folder.
    """
    databases = os.path.join(folder, "fleet")
    shutil.rmtree(databases, ignore_errors=True)
    os.makedirs(databases)
    urls = []
    for k in range(count):
        where = os.path.join(databases, "tenant%03d" % k) if separate else databases
        os.makedirs(where, exist_ok=True)
        urls.append("sqlite:///%s" % os.path.join(where, "tenant%03d.db" % k))
    path = os.path.join(folder, "urls.txt")
    with open(path, "w") as out:
        out.write("\n".join(urls) + "\n")
    return urls, path


def check_at_head(urls, head):
    for url in urls:
        with sqlite3.connect(url[len("sqlite:///"):]) as db:
            rows = db.execute("SELECT version_num FROM retort_version").fetchall()
        if rows != [(head,)]:
            raise SystemExit("%s is at %s after the round, not %s" % (url, rows, head))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("retort", nargs="?", default=os.path.join(REPO, "build", "cli", "retort"))
    parser.add_argument("--revisions", "-n", type=int, default=50)
    parser.add_argument("--databases", type=int, default=50)
    parser.add_argument("--jobs", default="1,2,4", help="fleet -j values, comma-separated")
    parser.add_argument("--repeats", "-r", type=int, default=5)
    parser.add_argument("--separate-folders", action="store_true",
                        help="each database in a folder of its own (default: all in one folder)")
    parser.add_argument("--workdir", help="where to write (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the folder")
    args = parser.parse_args()

    retort = retort_binary(args.retort)
    folder = tempfile.mkdtemp(prefix="retort-fleet-bench-", dir=args.workdir)
    revisions = chain(args.revisions)
    project = os.path.join(folder, "project")
    write_retort_project(project, revisions)
    age_files(project)
    head = revisions[-1][1]

    def fleet(jobs):
        def go():
            _, path = fresh_fleet(folder, args.databases, args.separate_folders)
            return run([retort, "-q", "fleet", "upgrade", "head", "--urls", path, "-j", str(jobs)],
                       project).wall
        return go

    def sequential():
        urls, _ = fresh_fleet(folder, args.databases, args.separate_folders)
        started = time.perf_counter()
        for url in urls:
            run([retort, "-q", "--url", url, "upgrade", "head"], project)
        return time.perf_counter() - started

    ways = [("%d sequential `retort upgrade head` processes" % args.databases, sequential)]
    ways += [("`retort fleet upgrade head -j %s`" % jobs, fleet(int(jobs)))
             for jobs in args.jobs.split(",")]
    times = {label: [] for label, _ in ways}
    fleet_urls, _ = fresh_fleet(folder, args.databases, args.separate_folders)
    for round_number in range(args.repeats):
        for label, way in rotate(ways, round_number):
            times[label].append(way())
            check_at_head(fleet_urls, head)

    baseline = median(times[ways[0][0]])
    rows = [[label, ms(median(times[label])), ms(min(times[label])), ratio(median(times[label]), baseline)]
            for label, _ in ways]
    print("%d SQLite databases (%s), a chain of %d revisions, %d rounds, %d cores" %
          (args.databases, "a folder each" if args.separate_folders else "one folder",
           args.revisions, args.repeats, os.cpu_count()))
    print(table(["way", "median ms", "fastest ms", "vs sequential"], rows))
    remove_unless_kept(folder, args.keep)


if __name__ == "__main__":
    main()
