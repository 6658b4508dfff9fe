"""Importing activities with their contributions and beneficiary counts, all or nothing."""

from decimal import Decimal

from twinning.activities.models import Activity, BeneficiaryCount, Contribution
from twinning.core.choices import Provenance
from twinning.imports.models import ImportBatch, ImportJob
from twinning.imports.tests.helpers import (
    activity_rows,
    commit,
    csv_bytes,
    latest_job,
    preview,
    sign_in,
    upload,
    xlsx_bytes,
)


def test_it_imports_a_workbook_after_a_preview(client, world):
    sign_in(client, world.coordinator)
    response = upload(client, world.twinning, xlsx_bytes(activity_rows()), "gifts.xlsx")
    job = latest_job()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.READY, job.errors
    page = preview(client, job)
    assert page.status_code == 200
    assert "2 activities" in page.text and "3 contributions" in page.text
    assert not Activity.objects.exists()  # nothing before the commit

    response = commit(client, job)
    assert response.status_code == 302 and response.url.endswith("/result/")
    masks = Activity.objects.get(twinning=world.twinning, ref="A-1")
    assert masks.provenance == Provenance.IMPORTED
    assert masks.provenance_detail == "gifts.xlsx, row 2"
    assert masks.created_by == world.coordinator
    assert masks.history.get().history_user == world.coordinator
    contributions = Contribution.objects.filter(activity=masks).order_by("pk")
    assert [c.value_vnd for c in contributions] == [4_800_000, 2_000_000]
    assert contributions[0].quantity == Decimal("600") and contributions[0].unit == "cái"
    assert contributions[0].provenance_detail == "gifts.xlsx, row 2"
    assert contributions[0].origin == Contribution.Origin.MOBILISED
    assert contributions[1].history.get().history_user == world.coordinator
    gifts = Activity.objects.get(ref="A-2")
    assert gifts.category == "gifts"
    assert gifts.contributions.get().value_vnd == 15_000_000
    assert BeneficiaryCount.objects.get(activity=gifts).group == "poor_households"
    assert BeneficiaryCount.objects.get(activity=masks).history.get().history_user == (
        world.coordinator
    )
    result = client.get(response.url)
    assert "2 activities" in result.text
    # The reports' summary of totals took the bulk rows in, as if each had been saved.
    from twinning.reports import summary

    assert summary.differences() == []
    assert summary.stored_activities()


def test_it_imports_the_same_rows_from_a_csv_file(client, world):
    sign_in(client, world.coordinator)
    upload(client, world.twinning, csv_bytes(activity_rows()), "gifts.csv")
    job = latest_job()
    assert job.file_format == "csv" and job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    assert Activity.objects.count() == 2 and Contribution.objects.count() == 3


def test_it_accepts_column_names_and_labels_in_vietnamese(client, world):
    header = ["Mã hoạt động", "Lĩnh vực", "Tiêu đề", "Ngày"]
    from django.utils import translation

    from twinning.imports.columns import LAYOUTS

    layout = LAYOUTS["activities"]
    with translation.override("vi"):
        header = [str(layout.column(k).label) for k in ("activity_ref", "category", "title")]
        header.append(str(layout.column("start_date").label) + " *")
        category = str(dict(layout.column("category").choices.choices)["training"])
    sign_in(client, world.coordinator)
    upload(
        client,
        world.twinning,
        xlsx_bytes([["V-1", category, "Lớp tập huấn", "05/03/2020"]], header),
    )
    job = latest_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    activity = Activity.objects.get(ref="V-1")
    assert activity.category == "training"
    assert activity.start_date.isoformat() == "2020-03-05"  # dd/mm/yyyy, never mm/dd


def test_a_second_import_of_the_same_file_adds_nothing(client, world):
    sign_in(client, world.coordinator)
    content = xlsx_bytes(activity_rows())
    upload(client, world.twinning, content)
    commit(client, latest_job())
    assert Activity.objects.count() == 2

    upload(client, world.twinning, content)
    again = latest_job()
    assert again.status == ImportJob.Status.READY
    page = preview(client, again)
    assert "already imported" in page.text
    commit(client, again)
    again.refresh_from_db()
    assert again.status == ImportJob.Status.DONE
    assert again.summary["created"] == {}
    assert Activity.objects.count() == 2 and Contribution.objects.count() == 3
    assert ImportBatch.objects.count() == 1


def test_rows_whose_activity_is_already_recorded_are_skipped(client, world):
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()[:2]))
    commit(client, latest_job())
    # Another file with one known activity and one new one: only the new one is added.
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    job = latest_job()
    assert job.summary["counts"]["skipped_rows"] == 2
    commit(client, job)
    assert Activity.objects.count() == 2 and Contribution.objects.count() == 3


def test_a_file_whose_last_row_is_wrong_writes_nothing(client, world):
    rows = activity_rows() + [
        ["A-3", "health", "Soap", "31/02/2021", "Công ty TNHH Ánh Dương", "cash", "", "", "",
         "", 1000, "", ""]
    ]  # fmt: skip
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows))
    job = latest_job()
    assert job.status == ImportJob.Status.INVALID
    assert job.errors == [
        {"row": 5, "column": "start_date", "code": "bad_date", "params": {"value": "31/02/2021"}}
    ]
    page = preview(client, job)
    assert page.status_code == 422
    assert "31/02/2021" in page.text and "dd/mm/yyyy" in page.text
    # No way to commit it.
    commit(client, job)
    assert not Activity.objects.exists() and not Contribution.objects.exists()
    assert not ImportBatch.objects.exists()


def test_the_imported_rows_keep_one_transaction_when_the_database_refuses(client, world):
    """A row the database refuses at the very end (a reference taken since the preview)
    leaves nothing written."""
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    job = latest_job()
    from twinning.imports import committing

    original = committing.update_summary_after_import

    def fail(*args):
        raise RuntimeError("boom")

    committing.update_summary_after_import = fail
    try:
        commit(client, job)
    finally:
        committing.update_summary_after_import = original
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert not Activity.objects.exists() and not Contribution.objects.exists()
    assert not ImportBatch.objects.exists()


def test_the_same_file_imported_into_another_twinning_is_other_data(client, world):
    from twinning.organisations.models import Membership, Role

    Membership.objects.create(
        user=world.coordinator, organisation=world.other_sponsor, role=Role.COORDINATOR
    )
    sign_in(client, world.coordinator)
    content = xlsx_bytes(activity_rows())
    upload(client, world.twinning, content)
    commit(client, latest_job())
    upload(client, world.other_twinning, content)
    job = latest_job()
    assert "already_imported" not in job.summary
    commit(client, job)
    assert Activity.objects.filter(twinning=world.other_twinning).count() == 2


def test_each_imported_row_has_a_history_row_with_its_values(client, world):
    """The commit writes rows and history in bulk without the ORM: each history row must hold
    the row's own values, the '+' type, the importing user and the file as the reason."""
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()), "gifts.xlsx")
    commit(client, latest_job())
    contributions = Contribution.objects.filter(activity__twinning=world.twinning)
    assert contributions.count() == 3
    for contribution in contributions:
        entry = contribution.history.get()
        assert entry.history_type == "+"
        assert entry.history_change_reason == "Imported from gifts.xlsx"
        for name in ("activity_id", "contributor_id", "quantity", "unit", "value_vnd", "kind",
                     "origin", "status", "provenance_detail", "created_by_id", "created_at"):  # fmt: skip
            assert getattr(entry, name) == getattr(contribution, name), name
    for activity in Activity.objects.filter(twinning=world.twinning):
        entry = activity.history.get()
        assert (entry.title, entry.start_date, entry.category) == (
            activity.title,
            activity.start_date,
            activity.category,
        )
