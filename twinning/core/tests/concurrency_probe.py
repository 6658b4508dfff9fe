"""Concurrent writers against a real database, run in a process of its own by test_concurrency.py.

Run as `python -m twinning.core.tests.concurrency_probe MODE TWINNING_ID [...]` with the
database chosen by the environment (TWINNING_VAR_DIR for a SQLite file, DATABASE_URL for
PostgreSQL). A separate process has the project's real settings (WAL, IMMEDIATE transactions,
busy timeout) and real connections, one per thread, which a test's in-memory database cannot give.

Modes print one JSON line:
- writers THREADS WRITES: every thread creates WRITES activities, one transaction each, and
  adds one to a shared counter on the same row; returns how many writes were made, failed (and
  how many of those said "locked"), and what the database holds afterwards.
- editors ROUNDS: two threads load the same activity, meet at a barrier, then both save through
  save_if_unchanged; returns how many rounds had exactly one winner and one StaleVersion.
- import ROWS: inserts ROWS activities in one transaction, printing HALFWAY after half of them
  and then waiting to be killed.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import threading
import time


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twinning.settings")
    import django

    django.setup()


def _new_activity(twinning_id: int, title: str):
    from twinning.activities.models import Activity

    return Activity(
        twinning_id=twinning_id,
        category="other",
        title=title,
        start_date=datetime.date(2024, 5, 1),
        provenance="imported",
    )


def writers(twinning_id: int, threads: int, writes: int) -> dict:
    from django.db import OperationalError, connection, transaction
    from django.db.models import F

    from twinning.activities.models import Activity

    counter = _new_activity(twinning_id, "shared counter")
    counter.reach_person_times = 0
    counter.save()
    made = [0] * threads
    failures: list[str] = []
    barrier = threading.Barrier(threads)

    def work(index: int) -> None:
        barrier.wait()
        try:
            for number in range(writes):
                try:
                    with transaction.atomic():
                        _new_activity(twinning_id, f"writer {index} write {number}").save()
                        Activity.objects.filter(pk=counter.pk).update(
                            reach_person_times=F("reach_person_times") + 1
                        )
                    made[index] += 1
                except OperationalError as exc:  # what would reach the user as an error page
                    failures.append(str(exc))
        finally:
            connection.close()

    started = time.monotonic()
    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    seconds = time.monotonic() - started
    counter.refresh_from_db()
    journal = ""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    stored = Activity.objects.filter(twinning_id=twinning_id, title__startswith="writer ").count()
    return {
        "threads": threads,
        "writes_each": writes,
        "attempted": threads * writes,
        "succeeded": sum(made),
        "failed": len(failures),
        "locked": sum("locked" in f for f in failures),
        "rows_stored": stored,
        "counter": counter.reach_person_times,
        "seconds": round(seconds, 2),
        "vendor": connection.vendor,
        "journal_mode": journal,
        "transaction_mode": connection.settings_dict.get("OPTIONS", {}).get("transaction_mode", ""),
        "first_failure": failures[0] if failures else "",
    }


def editors(twinning_id: int, rounds: int) -> dict:
    from django.db import connection

    from twinning.activities.models import Activity
    from twinning.core.versioning import StaleVersion, save_if_unchanged

    activity = _new_activity(twinning_id, "edited by two")
    activity.save()
    clean_rounds = 0
    silent_overwrites = 0
    for round_number in range(rounds):
        barrier = threading.Barrier(2)
        outcome: dict[str, str] = {}

        def edit(name: str, round_number=round_number, barrier=barrier, outcome=outcome) -> None:
            try:
                mine = Activity.objects.get(pk=activity.pk)
                loaded_version = mine.version
                mine.title = f"{name} {round_number}"
                barrier.wait()
                try:
                    save_if_unchanged(mine, loaded_version, update_fields=["title"])
                    outcome[name] = "saved"
                except StaleVersion:
                    outcome[name] = "stale"
            finally:
                connection.close()

        pair = [threading.Thread(target=edit, args=(n,)) for n in ("first", "second")]
        for thread in pair:
            thread.start()
        for thread in pair:
            thread.join()
        results = sorted(outcome.values())
        stored = Activity.objects.get(pk=activity.pk)
        winner = next((n for n, r in outcome.items() if r == "saved"), None)
        if results == ["saved", "stale"] and stored.title == f"{winner} {round_number}":
            clean_rounds += 1
        elif results == ["saved", "saved"]:
            silent_overwrites += 1
    final = Activity.objects.get(pk=activity.pk)
    return {
        "rounds": rounds,
        "one_winner_one_conflict": clean_rounds,
        "silent_overwrites": silent_overwrites,
        "final_version": final.version,
    }


def slow_import(twinning_id: int, rows: int) -> None:
    from django.db import transaction

    from twinning.activities.models import Activity

    with transaction.atomic():
        half = rows // 2
        Activity.objects.bulk_create(
            [_new_activity(twinning_id, f"imported row {n}") for n in range(half)]
        )
        print("HALFWAY", flush=True)
        time.sleep(60)  # the test kills the process here
        Activity.objects.bulk_create(
            [_new_activity(twinning_id, f"imported row {n}") for n in range(half, rows)]
        )


def main(argv: list[str]) -> None:
    _setup()
    mode, twinning_id, *numbers = argv
    values = [int(n) for n in numbers]
    if mode == "writers":
        print(json.dumps(writers(int(twinning_id), *values)), flush=True)
    elif mode == "editors":
        print(json.dumps(editors(int(twinning_id), *values)), flush=True)
    elif mode == "import":
        slow_import(int(twinning_id), *values)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
