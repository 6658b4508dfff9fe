"""The import's shortcuts give what the general path gives: the per-column memo of parsed cells,
the contributor looked up once per text, the rows assembled for the bulk inserts, the multi-row
INSERTs on SQLite and the garbage collector's setting while a job runs."""

import datetime
import gc
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.imports import checks, fastwrite, jobs
from twinning.imports.checks import CHECKERS, Problem, memoised
from twinning.imports.columns import LAYOUTS
from twinning.imports.fastwrite import HistoryInserter
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import (
    ACTIVITY_HEADER,
    activity_rows,
    latest_job,
    sign_in,
    upload,
    xlsx_bytes,
)

# Cells of every type a workbook or a CSV file gives, good and bad, some repeated.
CELLS = [
    "", " ", "42", " 42 ", "4.800.000", "4,800,000", "1,5", "1.500,5", "-3", "many", "nan", "1e3",
    "15/04/2020", "15.04.2020", "31/02/2021", "2020-04-15", "health", "Health", "  y tế ", "cooking",
    "yes", "Có", "0", "x" * 300, "Công ty TNHH Ánh Dương", 42, 0, -1, 10**16, 2020, 42.0, 1.5,
    True, False, Decimal("42"), Decimal("1.25"), datetime.datetime(2020, 4, 15),
    datetime.date(2020, 4, 15),
]  # fmt: skip


def _outcome(parse, value):
    try:
        return ("value", parse(value), type(parse(value)))
    except Problem as problem:
        return ("problem", problem.code, problem.params)


@pytest.mark.parametrize("kind", ["activities", "indicators", "organisations"])
def test_the_memo_of_each_column_gives_what_its_parser_gives(world, kind):
    checker = CHECKERS[kind](ImportJob(kind=kind, user=world.coordinator, twinning=world.twinning))
    for column in LAYOUTS[kind].columns:
        parse = checker._parsers[column.key]
        remembered = memoised(parse)
        for value in CELLS + CELLS:  # the second time from the memo, for str and int cells
            assert _outcome(remembered, value) == _outcome(parse, value), (column.key, value)


def test_the_memo_tells_whole_numbers_from_text_floats_and_yes_or_no():
    seen = []

    def parse(value):
        seen.append(value)
        return repr(value)

    remembered = memoised(parse)
    for value in (1, "1", 1.0, True, Decimal(1), 1, "1"):
        assert remembered(value) == repr(value)
    # 1 and "1" parsed once each; 1.0, True and Decimal(1), equal to 1, never share its entry.
    assert seen == [1, "1", 1.0, True, Decimal(1)]


def test_the_memo_starts_afresh_when_full(monkeypatch):
    monkeypatch.setattr(checks, "MEMO_SIZE", 3)
    seen = []

    def parse(value):
        seen.append(value)
        return value.upper()

    remembered = memoised(parse)
    for value in ("a", "b", "a", "c", "d", "d", "a"):
        assert remembered(value) == value.upper()
    # Full at "d": emptied, so "a" is parsed again after it.
    assert seen == ["a", "b", "c", "d", "a"]


def test_a_cell_that_fails_fails_on_every_row_that_holds_it(client, world):
    """Nothing of a failed parse is remembered: each row with the bad cell, or the unknown
    contributor, gets its own error."""
    row = dict(zip(ACTIVITY_HEADER, activity_rows()[0], strict=True))
    rows = []
    for n in range(3):
        rows.append([{**row, "activity_ref": f"A-{n}", "category": "cooking"}[k] for k in row])
        rows.append(
            [{**row, "activity_ref": f"B-{n}", "contributor": "Nobody Ltd"}[k] for k in row]
        )
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows))
    job = latest_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (row, column, code)
        for n in range(3)
        for row, column, code in (
            (2 + 2 * n, "category", "bad_choice"),
            (3 + 2 * n, "contributor", "unknown_contributor"),
        )
    ]


def _inserter(model, world, stamp):
    return HistoryInserter(
        model, user=world.coordinator, reason="Imported from t.xlsx", stamp=stamp
    )


def test_a_row_is_assembled_as_each_field_would_prepare_it(world):
    """The row for the INSERT: each column's value from the dict (or its default), in the
    database's form, the created/updated stamps last, whatever the dict leaves out."""
    stamp = timezone.now()
    inserter = _inserter(Activity, world, stamp)
    given = {
        "twinning_id": world.twinning.pk,
        "ref": "R-1",
        "category": "health",
        "title": "Masks",
        "start_date": datetime.date(2020, 4, 15),
        "end_date": None,
        "created_by_id": world.coordinator.pk,
    }
    for values in (given, {**given, "start_date": datetime.date(2020, 4, 16)}, given):
        expected = []
        for field in inserter.fields:
            if field.name in ("created_at", "updated_at"):
                value = stamp
            else:
                value = values.get(field.attname, field.get_default())
            expected.append(field.get_db_prep_save(value, connection))
        assert inserter._row(values) == tuple(expected)
    assert [f.name for f in inserter.fields[-2:]] == ["created_at", "updated_at"]


def test_many_rows_go_in_several_statements_with_their_history(world, monkeypatch):
    """More rows than one INSERT takes: the ids come back in the rows' order and each history
    row holds its own row's values."""
    monkeypatch.setattr(fastwrite, "SQLITE_ROWS_PER_STATEMENT", 7)
    inserter = _inserter(Activity, world, timezone.now())
    rows = [
        {
            "twinning_id": world.twinning.pk,
            "ref": f"R-{n}",
            "category": "health",
            "title": f"Activity {n}",
            "start_date": datetime.date(2020, 1, 1) + datetime.timedelta(days=n % 5),
            "created_by_id": world.coordinator.pk,
        }
        for n in range(40)
    ]
    ids = inserter.insert(rows)
    assert len(ids) == 40
    saved = {a.pk: a for a in Activity.objects.filter(pk__in=ids)}
    for row, pk in zip(rows, ids, strict=True):
        activity = saved[pk]
        assert (activity.ref, activity.title, activity.start_date) == (
            row["ref"],
            row["title"],
            row["start_date"],
        )
        entry = activity.history.get()
        assert (entry.ref, entry.title, entry.start_date, entry.created_at) == (
            activity.ref,
            activity.title,
            activity.start_date,
            activity.created_at,
        )
        assert entry.history_user == world.coordinator and entry.history_type == "+"
        assert entry.history_change_reason == "Imported from t.xlsx"


def test_the_collector_setting_is_put_back_after_jobs_even_nested():
    before = gc.get_threshold()
    with jobs.fewer_collections():
        assert gc.get_threshold()[0] == jobs.GC_THRESHOLD
        with jobs.fewer_collections():
            assert gc.get_threshold()[0] == jobs.GC_THRESHOLD
        assert gc.get_threshold()[0] == jobs.GC_THRESHOLD  # the outer job still runs
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), jobs.fewer_collections():
        raise RuntimeError
    assert gc.get_threshold() == before


def test_history_rows_of_ids_not_in_one_range_are_written_from_the_rows(world):
    """The history is copied by id range on SQLite only when the ids are one unbroken range;
    otherwise (and on PostgreSQL) it is written from the rows in Python."""
    inserter = _inserter(Activity, world, timezone.now())
    items = [
        {
            "twinning_id": world.twinning.pk,
            "ref": f"R-{n}",
            "category": "health",
            "title": f"Activity {n}",
            "start_date": datetime.date(2020, 1, 1 + n),
            "created_by_id": world.coordinator.pk,
        }
        for n in range(3)
    ]
    ids = inserter.insert(items)
    Activity.history.all().delete()
    rows = [inserter._row(item) for item in items]
    with connection.cursor() as cursor:
        inserter._insert_history(cursor, [rows[0], rows[2]], [ids[0], ids[2]])
    written = Activity.history.order_by("id")
    assert [(h.id, h.title, h.start_date) for h in written] == [
        (ids[0], "Activity 0", datetime.date(2020, 1, 1)),
        (ids[2], "Activity 2", datetime.date(2020, 1, 3)),
    ]
    assert {(h.history_type, h.history_user_id) for h in written} == {("+", world.coordinator.pk)}
