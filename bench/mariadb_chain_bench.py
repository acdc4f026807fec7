#!/usr/bin/python3
"""Times retort against Alembic on a long linear revision chain on MariaDB.

The chain is chain_bench.py's (odd revisions create a table t<i>, even ones
add a column c<i> to it). Each command is timed as a separate process:

  upgrade head    retort, Alembic, and the floor: the mariadb client replaying
                  the statements 'retort upgrade head -v' prints, committed
                  where retort commits them; with --floor-with-bookkeeping also
                  the floor plus what retort runs in each revision without
                  printing it (the version-row read, a progress mark before
                  each statement, the session's lock timeout). Each run on a
                  freshly created, empty database, the tools taking turns.
  heads, history, current
                  warm, against the databases at head

After every upgrade it checks the database's tables, columns and version row,
and after the first round that every tool's tables are retort's.

The server is an existing one (--url mysql://user:password@host:port/db; the
user must be allowed to create databases) or, with --start-server, a throwaway
one from scripts/mariadb-server.sh, stopped at the end. The password reaches
retort in RETORT_URL and the mariadb client in MYSQL_PWD, never a command line;
Alembic reads it from alembic.ini in the private temporary folder. Needs the
mariadb client and, for --python (default /usr/bin/python3), Alembic and PyMySQL.

  mariadb_chain_bench.py [RETORT] (--url URL | --start-server) [--revisions N] ...
"""

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse

from alembic_logging import LOGGING_SECTIONS
from chain_bench import (DEFAULT_MIGRATE_REPEATS, REPO, add_chain_arguments, add_output_arguments, age_files, chain,
                         check_listing, median, ms, parse_verbose_run, ratio, remove_unless_kept, retort_binary,
                         run, table, upgrade_rounds, write_alembic_project, write_retort_project)

DATABASE_PREFIX = "retort_chain_bench_"
TOOLS = ("floor", "floor_bookkeeping", "retort", "alembic")
LABELS = {"floor": "mariadb floor", "floor_bookkeeping": "mariadb floor + retort's unprinted statements",
          "retort": "retort", "alembic": "Alembic"}
SERVER_SCRIPT = os.path.join(REPO, "scripts", "mariadb-server.sh")

ALEMBIC_MARIADB_INI = """\
[alembic]
script_location = .
sqlalchemy.url = %(url)s

%(logging)s"""

# The chain's tables and their columns, without either tool's own tables.
SCHEMA_QUERY = """\
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(COLUMN_DEFAULT, '-'), COLUMN_KEY
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'retort\\_%' AND TABLE_NAME NOT LIKE 'alembic\\_%'
ORDER BY TABLE_NAME, ORDINAL_POSITION"""

SETTINGS = ("version", "innodb_flush_log_at_trx_commit", "innodb_flush_method", "innodb_doublewrite", "log_bin",
            "sync_binlog", "innodb_buffer_pool_size")

DML = ("INSERT ", "UPDATE ", "DELETE ")
MARK = ("CREATE TABLE IF NOT EXISTS `retort_", "INSERT INTO `retort_incomplete`")


def database_of(tool):
    return DATABASE_PREFIX + tool


class Server:
    """The mariadb client against the server of `url`; one URL per database."""

    def __init__(self, client, url, cwd):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("mysql", "mariadb"):
            raise SystemExit("--url must be a mysql:// or mariadb:// URL")
        self.parts, self.client, self.cwd = parts, client, cwd
        # The client reads the password from MYSQL_PWD, so that it shows on
        # no command line; retort and Alembic get it inside their URL.
        os.environ["MYSQL_PWD"] = urllib.parse.unquote(parts.password or "")
        self.connect = ["--no-defaults", "--batch", "--skip-column-names",
                        "-h", parts.hostname or "localhost", "-P", str(parts.port or 3306)]
        if parts.username:
            self.connect += ["-u", urllib.parse.unquote(parts.username)]
        socket_path = urllib.parse.parse_qs(parts.query).get("unix_socket")
        if socket_path:
            self.connect += ["-S", socket_path[0]]
        self.admin = parts.path.lstrip("/") or None

    def url(self, database, scheme="mysql"):
        return urllib.parse.urlunsplit(self.parts._replace(scheme=scheme, path="/" + database))

    def command(self, database=None):
        """The client's command line (its options first: --no-defaults must be)."""
        return [self.client] + self.connect + ([database] if database else [])

    def query(self, sql, database=None, check=True):
        """Runs `sql`; returns the client's tab-separated output."""
        result = subprocess.run(self.command(database or self.admin) + ["-e", sql], cwd=self.cwd,
                                stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if result.returncode != 0:
            if not check:
                return None
            raise SystemExit("mariadb failed (exit %d) on: %s\n%s" % (result.returncode, sql, result.stderr[-3000:]))
        return result.stdout

    def fresh(self, database):
        self.query("DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s`" % (database, database))

    def drop(self, database):
        self.query("DROP DATABASE IF EXISTS `%s`" % database, check=False)


def server_script(action, folder):
    """scripts/mariadb-server.sh start|stop FOLDER; start returns the URL it
    prints. A failed stop is reported, not raised, so as not to hide an error."""
    result = subprocess.run([SERVER_SCRIPT, action, folder], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    print(result.stderr.strip(), file=sys.stderr, flush=True)
    if result.returncode != 0 and action == "start":
        raise SystemExit("%s start failed (exit %d)" % (SERVER_SCRIPT, result.returncode))
    return result.stdout.strip().splitlines()[-1] if action == "start" else None


def server_cpu(pid):
    """CPU seconds used so far by the server process (all its threads)."""
    with open("/proc/%d/stat" % pid) as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def split_revision(statements):
    """A revision's statements as retort commits them: the mark (its own
    tables' CREATE TABLE IF NOT EXISTS, the INSERT of the incomplete mark),
    the revision's own statements (each DDL statement commits by itself),
    then the version row, the history row and the mark's removal, which
    retort runs in one transaction."""
    k = len(statements)
    while k > 0 and statements[k - 1].startswith(DML):
        k -= 1
    m = 0
    while m < k and statements[m].startswith(MARK):
        m += 1
    return statements[:m], statements[m:k], statements[k:]


def write_floor(path, groups, revisions, bookkeeping):
    """Writes the floor script; with `bookkeeping`, adds per revision what
    retort runs but -v does not print: the session's lock timeout, the
    version-row read in one transaction with the mark, and the progress mark
    before each of the revision's own statements."""
    with open(path, "w") as out:
        for (_, rev, *_), statements in zip(revisions, groups):
            mark, own, together = split_revision(statements)
            if bookkeeping:
                tables = [s for s in mark if s.startswith("CREATE TABLE IF NOT EXISTS `retort_") and
                          not s.startswith("CREATE TABLE IF NOT EXISTS `retort_incomplete`")]
                mark = (["SET SESSION lock_wait_timeout = DEFAULT;", "START TRANSACTION;"] + tables +
                        ["SELECT version_num FROM `retort_version`;"] +
                        [s for s in mark if s not in tables] + ["COMMIT;"])
                progress = lambda s: " ".join(s.rstrip(";").split()).replace("\\", "\\\\").replace("'", "\\'")
                own = [line for s in own for line in (
                    "UPDATE `retort_incomplete` SET progress = 'running: %s' WHERE revision = '%s';"
                    % (progress(s), rev), s)]
            out.write("\n".join(mark + own + ["START TRANSACTION;"] + together + ["COMMIT;"]) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_chain_arguments(parser)
    server_choice = parser.add_mutually_exclusive_group(required=True)
    server_choice.add_argument("--url", help="a database on an existing server, e.g. mysql://user:password@host:port/"
                                             "test; the script creates and drops databases named %s* there"
                                             % DATABASE_PREFIX)
    server_choice.add_argument("--start-server", action="store_true",
                               help="start a throwaway server with scripts/mariadb-server.sh, stop it at the end")
    parser.add_argument("--migrate-repeats", type=int, default=DEFAULT_MIGRATE_REPEATS,
                        help="runs of upgrade head per tool (default %d)" % DEFAULT_MIGRATE_REPEATS)
    parser.add_argument("--floor-with-bookkeeping", action="store_true",
                        help="also time the floor plus the statements retort runs in each revision but does not "
                             "print with -v (version-row read, progress marks, lock timeout)")
    parser.add_argument("--python", default="/usr/bin/python3",
                        help="interpreter with Alembic and PyMySQL (default /usr/bin/python3), run as -m alembic")
    parser.add_argument("--mariadb", help="the client that replays the floor (default: mariadb, else mysql)")
    add_output_arguments(parser)
    args = parser.parse_args()

    retort = retort_binary(args.retort)
    client = args.mariadb or shutil.which("mariadb") or shutil.which("mysql") or "mariadb"
    n = args.revisions
    if n < 2:
        raise SystemExit("--revisions must be at least 2")
    alembic = [args.python, "-m", "alembic"]
    # A TERM (a timeout, a cancelled job) unwinds like an error: the server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log = lambda message: print(message, file=sys.stderr, flush=True)

    root = tempfile.mkdtemp(prefix="retort-mariadb-bench-", dir=args.workdir)
    retort_dir, alembic_dir, floor_dir = (os.path.join(root, name) for name in ("retort", "alembic", "floor"))
    os.makedirs(floor_dir)
    server_dir = db = None
    results = {}   # key -> list of (wall, client cpu, server cpu or None)
    try:
        if args.start_server:
            # Beside the project folder, not in it: the server's user must
            # be able to enter it when the script runs as root.
            server_dir = tempfile.mkdtemp(prefix="retort-bench-mdb-", dir=args.workdir)
            log("starting a throwaway MariaDB server in %s" % server_dir)
            admin_url = server_script("start", server_dir)
        else:
            admin_url = args.url
        db = Server(client, admin_url, floor_dir)
        settings = dict(zip(SETTINGS, db.query("SELECT " + ", ".join("@@" + s for s in SETTINGS)).strip().split("\t")))
        server_pid = int(open(os.path.join(server_dir, "mariadbd.pid")).read()) if server_dir else None

        log("writing a %d-revision chain in %s" % (n, root))
        revisions = chain(n)
        head = revisions[-1][1]
        write_retort_project(retort_dir, revisions)
        # The URL goes into a configparser file: its percent signs doubled.
        alembic_url = db.url(database_of("alembic"), scheme="mysql+pymysql").replace("%", "%%")
        # autoincrement=False: INT NOT NULL PRIMARY KEY, as retort makes it,
        # rather than SQLAlchemy's AUTO_INCREMENT.
        write_alembic_project(alembic_dir, revisions,
                              {"alembic.ini": ALEMBIC_MARIADB_INI % {"url": alembic_url, "logging": LOGGING_SECTIONS}},
                              id_options=", autoincrement=False")
        age_files(root)

        def retort_cmd(database, *words):
            # The URL (and its password) in the environment, which only this
            # user can read; retort.ini's sqlite URL gives way to it.
            os.environ["RETORT_URL"] = db.url(database)
            return [retort, "-c", "retort.ini"] + list(words)

        alembic_cmd = lambda *words: alembic + ["-c", "alembic.ini"] + list(words)

        # Process start-up alone, and one connection, for scale.
        load_at_start = os.getloadavg()
        scale = {label: [run(command, floor_dir).wall for _ in range(max(args.repeats, 5))] for label, command in (
            ("/bin/true", ["/bin/true"]), ("python -c pass", [args.python, "-c", "pass"]),
            ("retort --version", [retort, "--version"]), ("mariadb + SELECT 1", db.command() + ["-e", "SELECT 1"]))}
        versions = run([args.python, "-c", "import alembic, sqlalchemy, pymysql; print('Alembic %s, SQLAlchemy %s, "
                        "PyMySQL %s' % (alembic.__version__, sqlalchemy.__version__, pymysql.__version__))"],
                       floor_dir, keep_output=True).stdout.strip()
        client_version = " ".join(run([client, "--version"], floor_dir, keep_output=True).stdout.split(",")[0].split())

        log("capturing retort's statements for the mariadb floor")
        capture_db = database_of("capture")
        db.fresh(capture_db)
        capture = run(retort_cmd(capture_db, "upgrade", "head", "-v"), retort_dir, keep_output=True)
        db.drop(capture_db)
        groups = parse_verbose_run(capture.stdout, n)
        scripts = {tool: os.path.join(floor_dir, tool + ".sql") for tool in ("floor", "floor_bookkeeping")}
        for tool, script in scripts.items():
            write_floor(script, groups, revisions, bookkeeping=tool == "floor_bookkeeping")
        statement_count = sum(len(g) for g in groups)

        def timed(tool, command, cwd, stdin_path=None):
            before = server_cpu(server_pid) if server_pid else None
            result = run(command, cwd, stdin_path=stdin_path)
            used = server_cpu(server_pid) - before if server_pid else None
            results.setdefault(tool, []).append((result.wall, result.cpu, used))

        def replay(tool):
            return lambda: timed(tool, db.command(database_of(tool)), floor_dir, stdin_path=scripts[tool])

        upgrades = [("retort", lambda: timed("retort", retort_cmd(database_of("retort"), "upgrade", "head"),
                                             retort_dir)),
                    ("alembic", lambda: timed("alembic", alembic_cmd("upgrade", "head"), alembic_dir)),
                    ("floor", replay("floor"))]
        if args.floor_with_bookkeeping:
            upgrades.append(("floor_bookkeeping", replay("floor_bookkeeping")))
        tools = [tool for tool in TOOLS if tool in dict(upgrades)]

        def check_database(tool):
            database = database_of(tool)
            rows = db.query(SCHEMA_QUERY, database).splitlines()
            tables = (n + 1) // 2
            if len(rows) != 2 * tables + n // 2 or len({row.split("\t")[0] for row in rows}) != tables:
                raise SystemExit("the %s database does not hold the chain's %d tables and %d added columns"
                                 % (LABELS[tool], tables, n // 2))
            version = db.query("SELECT GROUP_CONCAT(version_num) FROM %s_version"
                               % ("alembic" if tool == "alembic" else "retort"), database).strip()
            if version != head:
                raise SystemExit("the %s database's version row is %r, not the head %s" % (LABELS[tool], version, head))
            return rows

        upgrade_rounds(upgrades, args.migrate_repeats, lambda tool: db.fresh(database_of(tool)),
                       check_database, LABELS, log)

        # Read-only commands, warm, against the databases at head: a first
        # untimed run of each writes the caches and has its output checked.
        for command in ("heads", "history", "current"):
            log("timing %s" % command)
            check_listing("retort", command, run(retort_cmd(database_of("retort"), command), retort_dir,
                                                 keep_output=True).stdout, n, head)
            check_listing("alembic", command, run(alembic_cmd(command), alembic_dir, keep_output=True).stdout,
                          n, head)
            for _ in range(args.repeats):
                timed("retort %s" % command, retort_cmd(database_of("retort"), command), retort_dir)
                timed("alembic %s" % command, alembic_cmd(command), alembic_dir)
        load_at_end = os.getloadavg()

        # ---- report
        def column(key, i):
            values = [r[i] for r in results.get(key, []) if r[i] is not None]
            return median(values) if values else None

        def fastest(key):
            return min(w for w, _, _ in results[key])

        print("\nretort vs Alembic, %d-revision linear chain, MariaDB" % n)
        print("machine: %s, %d CPUs, Python %s, %s; %s" % (
            platform.system(), os.cpu_count() or 0, platform.python_version(), versions, client_version))
        print("server: MariaDB %s, %s; %s" % (
            settings["version"], "throwaway (scripts/mariadb-server.sh)" if server_dir else "existing server",
            ", ".join("%s=%s" % (k, settings[k]) for k in SETTINGS[1:])))
        print("load average at the start: %.2f %.2f %.2f, at the end: %.2f %.2f %.2f" % (load_at_start + load_at_end))
        print("start-up, median: " + ", ".join("%s %s ms" % (k, ms(median(v))) for k, v in scale.items()))
        rows = []
        for tool in tools:
            label = ("mariadb floor (%d statements printed by -v)" % statement_count if tool == "floor"
                     else LABELS[tool])
            rows.append(["upgrade head: %s" % label, ms(column(tool, 0)), ms(fastest(tool)), ms(column(tool, 1)),
                         ms(column(tool, 2)), ratio(column(tool, 0), column("floor", 0)),
                         ratio(column(tool, 0), column("retort", 0)), ratio(fastest(tool), fastest("retort"))])
        print("\n" + table(["upgrade", "median ms", "min ms", "client cpu ms", "server cpu ms", "/ floor (median)",
                            "/ retort (median)", "/ retort (min)"], rows))
        print("\n%d runs each, each on a freshly created database; the tools take turns going first. client cpu: "
              "user+sys time of the process; server cpu: of the MariaDB server process%s."
              % (args.migrate_repeats, "" if server_pid else " (only measured with --start-server)"))
        rows = []
        for command in ("heads", "history", "current"):
            r, a = "retort %s" % command, "alembic %s" % command
            rows.append(["%s (warm)" % command, ms(column(r, 0)), ms(column(r, 1)), ms(column(a, 0)),
                         ms(column(a, 1)), ratio(column(a, 0), column(r, 0))])
        print("\n" + table(["read-only command", "retort ms", "retort cpu ms", "alembic ms", "alembic cpu ms",
                            "alembic/retort"], rows))
        print("\nwarm: median of %d runs, with retort's .retort-index and Alembic's __pycache__ in place; "
              "the databases are at head." % args.repeats)

        if args.json:
            with open(args.json, "w") as out:
                json.dump({"revisions": n, "settings": settings, "load": [load_at_start, load_at_end],
                           "scale": scale, "timings": {k: [{"wall": w, "cpu": c, "server_cpu": s} for w, c, s in v]
                                                       for k, v in results.items()}}, out, indent=1)
    finally:
        if db is not None and server_dir is None:
            for tool in TOOLS + ("capture",):
                db.drop(database_of(tool))
        if server_dir is not None:
            server_script("stop", server_dir)
        remove_unless_kept(root, args.keep)


if __name__ == "__main__":
    main()
