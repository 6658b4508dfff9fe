"""Many writers at once, on SQLite (a file in WAL mode, as in production) and PostgreSQL: no
"database is locked" reaches anyone, no write is lost, two editors of one activity get one
save and one conflict, and an import killed midway leaves nothing behind."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, transaction

from twinning.activities.models import Activity
from twinning.testing import World

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8
WRITES = 50
EDIT_ROUNDS = 20


@pytest.fixture
def database(tmp_path):
    """Return (environment, path) for a probe process that sees this test's committed data: a
    SQLite file copied from the test database, or the PostgreSQL test database itself."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if connection.vendor == "sqlite":
        path = tmp_path / "twinning.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        env.pop("DATABASE_URL", None)
        env["TWINNING_VAR_DIR"] = str(tmp_path)
        return env, path
    settings_dict = connection.settings_dict
    auth = settings_dict["USER"] or ""
    if settings_dict.get("PASSWORD"):
        auth += f":{settings_dict['PASSWORD']}"
    env["DATABASE_URL"] = (
        f"postgres://{auth}@{settings_dict['HOST'] or 'localhost'}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env["TWINNING_VAR_DIR"] = str(tmp_path)
    return env, None


def _probe(env, *args, timeout=300) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "twinning.core.tests.concurrency_probe", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def world():
    return World.build()


def test_many_writers_lose_nothing_and_never_see_a_lock(world, database):
    env, _ = database
    report = _probe(env, "writers", world.twinning.pk, THREADS, WRITES)
    print(f"\nconcurrency ({connection.vendor}): {report}")
    if report["vendor"] == "sqlite":
        assert report["journal_mode"] == "wal"
        assert report["transaction_mode"] == "IMMEDIATE"
    assert report["failed"] == 0, report["first_failure"]
    assert report["locked"] == 0
    assert report["succeeded"] == THREADS * WRITES
    assert report["rows_stored"] == THREADS * WRITES  # no insert lost
    assert report["counter"] == THREADS * WRITES  # no increment of the shared row lost


def test_two_editors_of_one_activity_get_one_save_and_one_conflict(world, database):
    env, _ = database
    report = _probe(env, "editors", world.twinning.pk, EDIT_ROUNDS)
    assert report["silent_overwrites"] == 0
    assert report["one_winner_one_conflict"] == EDIT_ROUNDS
    assert report["final_version"] == 1 + EDIT_ROUNDS


def _count_imported(path) -> int:
    if path is None:
        return Activity.objects.filter(title__startswith="imported row").count()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return db.execute(
            "SELECT count(*) FROM activities_activity WHERE title LIKE 'imported row%'"
        ).fetchone()[0]


def test_an_import_killed_midway_leaves_nothing_behind(world, database):
    env, path = database
    process = subprocess.Popen(
        [sys.executable, "-m", "twinning.core.tests.concurrency_probe", "import"]
        + [str(world.twinning.pk), "400"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    try:
        line = process.stdout.readline()
        assert line.strip() == "HALFWAY", process.stderr.read()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        process.stdout.close()
        process.stderr.close()
    assert _count_imported(path) == 0
    # The killed writer's lock is gone: the next writer gets through at once.
    report = _probe(env, "writers", world.twinning.pk, 2, 5)
    assert report["succeeded"] == 10 and report["failed"] == 0
    assert _count_imported(path) == 0


def test_an_import_that_fails_halfway_leaves_no_row(world):
    def rows(start, stop):
        return [
            Activity(
                twinning=world.twinning,
                category="other",
                title=f"imported row {n}",
                start_date="2024-05-01",
            )
            for n in range(start, stop)
        ]

    with pytest.raises(ValueError), transaction.atomic():
        Activity.objects.bulk_create(rows(0, 200))
        assert Activity.objects.filter(title__startswith="imported row").count() == 200
        raise ValueError("row 201: the date is not a date")
    assert Activity.objects.filter(title__startswith="imported row").count() == 0
