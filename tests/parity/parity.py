#!/usr/bin/env python3
"""retort / Alembic parity suite.

Runs the same generated revision graphs through Alembic (in this process,
alembic.command.*) and retort (the binary given on the command line), each
on its own SQLite file, and compares every step: exit status, listings
(entries and their order), the upgrades and downgrades run and their order,
the version rows and the tables left. See README.md beside this file.

usage: parity.py RETORT_BINARY [--graph NAME]... [--quick | --full] [--processes N]
                 [--jobs N] [--show-expected] [--keep] [--dump FILE] [--list]
"""

import argparse
import concurrent.futures
import difflib
import importlib.util
import multiprocessing
import json
import os
import re
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
        # Alembic keeps a revision's depends_on (less those its ancestors
        # already depend on) in a set: with two or more, the order it applies
        # and lists their branches in is the set's
        self.set_ordered = {r for r, n in facts["normalized_deps"].items() if n >= 2}

    def unordered(self, revisions):
        """Whether Alembic's order of these revisions may depend on the seed."""
        return self.order or bool(self.set_ordered & set(revisions))


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


def target_form(graph, argv):
    """The command with revision ids, labels and prefixes replaced by what
    they are: 'downgrade <id>@-1', 'upgrade <label>@base+2', 'history -r <id>:'."""
    names = set(graph.revs)
    labels = set(graph.label_owner)

    def word(token):
        if token in names:
            return "<id>"
        if token in labels:
            return "<label>"
        if token and any(rev_id.startswith(token) for rev_id in names) and \
                token not in ("head", "heads", "base", "current"):
            return "<prefix>" if len(token) >= 4 else "<short prefix>"
        return token

    def arg(text):
        return re.sub(r"[A-Za-z0-9_]+", lambda m: word(m.group(0)), text)

    return " ".join([argv[0]] + [arg(a) for a in argv[1:]])


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
        unordered = argv[0] == "current" or (
            argv[0] == "history" and stability.unordered(e.id for e in a_entries + r_entries))
        if unordered:
            a_keys, r_keys = sorted(a_keys, key=repr), sorted(r_keys, key=repr)
        if a_keys != r_keys:
            same_set = sorted(a_keys, key=repr) == sorted(r_keys, key=repr)
            reasons.append("listing order" if same_set else "listing entries")
            detail = list(difflib.unified_diff(
                [e.text(drop) for e in a_entries], [e.text(drop) for e in r_entries],
                "alembic", "retort", n=max(len(a_entries), len(r_entries)), lineterm=""))[3:]
    if a.ok and r.ok and argv[0] in ("upgrade", "downgrade"):
        a_steps, r_steps = a.steps, r.steps
        if stability.unordered(rev for _, rev in a_steps + r_steps):
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
    """What one graph's run found (plain data: it crosses processes)."""

    def __init__(self):
        self.steps = self.matched = 0
        self.mismatches = []    # items (dicts), in the order found
        self.expected = []      # (difference key, one-line description)
        self.crashed = []       # items where Alembic crashed and retort did not fail
        self.unreached = []     # (graph, state, steps not run)

    def _item(self, graph, state, ctx, reasons, detail, difference=None, why="", setup=None):
        return {
            "graph": graph.name, "origin": graph.origin, "state": state.name,
            "setup": [" ".join(s) for s in (state.setup if setup is None else setup)],
            "command": " ".join(ctx.argv), "form": target_form(graph, ctx.argv),
            "reasons": reasons, "difference": difference.key if difference else None,
            "why": why,
            "alembic": describe(ctx.alembic, ctx.tables_before, ctx.argv),
            "retort": describe(ctx.retort, ctx.tables_before, ctx.argv),
            "alembic_error": ctx.alembic.error, "retort_error": ctx.retort.error,
            "notes": ctx.alembic.notes + ctx.retort.notes,
            "detail": detail,
        }

    def record(self, graph, state, ctx, outcome, reasons=(), detail=(), difference=None, why=""):
        self.steps += 1
        if outcome == "match":
            self.matched += 1
        elif outcome == "expected":
            self.expected.append((difference.key, "%s: from %s: %s" % (
                graph.name, state.name, " ".join(ctx.argv))))
        elif outcome == "crashed":
            self.crashed.append(self._item(graph, state, ctx, list(reasons), list(detail)))
        else:
            self.mismatches.append(self._item(graph, state, ctx, list(reasons), list(detail),
                                              difference, why))

    def setup_difference(self, graph, state, ctx, reasons):
        """A command on the way to a start state gave different results; the
        steps from that state then start from Alembic's result."""
        done = state.setup[:state.setup.index(ctx.argv)]
        item = self._item(graph, state, ctx, reasons, [], setup=done)
        item["state"] = "the way to start state '%s'" % state.name
        item["notes"].append("the steps from '%s' start from Alembic's version rows and "
                             "tables, written into retort's database" % state.name)
        self.steps += 1
        self.mismatches.append(item)

    def merge(self, other):
        self.steps += other.steps
        self.matched += other.matched
        self.mismatches += other.mismatches
        self.expected += other.expected
        self.crashed += other.crashed
        self.unreached += other.unreached

    def summary(self):
        text = "%d steps, %d matched, %d expected differences, %d mismatches" % (
            self.steps, self.matched, len(self.expected), len(self.mismatches))
        if self.crashed:
            text += "; %d not compared (Alembic crashed, retort did not fail cleanly)" % len(
                self.crashed)
        return text


def format_mismatch(item):
    lines = ["MISMATCH %s (%s)" % (item["graph"], item["origin"]),
             "  from:    %s%s" % (item["state"], (" (reached by: %s)" % "; ".join(item["setup"]))
                                  if item["setup"] else " (empty database)"),
             "  command: %s    [%s]" % (item["command"], item["form"]),
             "  alembic: %s" % item["alembic"],
             "  retort:  %s" % item["retort"]]
    if item["difference"]:
        lines.append("  deliberate difference [%s] no longer holds: %s" % (
            item["difference"], item["why"]))
    else:
        lines.append("  differs: %s" % ", ".join(item["reasons"]))
    if item["detail"]:
        lines.append("  listing (- alembic, + retort):")
        lines += ["    " + line for line in item["detail"]]
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


def run_graph(task):
    """Every step of one graph; runs in a worker process. Alembic runs here,
    retort in `jobs` threads that each start a retort process."""
    graph, folder, alembic, retort, labels, stability, budget, jobs = task
    report = Report()
    plan = scenarios.build(graph, labels, budget)
    states_dir = os.path.join(folder, "states")
    os.makedirs(states_dir)
    alembic_work = os.path.join(folder, "alembic-work.db")
    local = threading.local()
    counter = [0]
    lock = threading.Lock()

    def retort_job(snapshot, argv):
        if not hasattr(local, "dir"):
            with lock:
                counter[0] += 1
                local.dir = os.path.join(folder, "retort-work-%d" % counter[0])
            os.makedirs(local.dir)  # its own folder: retort locks the database's folder
        db = os.path.join(local.dir, "retort.db")
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
            ctx = StepContext(graph, labels, state, argv,
                              *runners.read_state(a_db, alembic.VERSION_TABLE))
            ctx.alembic = alembic.run(a_db, argv)
            ctx.retort = retort.run(r_db, argv)
            reasons = compare(ctx, stability)[0]
            if reasons:
                report.setup_difference(graph, state, ctx, reasons)
                if not align(a_db, r_db, retort):
                    report.unreached.append((graph.name, state.name,
                                             len(plan.per_state[state.name])))
                    break
        else:
            a_rows, a_tables = runners.read_state(a_db, alembic.VERSION_TABLE)
            reached.append((state, a_db, r_db, a_rows, a_tables))

    work = []
    if reached and reached[0][0].name == "base":
        work += [(reached[0], argv) for argv in plan.readonly]
    for entry in reached:
        work += [(entry, argv) for argv in plan.per_state[entry[0].name]]

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
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
                report.record(graph, state, ctx, "expected" if holds else "mismatch",
                              difference=difference, why=why)
                continue
            reasons, detail = compare(ctx, stability)
            if reasons and alembic_crashed(ctx.alembic):
                # Alembic's state after its own crash is no answer (it may have
                # committed part of a stamp): retort failing cleanly matches
                if not ctx.retort.ok and ctx.retort.rows == rows and ctx.retort.tables == tables:
                    report.record(graph, state, ctx, "match")
                else:
                    report.record(graph, state, ctx, "crashed", reasons, detail)
            else:
                report.record(graph, state, ctx, "mismatch" if reasons else "match",
                              reasons, detail)
    return report


TASKS = []


def run_task(index):
    return run_graph(TASKS[index])


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
    parser.add_argument("--processes", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                        help="graphs run at a time, each in its own process (default: cores)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="retort processes at a time per graph (default 1)")
    parser.add_argument("--show-expected", action="store_true",
                        help="also print each expected (deliberate) difference")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--dump", help="write the mismatches (and more) as JSON to this file")
    parser.add_argument("--list", action="store_true", help="list the graphs and exit")
    args = parser.parse_args()

    if importlib.util.find_spec("alembic") is None:
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
    budget = "full" if args.full else "quick" if args.quick else "normal"

    started = time.time()
    # Every step commits to SQLite files: in memory-backed storage when the
    # system has it, so that the run measures the tools and not fsync.
    shm = "/dev/shm"
    scratch = shm if os.path.isdir(shm) and os.access(shm, os.W_OK) and \
        "TMPDIR" not in os.environ else None
    root = tempfile.mkdtemp(prefix="retort-parity-", dir=scratch)
    report = Report()
    try:
        tasks = []
        for g in catalogue:
            folder = os.path.join(root, g.name)
            alembic_project = runners.AlembicProject(os.path.join(folder, "alembic"), g)
            retort_project = runners.RetortProject(os.path.join(folder, "retort"), g,
                                                   retort_binary)
            tasks.append([g, folder, alembic_project, retort_project])
        probed = probe_facts([t[2].script_dir for t in tasks])
        for task in tasks:
            facts = runners.alembic_facts(task[2].script_dir)
            task += [facts["labels"], Stability(facts, probed[task[2].script_dir]),
                     budget, args.jobs]
        if args.processes > 1 and len(tasks) > 1:
            # forked workers inherit the tasks (they hold open things that do
            # not pickle) and get their index
            TASKS[:] = tasks
            context = multiprocessing.get_context("fork")
            with context.Pool(args.processes) as pool:
                for result in pool.imap(run_task, range(len(tasks))):
                    report_graph(report, result)
        else:
            for task in tasks:
                report_graph(report, run_graph(task))
    finally:
        if args.keep:
            print("parity: kept %s" % root)
        else:
            shutil.rmtree(root, ignore_errors=True)

    print_summary(report, time.time() - started, args.show_expected)
    if args.dump:
        with open(args.dump, "w") as f:
            json.dump({"mismatches": report.mismatches, "unreached": report.unreached,
                       "alembic_crashed": report.crashed, "expected": report.expected},
                      f, indent=1)
    return 1 if report.mismatches or report.unreached else 0


def report_graph(report, result):
    for item in result.mismatches:
        print(format_mismatch(item))
    for graph, state, steps in result.unreached:
        print("UNREACHED %s: start state %s: retort's database cannot be aligned to "
              "Alembic's (%d steps not run)\n" % (graph, state, steps))
    sys.stdout.flush()
    report.merge(result)


def print_summary(report, seconds, show_expected):
    print("=" * 72)
    if show_expected:
        for key, text in report.expected:
            print("expected difference [%s] %s" % (key, text))
    counts = {}
    for key, _ in report.expected:
        counts[key] = counts.get(key, 0) + 1
    print("expected differences (DIFFERENCES in tests/parity/differences.py):")
    for difference in differences.DIFFERENCES:
        print("  %5d  [%s] %s" % (counts.get(difference.key, 0), difference.key,
                                  difference.title))
    if report.mismatches:
        kinds = {}
        for item in report.mismatches:
            what = ", ".join(item["reasons"]) if not item["difference"] else \
                "deliberate difference %s no longer holds" % item["difference"]
            if item["state"].startswith("the way to"):
                what += " (on the way to a start state)"
            kind = "%-34s %s" % (item["form"], what)
            kinds[kind] = kinds.get(kind, 0) + 1
        print("mismatches by command form and what differs:")
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %5d  %s" % (count, kind))
    if report.crashed:
        kinds = {}
        for item in report.crashed:
            kind = "%s (%s)" % (item["form"], item["alembic_error"].split(":", 1)[0])
            kinds[kind] = kinds.get(kind, 0) + 1
        print("not compared: Alembic crashed inside its graph code, retort did not fail "
              "cleanly (--dump lists them):")
        for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
            print("  %5d  %s" % (count, kind))
    if report.unreached:
        skipped = sum(u[2] for u in report.unreached)
        print("%d start states not reached (%d steps not run)" % (len(report.unreached), skipped))
    print("%s (%.0f s)" % (report.summary(), seconds))


if __name__ == "__main__":
    sys.exit(main())
