"""Each class of error is reported by row and column, in the user's language, and nothing is
written."""

import pytest

from twinning.activities.models import Activity
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import (
    ACTIVITY_HEADER,
    activity_rows,
    latest_job,
    preview,
    sign_in,
    upload,
    xlsx_bytes,
)


def _errors_for(client, world, rows, header=None):
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, header))
    job = latest_job()
    assert job.status == ImportJob.Status.INVALID, job.status
    assert not Activity.objects.exists()
    return job, [(e["row"], e["column"], e["code"]) for e in job.errors]


def _row(**changes):
    row = dict(zip(ACTIVITY_HEADER, activity_rows()[0], strict=True))
    row.update(changes)
    return [row[k] for k in ACTIVITY_HEADER]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"start_date": "2020-04-15"}, ("start_date", "bad_date")),
        ({"start_date": "04/15/2020"}, ("start_date", "bad_date")),
        ({"category": "cooking"}, ("category", "bad_choice")),
        ({"contributor": "Công ty Không Có"}, ("contributor", "unknown_contributor")),
        ({"value_vnd": 5_000_000}, ("value_vnd", "value_mismatch")),
        ({"unit_value_vnd": -8000, "value_vnd": ""}, ("unit_value_vnd", "negative")),
        ({"value_vnd": "-4.800.000"}, ("value_vnd", "negative")),
        ({"quantity": "many"}, ("quantity", "bad_number")),
        ({"contribution_kind": ""}, ("contribution_kind", "required")),
        ({"title": ""}, ("title", "required")),
        ({"beneficiary_count": ""}, ("beneficiary_count", "count_needed")),
    ],
)
def test_it_reports_the_error_by_row_and_column(client, world, changes, expected):
    job, errors = _errors_for(client, world, [_row(**changes)])
    assert errors == [(2, *expected)]


def test_it_shows_the_errors_in_the_users_language(client, world):
    job, errors = _errors_for(client, world, [_row(value_vnd=5_000_000)])
    page = preview(client, job)
    assert "The value must equal the quantity times the unit value: 4.800.000 đồng." in page.text
    assert "Value (đồng)" in page.text


def test_it_refuses_a_twinning_the_user_cannot_edit(client, world):
    header = ["twinning", *ACTIVITY_HEADER]
    rows = [[world.other_twinning.slug, *_row()], ["no-such-twinning", *_row(activity_ref="B")]]
    job, errors = _errors_for(client, world, rows, header)
    assert errors == [(2, "twinning", "no_twinning"), (3, "twinning", "no_twinning")]


def test_it_accepts_a_twinning_the_user_may_edit(client, world):
    header = ["twinning", *ACTIVITY_HEADER]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes([[world.twinning.slug, *_row()]], header))
    assert latest_job().status == ImportJob.Status.READY


def test_it_refuses_a_file_without_a_required_column(client, world):
    header = [k for k in ACTIVITY_HEADER if k != "title"]
    rows = [[v for k, v in zip(ACTIVITY_HEADER, _row(), strict=True) if k != "title"]]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, header))
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert job.refusal == {"code": "missing_columns", "params": {"columns": ["title"]}}
    page = preview(client, job)
    assert "Required columns are missing: “Title”." in page.text


def test_it_lists_every_error_of_the_file_at_once(client, world):
    rows = [
        _row(start_date="99/99/2020"),
        _row(activity_ref="A-9", category="???", value_vnd=1),
    ]
    _job, errors = _errors_for(client, world, rows)
    assert errors == [
        (2, "start_date", "bad_date"),
        (3, "category", "bad_choice"),
        (3, "value_vnd", "value_mismatch"),
    ]


def test_it_refuses_an_activity_repeated_with_other_values(client, world):
    rows = [_row(), _row(title="Other title", contributor="3400000001")]
    _job, errors = _errors_for(client, world, rows)
    assert errors == [(3, "activity_ref", "activity_differs")]


def test_it_refuses_rows_in_a_locked_year(client, world):
    locking = pytest.importorskip("twinning.locks.locking")
    locking.lock_year(world.twinning, 2020, world.approver)
    job, errors = _errors_for(client, world, [_row()])
    assert errors == [(2, "start_date", "year_locked")]
