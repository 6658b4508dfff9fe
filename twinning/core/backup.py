"""Backups that are proven to restore: the database copied while the app runs, with a manifest
of row counts and a checksum per table that is checked again after a restore.

A backup is one .tar file holding:
- `manifest.json`: engine, when, Django's last migrations, and for every table its row count and
  a SHA-256 over its rows;
- `database.sqlite3` (SQLite's online backup API: a consistent copy, safe while others write) or
  `database.dump` (pg_dump's custom format, restored with pg_restore --clean).

The checksum reads rows through the ORM ordered by primary key and serialises each value the
same way on both engines (a boolean is true/false whether SQLite stored 1 or PostgreSQL `t`;
a datetime is written in UTC; a decimal without trailing zeros), so a table holding the same
data gives the same checksum on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.dump"


class BackupError(Exception):
    """A backup or restore that could not be made or did not verify."""


@dataclass
class Result:
    path: Path
    engine: str
    tables: int
    rows: int
    seconds: float
    mismatches: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- the manifest


def _canonical(value) -> object:
    """Return a JSON-ready form of a column value that both engines produce alike."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text if "." not in text else text.rstrip("0").rstrip(".")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def _models():
    """Return one concrete model per database table (auto-created many-to-many tables too)."""
    seen: dict[str, type] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen[meta.db_table] = model
    seen[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder.Migration
    return [seen[name] for name in sorted(seen)]


def table_checksums(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, object]]:
    """Return {table: {"rows": n, "sha256": hex}} for every model table in the database."""
    existing = set(connections[using].introspection.table_names())
    result: dict[str, dict[str, object]] = {}
    for model in _models():
        table = model._meta.db_table
        if table not in existing:
            continue
        columns = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        rows = 0
        queryset = model._base_manager.using(using).order_by("pk").values_list(*columns)
        for row in queryset.iterator(chunk_size=5000):
            line = json.dumps([_canonical(v) for v in row], ensure_ascii=False, sort_keys=True)
            digest.update(line.encode())
            digest.update(b"\n")
            rows += 1
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def compare(expected: dict, actual: dict) -> list[str]:
    """Return the differences between two manifests' tables, one readable line each."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table), actual.get(table)
        if want is None:
            problems.append(f"{table}: present after restore but not in the backup")
        elif got is None:
            problems.append(f"{table}: missing after restore")
        elif want["rows"] != got["rows"]:
            problems.append(f"{table}: {got['rows']} rows, the backup had {want['rows']}")
        elif want["sha256"] != got["sha256"]:
            problems.append(f"{table}: same row count, different content (checksum)")
    return problems


def _manifest(using: str, tables: dict) -> dict:
    connection = connections[using]
    return {
        "format": FORMAT_VERSION,
        "application": "twinning",
        "engine": connection.vendor,
        "created_at": timezone.now().isoformat(),
        "database": str(connection.settings_dict["NAME"]),
        "tables": tables,
        "total_rows": sum(t["rows"] for t in tables.values()),
    }


# ----------------------------------------------------------------------------- SQLite


def _sqlite_backup(using: str, workdir: Path) -> tuple[Path, dict]:
    """Copy the live database with SQLite's online backup API and checksum it, both inside one
    read transaction: in WAL mode that is a snapshot, so the manifest describes exactly the
    copied data while writers carry on (a read transaction does not block them)."""
    connection = connections[using]
    connection.ensure_connection()
    raw = connection.connection
    target = workdir / SQLITE_MEMBER
    # Django would open the transaction with BEGIN IMMEDIATE (the write lock, see settings);
    # a backup only reads, so it opens a deferred one itself and holds the snapshot.
    own_transaction = not connection.in_atomic_block and not raw.in_transaction
    if own_transaction:
        raw.execute("BEGIN DEFERRED")
    try:
        raw.execute("SELECT count(*) FROM sqlite_master").fetchone()  # takes the snapshot
        destination = sqlite3.connect(target)
        try:
            raw.backup(destination)
        finally:
            destination.close()
        tables = table_checksums(using)
    finally:
        if own_transaction:
            raw.execute("COMMIT")
    return target, tables


def _sqlite_restore(using: str, source: Path) -> None:
    """Copy the backup into the live database, page by page, in one step (the backup API takes
    the write lock; readers see the old or the new database, never a mixture)."""
    connection = connections[using]
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()
    connection.close()


# ----------------------------------------------------------------------------- PostgreSQL


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """Return the libpq environment for pg_dump/pg_restore (the password stays out of `ps`)."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} was not found: install the PostgreSQL client tools "
            "(the same major version as the server)."
        )
    completed = subprocess.run(command, env=env, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")


def _postgres_backup(using: str, workdir: Path) -> tuple[Path, dict]:
    """Dump with pg_dump inside the snapshot the checksums are read in, so the manifest describes
    exactly the dumped data even while the app keeps writing."""
    connection = connections[using]
    target = workdir / POSTGRES_MEMBER
    if connection.in_atomic_block:
        raise BackupError("A PostgreSQL backup cannot run inside a transaction.")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
                f"--dbname={connection.settings_dict['NAME']}",
            ],
            _pg_env(connection.settings_dict),
        )
        tables = table_checksums(using)
    return target, tables


def _postgres_restore(using: str, source: Path) -> None:
    connection = connections[using]
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        _pg_env(connection.settings_dict),
    )


# ----------------------------------------------------------------------------- commands


def default_path(using: str = DEFAULT_DB_ALIAS) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    vendor = connections[using].vendor
    return Path(settings.VAR_DIR) / "backups" / f"twinning-{vendor}-{stamp}.tar"


def backup(path: Path | None = None, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Return the result of writing a verified backup of the database to `path`."""
    started = time.monotonic()
    vendor = connections[using].vendor
    path = Path(path) if path else default_path(using)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="twinning-backup-") as tmp:
        workdir = Path(tmp)
        if vendor == "sqlite":
            data, tables = _sqlite_backup(using, workdir)
        elif vendor == "postgresql":
            data, tables = _postgres_backup(using, workdir)
        else:
            raise BackupError(f"Backups of {vendor} databases are not supported.")
        manifest = _manifest(using, tables)
        manifest["data_sha256"] = _file_sha256(data)
        manifest_path = workdir / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(data, arcname=data.name)
        partial.chmod(0o600)  # personal data inside: readable by the service account only
        partial.replace(path)
    return Result(
        path=path,
        engine=vendor,
        tables=len(tables),
        rows=manifest["total_rows"],
        seconds=time.monotonic() - started,
    )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(path: Path) -> dict:
    with tarfile.open(path) as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError(f"{path} holds no {MANIFEST}: not a Twinning backup.")
        return json.load(member)


def restore(path: Path, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Return the result of restoring the backup at `path` into the database and checking every
    table against the manifest (mismatches listed; empty means verified)."""
    started = time.monotonic()
    vendor = connections[using].vendor
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="twinning-restore-") as tmp:
        workdir = Path(tmp)
        with tarfile.open(path) as archive:
            names = set(archive.getnames())
            member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
            if MANIFEST not in names or member not in names:
                raise BackupError(
                    f"{path} is not a Twinning backup of a {vendor} database "
                    f"(it holds: {', '.join(sorted(names))})."
                )
            # Only the two known members, by name: nothing in the archive chooses a path.
            for name in (MANIFEST, member):
                source = archive.extractfile(name)
                (workdir / name).write_bytes(source.read())
        manifest = json.loads((workdir / MANIFEST).read_text())
        if manifest.get("engine") != vendor:
            raise BackupError(
                f"The backup is of a {manifest.get('engine')} database; this one is {vendor}."
            )
        data = workdir / member
        if manifest.get("data_sha256") != _file_sha256(data):
            raise BackupError("The backup file is damaged: its checksum does not match.")
        if vendor == "sqlite":
            _sqlite_restore(using, data)
        else:
            _postgres_restore(using, data)
    tables = table_checksums(using)
    return Result(
        path=path,
        engine=vendor,
        tables=len(tables),
        rows=sum(t["rows"] for t in tables.values()),
        seconds=time.monotonic() - started,
        mismatches=compare(manifest["tables"], tables),
    )


def verify(path: Path, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Return the differences between the database as it is now and the backup's manifest."""
    return compare(read_manifest(Path(path))["tables"], table_checksums(using))
