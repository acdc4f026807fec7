#!/usr/bin/env python3
"""retort / Alembic parity suite.

Runs the same generated revision graphs through Alembic (in this process,
alembic.command.*) and retort (the binary given on the command line), each
on its own SQLite file, and compares every step: exit status, listings
(entries and their order), the upgrades and downgrades run and their order,
the version rows and the tables left. See README.md beside this file.

usage: parity.py RETORT_BINARY [--graph NAME]... [--quick | --full] [--jobs N]
                 [--show-expected] [--keep] [--dump FILE]
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True

# Alembic's listings and plans are reproducible only for one hash seed (it
# keeps revisions in sets here and there); run under seed 0, and probe other
# seeds to find where its answer depends on the seed (see probe_facts).
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import differences  # noqa: E402
import graphs as graph_catalogue  # noqa: E402
import listing  # noqa: E402
import runners  # noqa: E402
import scenarios  # noqa: E402

PROBE_SEEDS = ("1", "2", "3")
LISTINGS = {"heads", "branches", "history", "current"}


# --- probing Alembic under other hash seeds ---------------------------------

def probe_main(script_dirs):
    out = {d: runners.alembic_facts(d) for d in script_dirs}
    json.dump(out, sys.stdout)
    return 0


def probe_facts(script_dirs):
    """{script_dir: [facts under each probe seed]}"""
    procs = []
    for seed in PROBE_SEEDS:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        procs.append(subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--probe"] + script_dirs,
            stdout=subprocess.PIPE, env=env, text=True))
    results = {d: [] for d in script_dirs}
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit("parity: the Alembic probe failed")
        for d, facts in json.loads(out).items():
            results[d].append(facts)
    return results


class Stability:
    """Where Alembic's answer for a graph depends on the hash seed."""

    def __init__(self, facts, others):
        self.labels = set()  # (revision, label) that some seed gives and another does not
        for other in others:
            for rev, labels in facts["labels"].items():
                for label in set(labels) ^ set(other["labels"][rev]):
                    self.labels.add((rev, label))
        self.order = any(other["history"] != facts["history"] or
                         other["orders"] != facts["orders"] for other in others)


# --- running steps ------------------------------------------------------------

class StepContext:
    def __init__(self, graph, labels, state, argv, rows_before, tables_before):
        self.graph, self.labels, self.state, self.argv = graph, labels, state, argv
        self.rows_before, self.tables_before = rows_before, tables_before
        self.alembic = self.retort = None


def copy_db(source, dest):
    for suffix in ("", "-journal"):
        if os.path.exists(dest + suffix):
            os.remove(dest + suffix)
    if source and os.path.exists(source):
        shutil.copyfile(source, dest)


def describe(result, tables_before, argv):
    parts = [result.summary()]
    if argv[0] in ("upgrade", "downgrade") and result.ok:
        parts.append("ran: " + (", ".join(("+" if d == "upgrade" else "-") + r
                                          for d, r in result.steps) or "nothing"))
    parts.append("rows: {%s}" % ", ".join(sorted(result.rows)))
    added = sorted(t[2:] for t in result.tables - tables_before)
    dropped = sorted(t[2:] for t in tables_before - result.tables)
    if added or dropped:
        parts.append("tables: %s" % " ".join(["+" + t for t in added] + ["-" + t for t in dropped]))
    return "; ".join(parts)


def compare(ctx, stability):
    """The reasons a step's two results differ (empty: they match)."""
    a, r, argv = ctx.alembic, ctx.retort, ctx.argv
    reasons = []
    detail = []
    if a.ok != r.ok:
        reasons.append("exit status")
    if a.ok and r.ok and argv[0] in LISTINGS:
        a_entries = listing.parse_listing(argv, a.output)
        r_entries = listing.parse_listing(argv, r.output)
        drop = stability.labels
        a_keys = [listing.entry_key(e, drop) for e in a_entries]
        r_keys = [listing.entry_key(e, drop) for e in r_entries]
        unordered = argv[0] == "current" or (stability.order and argv[0] == "history")
        if unordered:
            a_keys, r_keys = sorted(a_keys, key=repr), sorted(r_keys, key=repr)
        if a_keys != r_keys:
            same_set = sorted(a_keys, key=repr) == sorted(r_keys, key=repr)
            reasons.append("listing order" if same_set else "listing entries")
            detail.append(("alembic", [e.text(drop) for e in a_entries]))
            detail.append(("retort", [e.text(drop) for e in r_entries]))
    if a.ok and r.ok and argv[0] in ("upgrade", "downgrade"):
        a_steps, r_steps = a.steps, r.steps
        if stability.order:
            a_steps, r_steps = sorted(a_steps), sorted(r_steps)
        if a_steps != r_steps:
            reasons.append("applied order" if sorted(a.steps) == sorted(r.steps)
                           else "applied revisions")
    if a.rows != r.rows:
        reasons.append("version rows")
    if a.tables != r.tables:
        reasons.append("tables")
    return reasons, detail


# Alembic failures that are its own bugs (a Python exception from inside
# its graph code), not answers: a step where only Alembic fails this way is
# counted apart, not compared.
ALEMBIC_CRASHES = ("AssertionError", "KeyError", "TypeError", "AttributeError", "IndexError",
                   "ValueError", "RecursionError", "UnboundLocalError", "NameError")


def alembic_crashed(result):
    return not result.ok and result.error.split(":", 1)[0] in ALEMBIC_CRASHES


class Report:
    def __init__(self, show_expected):
        self.steps = self.matched = self.expected = 0
        self.mismatches = []
        self.unreached = []
        self.crashed = []
        self.expected_by_key = {}
        self.show_expected = show_expected

    def _item(self, graph, state, ctx, reasons, detail, difference=None, why="",
              setup=None):
        return {
            "graph": graph.name, "origin": graph.origin, "state": state.name,
            "setup": [" ".join(s) for s in (state.setup if setup is None else setup)],
            "command": " ".join(ctx.argv),
            "reasons": reasons, "difference": difference.key if difference else None,
            "why": why,
            "alembic": describe(ctx.alembic, ctx.tables_before, ctx.argv),
            "retort": describe(ctx.retort, ctx.tables_before, ctx.argv),
            "alembic_error": ctx.alembic.error, "retort_error": ctx.retort.error,
            "notes": ctx.alembic.notes + ctx.retort.notes,
            "detail": detail,
        }

    def record(self, graph, state, ctx, outcome, reasons, detail, difference=None, why=""):
        self.steps += 1
        if outcome == "match":
            self.matched += 1
            return
        if outcome == "expected":
            self.expected += 1
            self.expected_by_key[difference.key] = self.expected_by_key.get(difference.key, 0) + 1
            if self.show_expected:
                print("expected difference [%s] %s: from %s: %s" % (
                    difference.key, graph.name, state.name, " ".join(ctx.argv)))
            return
        item = self._item(graph, state, ctx, reasons, detail, difference, why)
        if outcome == "crashed":
            self.crashed.append(item)
            return
        self.mismatches.append(item)
        print(format_mismatch(item))
        sys.stdout.flush()

    def setup_difference(self, graph, state, ctx, reasons):
        """A command reaching a start state gave different results; the
        steps from that state then start from Alembic's result."""
        done = state.setup[:state.setup.index(ctx.argv)]
        item = self._item(graph, state, ctx, reasons, [], setup=done)
        item["state"] = "the way to start state '%s'" % state.name
        item["notes"].append("the steps from '%s' start from Alembic's version rows and "
                             "tables, written into retort's database" % state.name)
        self.steps += 1
        self.mismatches.append(item)
        print(format_mismatch(item))
        sys.stdout.flush()

    def summary(self):
        text = "%d steps, %d matched, %d expected differences, %d mismatches" % (
            self.steps, self.matched, self.expected, len(self.mismatches))
        if self.crashed:
            text += "; %d not compared (Alembic crashed, retort did not fail)" % len(self.crashed)
        return text


def format_mismatch(item):
    lines = ["MISMATCH %s (%s)" % (item["graph"], item["origin"]),
             "  from:    %s%s" % (item["state"], (" (reached by: %s)" % "; ".join(item["setup"]))
                                  if item["setup"] else " (empty database)"),
             "  command: %s" % item["command"],
             "  alembic: %s" % item["alembic"],
             "  retort:  %s" % item["retort"]]
    if item["difference"]:
        lines.append("  deliberate difference [%s] no longer holds: %s" % (
            item["difference"], item["why"]))
    else:
        lines.append("  differs: %s" % ", ".join(item["reasons"]))
    for side, entries in item["detail"]:
        lines.append("  %s lists:" % side)
        lines += ["      " + e for e in entries] or ["      (nothing)"]
    for note in item["notes"]:
        lines.append("  note: %s" % note)
    return "\n".join(lines) + "\n"


def align(a_db, r_db, retort):
    """Make retort's database hold Alembic's version rows and tables, so that
    the steps from a start state the two tools reached differently still
    start from the same state. False when retort has no version table."""
    a_rows, a_tables = runners.read_state(a_db, "alembic_version")
    r_rows, r_tables = runners.read_state(r_db, retort.VERSION_TABLE)
    if not os.path.exists(r_db):
        return False
    connection = sqlite3.connect(r_db)
    try:
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if retort.VERSION_TABLE not in names:
            return False
        connection.execute("DELETE FROM %s" % retort.VERSION_TABLE)
        for row in sorted(a_rows):
            connection.execute("INSERT INTO %s (version_num) VALUES (?)" % retort.VERSION_TABLE,
                               (row,))
        for table in sorted(r_tables - a_tables):
            connection.execute('DROP TABLE "%s"' % table)
        for table in sorted(a_tables - r_tables):
            connection.execute('CREATE TABLE "%s" (id INTEGER)' % table)
        connection.commit()
        return True
    finally:
        connection.close()


def run_graph(graph, folder, alembic, retort, labels, stability, report, args, pool):
    plan = scenarios.build(graph, labels, "full" if args.full else
                           "quick" if args.quick else "normal")
    states_dir = os.path.join(folder, "states")
    os.makedirs(states_dir)
    alembic_work = os.path.join(folder, "alembic-work.db")
    local = threading.local()
    counter = [0]
    lock = threading.Lock()

    def retort_dir():
        if not hasattr(local, "dir"):
            with lock:
                counter[0] += 1
                local.dir = os.path.join(folder, "retort-work-%d" % counter[0])
            os.makedirs(local.dir)
        return local.dir

    def retort_job(snapshot, argv):
        db = os.path.join(retort_dir(), "retort.db")
        copy_db(snapshot, db)
        return retort.run(db, argv)

    # the header cache, written once before retort runs in parallel
    retort.run(os.path.join(folder, "warmup.db"), ["heads"])

    # reach the start states, each side with its own commands
    reached = []
    for index, state in enumerate(plan.states):
        a_db = os.path.join(states_dir, "%d-alembic.db" % index)
        r_db = os.path.join(states_dir, "%d-retort.db" % index)
        for argv in state.setup:
            ctx = StepContext(graph, labels, state, argv, *runners.read_state(
                a_db, alembic.VERSION_TABLE))
            ctx.alembic = alembic.run(a_db, argv)
            ctx.retort = retort.run(r_db, argv)
            if ctx.alembic.rows != ctx.retort.rows or ctx.alembic.tables != ctx.retort.tables \
                    or ctx.alembic.ok != ctx.retort.ok:
                # the step itself is compared from its own start state elsewhere;
                # here it matters that the two databases are now different
                report.setup_difference(graph, state, ctx, compare(ctx, stability)[0])
                if not align(a_db, r_db, retort):
                    break
        else:
            a_rows, a_tables = runners.read_state(a_db, alembic.VERSION_TABLE)
            reached.append((state, a_db, r_db, a_rows, a_tables))
            continue
        report.unreached.append((graph.name, state.name, len(plan.per_state[state.name])))
        print("UNREACHED %s: start state %s: retort has no version table to align (%d steps "
              "not run)\n" % (graph.name, state.name, len(plan.per_state[state.name])))

    work = []
    base = reached[0] if reached and reached[0][0].name == "base" else None
    if base:
        work += [(base, argv) for argv in plan.readonly]
    for entry in reached:
        work += [(entry, argv) for argv in plan.per_state[entry[0].name]]

    futures = [pool.submit(retort_job, entry[2], argv) for entry, argv in work]
    for (entry, argv), future in zip(work, futures):
        state, a_db, r_db, rows, tables = entry
        ctx = StepContext(graph, labels, state, argv, rows, tables)
        copy_db(a_db, alembic_work)
        ctx.alembic = alembic.run(alembic_work, argv)
        ctx.retort = future.result()
        difference = differences.covering(ctx)
        if difference:
            holds, why = difference.holds(ctx)
            if holds:
                report.record(graph, state, ctx, "expected", [], [], difference)
            else:
                report.record(graph, state, ctx, "mismatch", [], [], difference, why)
            continue
        reasons, detail = compare(ctx, stability)
        if reasons and alembic_crashed(ctx.alembic) and ctx.retort.ok:
            report.record(graph, state, ctx, "crashed", reasons, detail)
            continue
        report.record(graph, state, ctx, "mismatch" if reasons else "match", reasons, detail)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--probe":
        return probe_main(sys.argv[2:])
    parser = argparse.ArgumentParser(description="retort / Alembic parity suite")
    parser.add_argument("retort", help="the retort binary")
    parser.add_argument("--graph", action="append", default=[],
                        help="only graphs whose name contains this (repeatable)")
    parser.add_argument("--full", action="store_true",
                        help="every id and form from every start state (slow)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer start states and targets (for slow builds)")
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 1),
                        help="retort processes at a time")
    parser.add_argument("--show-expected", action="store_true",
                        help="also print each expected (deliberate) difference")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--dump", help="write the mismatches as JSON to this file")
    parser.add_argument("--list", action="store_true", help="list the graphs and exit")
    args = parser.parse_args()

    try:
        import alembic  # noqa: F401
    except ImportError:
        print("parity: this Python (%s) cannot import alembic" % sys.executable, file=sys.stderr)
        return 2
    retort_binary = os.path.abspath(args.retort)
    if not os.access(retort_binary, os.X_OK):
        print("parity: %s is not an executable" % retort_binary, file=sys.stderr)
        return 2

    catalogue = graph_catalogue.all_graphs()
    if args.graph:
        catalogue = [g for g in catalogue if any(n in g.name for n in args.graph)]
    if args.list:
        for g in catalogue:
            print("%-30s %3d revisions  %s" % (g.name, len(g.revs), g.origin))
        return 0

    started = time.time()
    # Every step commits to SQLite files: in memory-backed storage when the
    # system has it, so that the run measures the tools and not fsync.
    shm = "/dev/shm"
    scratch = shm if os.path.isdir(shm) and os.access(shm, os.W_OK) and \
        "TMPDIR" not in os.environ else None
    root = tempfile.mkdtemp(prefix="retort-parity-", dir=scratch)
    report = Report(args.show_expected)
    try:
        projects = []
        for g in catalogue:
            folder = os.path.join(root, g.name)
            alembic_project = runners.AlembicProject(os.path.join(folder, "alembic"), g)
            retort_project = runners.RetortProject(os.path.join(folder, "retort"), g,
                                                   retort_binary)
            projects.append((g, folder, alembic_project, retort_project))
        script_dirs = [p[2].script_dir for p in projects]
        probed = probe_facts(script_dirs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for g, folder, alembic_project, retort_project in projects:
                facts = runners.alembic_facts(alembic_project.script_dir)
                stability = Stability(facts, probed[alembic_project.script_dir])
                run_graph(g, folder, alembic_project, retort_project, facts["labels"],
                          stability, report, args, pool)
    finally:
        if args.keep:
            print("parity: kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)

    print_summary(report, time.time() - started)
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump({"mismatches": report.mismatches, "unreached": report.unreached,
                       "alembic_crashed": report.crashed}, f, indent=1)
    return 1 if report.mismatches or report.unreached else 0


def print_summary(report, seconds):
    print("=" * 72)
    if report.expected_by_key:
        print("expected differences (tests/parity/differences.py):")
        for difference in differences.DIFFERENCES:
            count = report.expected_by_key.get(difference.key, 0)
            print("  %5d  [%s] %s" % (count, difference.key, difference.title))
    if report.mismatches:
        kinds = {}
        for item in report.mismatches:
            command = item["command"].split()[0]
            kind = "%s: %s" % (command, ", ".join(item["reasons"]) if not item["difference"]
                               else "deliberate difference %s no longer holds" % item["difference"])
            kinds[kind] = kinds.get(kind, 0) + 1
        print("mismatches by command and what differs:")
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %5d  %s" % (count, kind))
    if report.crashed:
        kinds = {}
        for item in report.crashed:
            kind = "%s (%s)" % (item["command"].split()[0],
                                item["alembic_error"].split(":", 1)[0])
            kinds[kind] = kinds.get(kind, 0) + 1
        print("not compared: Alembic crashed inside its graph code, retort did not fail "
              "(--dump lists them):")
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %5d  %s" % (count, kind))
    if report.unreached:
        skipped = sum(u[2] for u in report.unreached)
        print("%d start states not reached (%d steps not run)" % (len(report.unreached), skipped))
    print("%s (%.0f s)" % (report.summary(), seconds))


if __name__ == "__main__":
    sys.exit(main())
