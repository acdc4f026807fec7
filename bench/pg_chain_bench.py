#!/usr/bin/python3
"""Times retort against Alembic on a long linear revision chain on PostgreSQL.

The chain is chain_bench.py's: odd revisions create a table t<i> (id integer
primary key, name varchar(50)), even revisions add a column c<i> varchar(50)
to the table the revision before created. The script times, each command as a
separate process:

  upgrade head    retort, Alembic, and the floor: psql replaying exactly the
                  statements retort runs (captured from 'retort upgrade head
                  -v'), one BEGIN ... COMMIT per revision as retort commits;
                  each run on a freshly created, empty database, the tools
                  taking turns going first; with --floor-with-reads also the
                  floor plus retort's read of the version row in each
                  transaction
  heads, history, current
                  warm (retort's header cache and Alembic's __pycache__
                  exist), against the databases at head

After every upgrade it checks that the database holds the chain's N/2 tables
and N/2 added columns and that the version row is at head, and after the
first round that retort's, Alembic's and the floor's tables are the same.

The server is either an existing one (--url of a database there, such as
postgresql://user@127.0.0.1:5432/postgres; the role must be allowed to create
databases) or, with --start-server, a throwaway cluster made with initdb in a
temporary folder, started on a free port and deleted at the end. A password in
--url is handed to the tools in PGPASSWORD, not on their command lines.

Needs only the standard library, psql, and, for the interpreter given with
--python (default /usr/bin/python3), Alembic and psycopg2.

  pg_chain_bench.py [RETORT] (--url URL | --start-server) [--revisions N] ...

RETORT defaults to build/cli/retort in the repository this script lives in.
"""

import argparse
import glob
import json
import os
import platform
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

from alembic_logging import LOGGING_SECTIONS
from chain_bench import (DEFAULT_MIGRATE_REPEATS, add_chain_arguments, add_output_arguments, age_files, chain,
                         check_listing, median, ms, parse_verbose_run, ratio, remove_unless_kept, retort_binary,
                         run, table, upgrade_rounds, write_alembic_project, write_floor_script, write_retort_project)

# The databases the script creates (and drops) on the server.
DATABASE_PREFIX = "retort_chain_bench_"
TOOLS = ("floor", "floor_reads", "retort", "alembic")
LABELS = {"floor": "psql floor", "floor_reads": "psql floor + version reads", "retort": "retort",
          "alembic": "Alembic"}
# The table holding the version row, per tool (the floors replay retort's).
VERSION_TABLES = {"floor": "retort_version", "floor_reads": "retort_version", "retort": "retort_version",
                  "alembic": "alembic_version"}

# retort reads the version row at the start of each revision's transaction,
# in one query. The same in SQL, for --floor-with-reads.
VERSION_READ = ["SELECT version_num FROM retort_version;"]

ALEMBIC_PG_INI = """\
[alembic]
script_location = .
sqlalchemy.url = %(url)s

%(logging)s"""

# The chain's tables and their columns (type, not null, default, part of the
# primary key), without either tool's own tables; one line per column.
SCHEMA_QUERY = """\
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
       EXISTS (SELECT 1 FROM pg_index AS i WHERE i.indrelid = c.oid AND i.indisprimary
                                             AND a.attnum = ANY (i.indkey))
FROM pg_class AS c
JOIN pg_namespace AS n ON n.oid = c.relnamespace
JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef AS d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname !~ '^(retort|alembic)_'
ORDER BY c.relname, a.attnum"""

SETTINGS = ("server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes",
            "shared_buffers", "wal_level")


# --------------------------------------------------------------------------
# The server


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def default_bindir():
    """The newest /usr/lib/postgresql/*/bin (Debian), else pg_ctl's folder on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda path: int(path.split("/")[-3]) if path.split("/")[-3].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    on_path = shutil.which("pg_ctl")
    return os.path.dirname(os.path.realpath(on_path)) if on_path else None


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary folder, with the server's
    default settings (fsync on), listening on 127.0.0.1 and trusting local
    connections. stop() stops it and deletes the folder."""

    def __init__(self, bindir, parent):
        self.bindir = bindir
        self.folder = tempfile.mkdtemp(prefix="retort-bench-pg-", dir=parent)
        self.data = os.path.join(self.folder, "data")
        self.log_path = os.path.join(self.folder, "server.log")
        self.as_owner = []
        if os.geteuid() == 0:
            # initdb refuses to run as root: the cluster belongs to postgres.
            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    def command(self, program, *words):
        return self.as_owner + [os.path.join(self.bindir, program)] + list(words)

    def call(self, command):
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            detail = result.stdout + result.stderr
            if os.path.exists(self.log_path):
                with open(self.log_path, errors="replace") as log:
                    detail += "\nserver log:\n" + log.read()[-3000:]
            raise SystemExit("failed (exit %d): %s\n%s" % (result.returncode, " ".join(command), detail[-4000:]))

    def start(self):
        """Makes and starts the cluster; returns the URL of its postgres database."""
        # --no-sync: initdb's own files need not reach the disk; the server
        # itself runs with fsync on.
        self.call(self.command("initdb", "-D", self.data, "--auth=trust", "-U", "postgres",
                               "--encoding=UTF8", "--locale=C", "--no-sync"))
        port = free_port()
        self.call(self.command("pg_ctl", "-D", self.data, "-l", self.log_path, "-w", "-o",
                               "-k %s -c listen_addresses=127.0.0.1 -p %d" % (self.folder, port), "start"))
        return "postgresql://postgres@127.0.0.1:%d/postgres" % port

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as stamp:
            return int(stamp.readline())

    def stop(self):
        """Stops the server if it runs (also after a failed start) and
        deletes the folder; raises nothing, so as not to hide an error."""
        try:
            if os.path.exists(os.path.join(self.data, "postmaster.pid")):
                subprocess.run(self.command("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop"),
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def server_cpu(postmaster):
    """CPU seconds used so far by the server: the postmaster, its children
    that have exited (backends, once reaped) and those still running."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    children = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as stat:
                text = stat.read()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()   # fields[0] is the state
        if int(entry) == postmaster:
            total += sum(int(value) for value in fields[11:15])   # utime stime cutime cstime
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
            children.add(int(entry))
    return total / ticks, children


class Server:
    """psql against the server: one database URL per name, the admin URL for
    CREATE/DROP DATABASE and CHECKPOINT."""

    def __init__(self, psql, admin_url, cwd):
        parts = urllib.parse.urlsplit(admin_url)
        if parts.scheme not in ("postgresql", "postgres"):
            raise SystemExit("--url must be a postgresql:// URL")
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if ":" in userinfo:
                # Handed to every tool's libpq in PGPASSWORD, so that it
                # appears on no command line and in no file.
                user, password = userinfo.split(":", 1)
                os.environ["PGPASSWORD"] = urllib.parse.unquote(password)
                netloc = (user + "@" if user else "") + host
        self.parts = parts._replace(scheme="postgresql", netloc=netloc)
        self.psql = psql
        self.cwd = cwd
        self.admin = self.url(None)
        self.can_checkpoint = True

    def url(self, database, scheme="postgresql"):
        path = self.parts.path if database is None else "/" + database
        return urllib.parse.urlunsplit(self.parts._replace(scheme=scheme, path=path))

    def query(self, sql, database=None, check=True):
        """Runs `sql` with psql; returns its unaligned output (None if it
        failed and check is false)."""
        result = subprocess.run(
            [self.psql, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
             self.admin if database is None else self.url(database), "-c", sql],
            cwd=self.cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            if not check:
                return None
            raise SystemExit("psql failed (exit %d) on: %s\n%s" % (result.returncode, sql, result.stderr[-3000:]))
        return result.stdout

    def fresh(self, database):
        """An empty database, then a checkpoint: each timed run starts with
        no dirty pages left behind by the run before."""
        self.query('DROP DATABASE IF EXISTS "%s"' % database)
        self.query('CREATE DATABASE "%s"' % database)
        if self.can_checkpoint:
            self.can_checkpoint = self.query("CHECKPOINT", check=False) is not None

    def drop(self, database):
        self.query('DROP DATABASE IF EXISTS "%s"' % database, check=False)


def database_of(tool):
    return DATABASE_PREFIX + tool


def with_version_reads(groups):
    """The floor's transactions with retort's read of the version row where
    retort makes it: first in each transaction, after the version tables
    are created in the first one."""
    result = []
    for statements in groups:
        k = 0
        while k < len(statements) and statements[k].startswith("CREATE TABLE IF NOT EXISTS retort_"):
            k += 1
        result.append(statements[:k] + VERSION_READ + statements[k:])
    return result


# --------------------------------------------------------------------------
# Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_chain_arguments(parser)
    server = parser.add_mutually_exclusive_group(required=True)
    server.add_argument("--url", help="a database on an existing server, e.g. postgresql://user@host:port/postgres; "
                                      "the script creates and drops databases named %s* there" % DATABASE_PREFIX)
    server.add_argument("--start-server", action="store_true",
                        help="make a throwaway cluster with initdb, start it on a free port, delete it at the end")
    parser.add_argument("--pg-bin", default=None,
                        help="folder of initdb and pg_ctl for --start-server (default: the newest "
                             "/usr/lib/postgresql/*/bin, else pg_ctl's folder on PATH)")
    parser.add_argument("--migrate-repeats", type=int, default=DEFAULT_MIGRATE_REPEATS,
                        help="runs of upgrade head per tool (default %d)" % DEFAULT_MIGRATE_REPEATS)
    parser.add_argument("--floor-with-reads", action="store_true",
                        help="also time the floor with retort's read of the version row added to each "
                             "transaction (one SELECT, as retort reads it)")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter with Alembic and psycopg2 installed (default /usr/bin/python3); "
                             "Alembic runs as PYTHON -m alembic")
    parser.add_argument("--psql", default=None,
                        help="the psql client (default: psql in the folder of --pg-bin's default, else psql on "
                             "PATH; Debian's /usr/bin/psql is a Perl wrapper that adds about 15 ms a run)")
    add_output_arguments(parser)
    args = parser.parse_args()

    retort = retort_binary(args.retort)
    if args.psql is None:
        bindir = default_bindir()
        psql = os.path.join(bindir, "psql") if bindir and os.access(os.path.join(bindir, "psql"), os.X_OK) else "psql"
    else:
        psql = args.psql
    psql = shutil.which(psql) or psql
    n = args.revisions
    if n < 2:
        raise SystemExit("--revisions must be at least 2")
    alembic = [args.python, "-m", "alembic"]

    def log(message):
        print(message, file=sys.stderr, flush=True)

    root = tempfile.mkdtemp(prefix="retort-pg-bench-", dir=args.workdir)
    retort_dir = os.path.join(root, "retort")
    alembic_dir = os.path.join(root, "alembic")
    floor_dir = os.path.join(root, "floor")
    os.makedirs(floor_dir)
    cluster = None
    pg = None
    results = {}   # key -> list of (wall, client cpu, server cpu or None)
    try:
        if args.start_server:
            bindir = args.pg_bin or default_bindir()
            if not bindir:
                raise SystemExit("no PostgreSQL server programs found; pass --pg-bin")
            cluster = Cluster(bindir, args.workdir)
            log("starting a throwaway PostgreSQL cluster in %s" % cluster.folder)
            admin_url = cluster.start()
        else:
            admin_url = args.url
        pg = Server(psql, admin_url, floor_dir)
        settings = pg.query("SELECT %s" % ", ".join("current_setting('%s')" % s for s in SETTINGS)).strip()
        settings = dict(zip(SETTINGS, settings.split("|")))

        log("writing a %d-revision chain in %s" % (n, root))
        revisions = chain(n)
        head = revisions[-1][1]
        write_retort_project(retort_dir, revisions)
        # The URL goes into a configparser file: its percent signs doubled.
        alembic_url = pg.url(database_of("alembic"), scheme="postgresql+psycopg2").replace("%", "%%")
        # autoincrement=False: an INTEGER primary key, as retort makes it,
        # rather than SQLAlchemy's SERIAL (a sequence and a default).
        write_alembic_project(alembic_dir, revisions,
                              {"alembic.ini": ALEMBIC_PG_INI % {"url": alembic_url, "logging": LOGGING_SECTIONS}},
                              id_options=", autoincrement=False")
        age_files(root)

        retort_cmd = lambda database, *words: [retort, "-c", "retort.ini", "--url", pg.url(database)] + list(words)
        alembic_cmd = lambda *words: alembic + ["-c", "alembic.ini"] + list(words)

        # Process start-up alone, and one connection, for scale.
        load_at_start = os.getloadavg()
        scale_runs = max(args.repeats, 5)
        spawn = [run(["/bin/true"], floor_dir).wall for _ in range(scale_runs)]
        retort_start = [run([retort, "--version"], floor_dir).wall for _ in range(scale_runs)]
        python_start = [run([args.python, "-c", "pass"], floor_dir).wall for _ in range(scale_runs)]
        psql_connect = [run([psql, "-X", "-q", "-d", pg.admin, "-c", "SELECT 1"], floor_dir).wall
                        for _ in range(scale_runs)]
        versions = run([args.python, "-c", "import alembic, sqlalchemy, psycopg2; print('Alembic %s, SQLAlchemy "
                        "%s, psycopg2 %s' % (alembic.__version__, sqlalchemy.__version__, "
                        "psycopg2.__version__.split()[0]))"], floor_dir, keep_output=True).stdout.strip()
        psql_version = run([psql, "--version"], floor_dir, keep_output=True).stdout.strip()

        # The floor script, from the statements retort runs.
        log("capturing retort's statements for the psql floor")
        capture_db = database_of("capture")
        pg.fresh(capture_db)
        capture = run(retort_cmd(capture_db, "upgrade", "head", "-v"), retort_dir, keep_output=True)
        pg.drop(capture_db)
        groups = parse_verbose_run(capture.stdout, n)
        floor_script = os.path.join(floor_dir, "script.sql")
        write_floor_script(floor_script, groups, begin="BEGIN;")
        reads_script = os.path.join(floor_dir, "script_reads.sql")
        write_floor_script(reads_script, with_version_reads(groups), begin="BEGIN;")
        statement_count = sum(len(g) for g in groups)

        postmaster = cluster.postmaster_pid() if cluster else None

        def timed(tool, command, cwd):
            """Runs `command` and records its times; the server's CPU time is
            read once the backend of the run has exited."""
            before, aux = server_cpu(postmaster) if postmaster else (None, None)
            result = run(command, cwd)
            used = None
            if postmaster:
                deadline = time.monotonic() + 2
                while True:
                    after, children = server_cpu(postmaster)
                    if children <= aux or time.monotonic() > deadline:
                        break
                    time.sleep(0.005)
                used = after - before
            results.setdefault(tool, []).append((result.wall, result.cpu, used))

        def replay(tool, script):
            return lambda: timed(tool, [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", pg.url(database_of(tool)),
                                        "-f", script], floor_dir)

        upgrades = [
            ("retort", lambda: timed("retort", retort_cmd(database_of("retort"), "upgrade", "head"), retort_dir)),
            ("alembic", lambda: timed("alembic", alembic_cmd("upgrade", "head"), alembic_dir)),
            ("floor", replay("floor", floor_script)),
        ]
        if args.floor_with_reads:
            upgrades.append(("floor_reads", replay("floor_reads", reads_script)))
        tools = [tool for tool in TOOLS if tool in dict(upgrades)]

        def check_database(tool):
            database = database_of(tool)
            rows = pg.query(SCHEMA_QUERY, database).splitlines()
            tables = (n + 1) // 2
            if len(rows) != 2 * tables + n // 2 or len({row.split("|")[0] for row in rows}) != tables:
                raise SystemExit("the %s database does not hold the chain's %d tables and %d added columns"
                                 % (LABELS[tool], tables, n // 2))
            version = pg.query("SELECT string_agg(version_num, ',') FROM %s" % VERSION_TABLES[tool], database)
            if version.strip() != head:
                raise SystemExit("the %s database's version row is %r, not the head %s"
                                 % (LABELS[tool], version.strip(), head))
            return rows

        upgrade_rounds(upgrades, args.migrate_repeats, lambda tool: pg.fresh(database_of(tool)),
                       check_database, LABELS, log)

        # Read-only commands, warm, against the databases at head: a first
        # untimed run of each writes the caches and has its output checked.
        for command in ("heads", "history", "current"):
            log("timing %s" % command)
            check_listing("retort", command,
                          run(retort_cmd(database_of("retort"), command), retort_dir, keep_output=True).stdout,
                          n, head)
            check_listing("alembic", command, run(alembic_cmd(command), alembic_dir, keep_output=True).stdout,
                          n, head)
            for _ in range(args.repeats):
                timed("retort %s" % command, retort_cmd(database_of("retort"), command), retort_dir)
                timed("alembic %s" % command, alembic_cmd(command), alembic_dir)
        load_at_end = os.getloadavg()

        # ---- report
        def wall(key):
            return median([w for w, _, _ in results.get(key, [])])

        def fastest(key):
            values = [w for w, _, _ in results.get(key, [])]
            return min(values) if values else None

        def cpu(key):
            return median([c for _, c, _ in results.get(key, [])])

        def server(key):
            values = [s for _, _, s in results.get(key, []) if s is not None]
            return median(values) if values else None

        print()
        print("retort vs Alembic, %d-revision linear chain, PostgreSQL" % n)
        print("machine: %s, %d CPUs, Python %s, %s, %s" % (
            platform.system(), os.cpu_count() or 0, platform.python_version(), versions, psql_version))
        print("server: PostgreSQL %s, %s; %s" % (
            settings["server_version"], "throwaway cluster (initdb), 127.0.0.1" if cluster else "existing server",
            ", ".join("%s=%s" % (k, settings[k]) for k in SETTINGS[1:])))
        print("load average at the start: %.2f %.2f %.2f, at the end: %.2f %.2f %.2f" % (load_at_start + load_at_end))
        print("start-up, median: /bin/true %s ms, python -c pass %s ms, retort --version %s ms, "
              "psql connect + SELECT 1 %s ms" % (ms(median(spawn)), ms(median(python_start)),
                                                 ms(median(retort_start)), ms(median(psql_connect))))
        print()
        rows = []
        for tool in tools:
            label = ("psql floor (%d statements, %d transactions)" % (statement_count, n)
                     if tool == "floor" else LABELS[tool])
            rows.append(["upgrade head: %s" % label, ms(wall(tool)), ms(fastest(tool)), ms(cpu(tool)),
                         ms(server(tool)), ratio(wall(tool), wall("floor")), ratio(fastest(tool), fastest("floor"))])
        print(table(["upgrade", "median ms", "min ms", "client cpu ms", "server cpu ms", "/ floor (median)",
                     "/ floor (min)"], rows))
        print()
        print(table(["migration", "retort median ms", "alembic median ms", "alembic/retort", "retort min ms",
                     "alembic min ms", "alembic/retort (min)"],
                    [["upgrade head", ms(wall("retort")), ms(wall("alembic")), ratio(wall("alembic"), wall("retort")),
                      ms(fastest("retort")), ms(fastest("alembic")),
                      ratio(fastest("alembic"), fastest("retort"))]]))
        print()
        print("%d runs each, each on a freshly created database after a CHECKPOINT%s; the tools take turns going "
              "first. client cpu: user+sys time of the process; server cpu: of the PostgreSQL server's processes%s."
              % (args.migrate_repeats, "" if pg.can_checkpoint else " (not allowed: skipped)",
                 "" if cluster else " (only measured with --start-server)"))
        print()
        rows = []
        for command in ("heads", "history", "current"):
            r, a = "retort %s" % command, "alembic %s" % command
            rows.append(["%s (warm)" % command, ms(wall(r)), ms(cpu(r)), ms(wall(a)), ms(cpu(a)),
                         ratio(wall(a), wall(r))])
        print(table(["read-only command", "retort ms", "retort cpu ms", "alembic ms", "alembic cpu ms",
                     "alembic/retort"], rows))
        print()
        print("warm: median of %d runs, with retort's .retort-index and Alembic's __pycache__ in place; "
              "the databases are at head." % args.repeats)
        by_median = wall("retort") / wall("floor")
        by_min = fastest("retort") / fastest("floor")
        print()
        print("upgrade: retort %.2fx the psql floor by median, %.2fx by fastest run; target <= 1.1x: %s" % (
            by_median, by_min, "met" if by_median <= 1.1 else "NOT met (by median)"))
        if "floor_reads" in tools:
            print("         retort %.2fx the psql floor with retort's version reads by median, %.2fx by fastest run"
                  % (wall("retort") / wall("floor_reads"), fastest("retort") / fastest("floor_reads")))

        if args.json:
            with open(args.json, "w") as out:
                json.dump({"revisions": n, "repeats": args.repeats, "migrate_repeats": args.migrate_repeats,
                           "settings": settings, "load_at_start": load_at_start, "load_at_end": load_at_end,
                           "spawn_true": spawn, "python_start": python_start, "retort_version": retort_start,
                           "psql_connect": psql_connect,
                           "timings": {k: [{"wall": w, "cpu": c, "server_cpu": s} for w, c, s in v]
                                       for k, v in results.items()}},
                          out, indent=1)
    finally:
        if pg is not None and cluster is None:
            for tool in TOOLS + ("capture",):
                pg.drop(database_of(tool))
        if cluster is not None:
            cluster.stop()
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()
