"""The two sides of the comparison.

AlembicProject writes an Alembic script directory for a Graph and runs
alembic.command.* in this process, capturing what it prints and the
"Running upgrade/downgrade" lines it logs. RetortProject writes a retort
project (retort.ini and YAML revisions with the same ids, parents, labels
and dependencies) and runs the retort binary as a subprocess. Both report a
Result; each runs on its own SQLite file, which is read back with sqlite3.
"""

import io
import json
import logging
import os
import re
import sqlite3
import subprocess
import warnings

MESSAGE = "msg"  # every revision's message; stripped from output lines

_RUNNING = re.compile(r"^Running (upgrade|downgrade) (.*) -> (.*)$")


class Result:
    def __init__(self, ok, output="", error="", steps=None, rows=None, tables=None,
                 notes=None, status=None):
        self.ok = ok                # the command succeeded
        self.output = output        # what it printed (stdout)
        self.error = error          # why it failed
        self.steps = steps or []    # [(direction, revision id)] in the order run
        self.rows = rows            # version rows after the command (set)
        self.tables = tables        # t_* tables after the command (set)
        self.notes = notes or []    # warnings worth showing
        self.status = status        # retort's exit status

    def summary(self):
        if self.ok:
            return "ok"
        return "failed: " + (self.error.strip().splitlines() or ["?"])[-1]


def parse_running(line):
    """('upgrade'|'downgrade', revision id) from a 'Running ...' line."""
    match = _RUNNING.match(line.strip())
    if not match:
        return None
    direction, left, right = match.groups()
    if right.endswith(", " + MESSAGE):
        right = right[: -len(MESSAGE) - 2]
    return (direction, right.strip() if direction == "upgrade" else left.strip())


def read_state(db_path, version_table):
    """(version rows, t_* tables) of an SQLite file; empty for a missing file."""
    if not os.path.exists(db_path):
        return set(), set()
    connection = sqlite3.connect(db_path)
    try:
        names = {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = set()
        if version_table in names:
            rows = {row[0] for row in connection.execute(
                "SELECT version_num FROM %s" % version_table)}
        tables = {name for name in names if name.startswith("t_")}
        return rows, tables
    finally:
        connection.close()


# --- Alembic ---------------------------------------------------------------

_ENV_PY = '''\
from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.pool import NullPool

# The caller may pass an engine (the harness keeps one per database file).
engine = context.config.attributes.get("engine")
if engine is None:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
'''

_VERSION_PY = '''\
"""{message}"""
from alembic import op

revision = {revision!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {deps!r}


def upgrade():
    op.execute("CREATE TABLE t_{revision} (id INTEGER)")


def downgrade():
    op.execute("DROP TABLE t_{revision}")
'''

_patched = False


def _patch_alembic():
    """Sorted version files (Alembic lists them in directory order), and one
    ScriptDirectory per project for the whole run (it reads every version
    file on each command otherwise)."""
    global _patched
    if _patched:
        return
    _patched = True
    from alembic.script import ScriptDirectory
    from alembic.script.base import Script

    list_py_dir = Script._list_py_dir.__func__

    def sorted_py_dir(cls, scriptdir, path):
        return sorted(list_py_dir(cls, scriptdir, path))

    Script._list_py_dir = classmethod(sorted_py_dir)

    from_config = ScriptDirectory.from_config.__func__
    cache = {}

    def cached_from_config(cls, config):
        key = config.get_main_option("script_location")
        if key not in cache:
            cache[key] = from_config(cls, config)
        script = cache[key]
        # history -i marks revisions as current on these shared objects
        for rev in script.revision_map._revision_map.values():
            if rev is not None:
                rev._db_current_indicator = None
        return script

    ScriptDirectory.from_config = classmethod(cached_from_config)


class _LogCapture(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class AlembicProject:
    VERSION_TABLE = "alembic_version"

    def __init__(self, folder, graph):
        _patch_alembic()
        self.folder = folder
        self.script_dir = os.path.join(folder, "scripts")
        versions = os.path.join(self.script_dir, "versions")
        os.makedirs(versions)
        with open(os.path.join(self.script_dir, "env.py"), "w") as f:
            f.write(_ENV_PY)
        for rev in graph.revs.values():
            down = None if not rev.down else (rev.down[0] if len(rev.down) == 1 else rev.down)
            with open(os.path.join(versions, rev.id + ".py"), "w") as f:
                f.write(_VERSION_PY.format(
                    message=MESSAGE, revision=rev.id, down=down,
                    labels=tuple(rev.labels) or None, deps=tuple(rev.deps) or None))
        self._engines = {}
        self._log = _LogCapture()
        logger = logging.getLogger("alembic.runtime.migration")
        logger.addHandler(self._log)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    def config(self, db_path, stdout):
        from alembic.config import Config
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool
        config = Config(stdout=stdout)
        config.set_main_option("script_location", self.script_dir)
        url = "sqlite:///" + db_path
        config.set_main_option("sqlalchemy.url", url)
        if url not in self._engines:
            self._engines[url] = create_engine(url, poolclass=NullPool)
        config.attributes["engine"] = self._engines[url]
        return config

    def script(self):
        from alembic.script import ScriptDirectory
        from alembic.config import Config
        config = Config()
        config.set_main_option("script_location", self.script_dir)
        return ScriptDirectory.from_config(config)

    def run(self, db_path, argv):
        from alembic import command
        stdout = io.StringIO()
        config = self.config(db_path, stdout)
        self._log.lines = []
        ok, error = True, ""
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                _dispatch(command, config, argv)
            except Exception as exc:  # any failure counts: CommandError, or a crash
                ok, error = False, "%s: %s" % (type(exc).__name__, exc)
        steps = [s for s in (parse_running(line) for line in self._log.lines) if s]
        rows, tables = read_state(db_path, self.VERSION_TABLE)
        notes = ["warning: %s" % w.message for w in caught
                 if "SAWarning" not in type(w.message).__name__]
        return Result(ok, stdout.getvalue(), error, steps, rows, tables, notes)


def _dispatch(command, config, argv):
    name, args = argv[0], argv[1:]
    verbose = "-v" in args
    if name == "upgrade":
        command.upgrade(config, args[0])
    elif name == "downgrade":
        command.downgrade(config, args[0])
    elif name == "stamp":
        purge = "--purge" in args
        revisions = [a for a in args if a != "--purge"]
        command.stamp(config, revisions if len(revisions) > 1 else revisions[0], purge=purge)
    elif name == "heads":
        command.heads(config, verbose=verbose,
                      resolve_dependencies="--resolve-dependencies" in args)
    elif name == "branches":
        command.branches(config, verbose=verbose)
    elif name == "current":
        command.current(config, verbose=verbose)
    elif name == "history":
        rev_range = args[args.index("-r") + 1] if "-r" in args else None
        command.history(config, rev_range=rev_range, verbose=verbose,
                        indicate_current="-i" in args)
    else:
        raise ValueError("no such command in the harness: %s" % name)


# --- retort ----------------------------------------------------------------

def _yaml(value):
    return json.dumps(value)  # JSON is YAML's flow style, quoting every id


class RetortProject:
    VERSION_TABLE = "retort_version"

    def __init__(self, folder, graph, binary):
        self.folder = folder
        self.binary = binary
        self.ini = os.path.join(folder, "retort.ini")
        versions = os.path.join(folder, "migrations", "versions")
        os.makedirs(versions)
        with open(self.ini, "w") as f:
            f.write("[retort]\nscript_location = migrations\n")
        for index, rev in enumerate(sorted(graph.revs.values(), key=lambda r: r.id)):
            down = None if not rev.down else (rev.down[0] if len(rev.down) == 1 else list(rev.down))
            lines = [
                "revision: %s" % _yaml(rev.id),
                "down_revision: %s" % _yaml(down),
                "branch_labels: %s" % _yaml(list(rev.labels)),
                "depends_on: %s" % _yaml(list(rev.deps)),
                "message: %s" % MESSAGE,
                "upgrade:",
                "  - create_table: {name: t_%s, columns: [{name: id, type: integer}]}" % rev.id,
            ]
            if index % 2:  # half spell the downgrade out, half rely on the reversal
                lines += ["downgrade:", "  - drop_table: t_%s" % rev.id]
            with open(os.path.join(versions, rev.id + ".yaml"), "w") as f:
                f.write("\n".join(lines) + "\n")

    def run(self, db_path, argv):
        argv = list(argv)
        # retort's stamp refuses to record a revision whose tables the
        # database lacks; Alembic's records anything. The suite compares the
        # version rows a stamp leaves, so retort is told to stamp regardless.
        if argv and argv[0] == "stamp":
            argv.append("--force")
        command = [self.binary, "-c", self.ini, "--url", "sqlite:///" + db_path] + argv
        try:
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, timeout=120, cwd=self.folder)
            status, out, err = done.returncode, done.stdout, done.stderr
        except subprocess.TimeoutExpired:
            status, out, err = -1, "", "timed out after 120 s"
        steps = [s for s in (parse_running(line) for line in out.splitlines()) if s]
        rows, tables = read_state(db_path, self.VERSION_TABLE)
        notes = []
        if status not in (0, 1, 2):
            notes.append("retort exit status %d (not 0/1/2)" % status)
        error = "" if status == 0 else (err.strip() or out.strip() or "exit status %d" % status)
        return Result(status == 0, out, error, steps, rows, tables, notes, status)


# --- facts about Alembic's own reading of a graph ---------------------------

def alembic_facts(script_dir):
    """What Alembic makes of a script directory, as plain data: the labels
    it propagates to each revision, and the orders it would list and apply
    revisions in. Computed under several hash seeds to find where Alembic's
    result depends on Python's set order (see parity.py --probe)."""
    _patch_alembic()
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(script_dir)
    revision_map = script.revision_map
    revisions = sorted(r for r in revision_map._revision_map
                       if r and revision_map._revision_map[r].revision == r)
    facts = {
        "labels": {r: sorted(revision_map.get_revision(r).branch_labels) for r in revisions},
        "history": [sc.revision for sc in script.walk_revisions()],
        "orders": {},
        "normalized_deps": {r: len(revision_map.get_revision(r)._normalized_resolved_dependencies)
                            for r in revisions},
    }

    def order(fn, *args):
        try:
            return [step.revision.revision for step in fn(*args)]
        except Exception as exc:
            return "error: %s" % type(exc).__name__

    heads = tuple(revision_map.heads)
    for r in revisions:
        if revision_map.get_revision(r).is_head or len(revision_map.get_revision(r).nextrev) > 1:
            facts["orders"]["up " + r] = order(script._upgrade_revs, r, ())
    facts["orders"]["up heads"] = order(script._upgrade_revs, "heads", ())
    facts["orders"]["down base"] = order(script._downgrade_revs, "base", heads)
    return facts
