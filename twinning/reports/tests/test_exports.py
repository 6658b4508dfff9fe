"""Large exports: streamed files read back, the background job from request to download, who
may see a job, its progress, why it failed, and old files deleted."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from twinning.organisations.models import Membership
from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.reports import export_jobs, exports
from twinning.reports.models import ExportJob
from twinning.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def export_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORT_WORKER = "inline"
    settings.LANGUAGE_CODE = "en"
    return settings


@pytest.fixture
def gifts(world):
    masks = add_activity(
        world.twinning, "Khẩu trang", category="health", start_date=datetime.date(2020, 4, 10)
    )
    add_contribution(masks, world.sponsor, item="Khẩu trang", quantity=600, unit_value_vnd=8_000)
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1500, unit_value_vnd=8_000)
    books = add_activity(
        world.other_twinning, "Sách vở", category="education", start_date=datetime.date(2021, 9, 5)
    )
    add_contribution(books, world.other_sponsor, item="Sách", quantity=200, unit_value_vnd=10_000)
    return masks


def _as(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _start(client, **data):
    return client.post("/exports/", {"kind": "contributions", "file_format": "xlsx", **data})


def _rows_of(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]


def test_a_province_export_runs_from_request_to_download(client, world, gifts):
    client = _as(client, world.overseer)
    response = _start(client, province=world.province.pk)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exports/{job.pk}/"
    assert job.status == ExportJob.Status.DONE and job.processed_rows == job.total_rows == 3
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert f"/exports/{job.pk}/download/" in page
    download = client.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    rows = _rows_of(b"".join(download.streaming_content))
    assert rows[0][:3] == ("Contribution id", "Twinning", "Sponsor")
    assert len(rows) == 4
    by_item = {row[12]: row for row in rows[1:]}
    books = by_item["Sách"]
    assert books[2] == "Sở Giáo dục và Đào tạo" and books[16] == 2_000_000
    assert books[5] == datetime.datetime(2021, 9, 5)  # a real date cell
    assert sorted(row[16] for row in rows[1:]) == [2_000_000, 4_800_000, 12_000_000]


def test_the_workbook_has_formats_a_frozen_header_and_filters(client, world, gifts, tmp_path):
    path = tmp_path / "c.xlsx"
    assert exports.export_contributions_xlsx([world.twinning.pk], path) == 2
    sheet = load_workbook(path)["contributions"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S3"
    assert sheet["Q2"].number_format == "#,##0" and sheet["Q2"].data_type == "n"
    assert sheet["F2"].number_format == "dd/mm/yyyy" and sheet["F2"].is_date
    assert {sheet[f"C{n}"].value for n in (2, 3)} == {"Sở Công Thương tỉnh Bình Thuận"}


def test_a_department_exports_only_its_own_twinnings(client, world, gifts):
    client = _as(client, world.coordinator)
    _start(client, file_format="csv")
    job = ExportJob.objects.get()
    body = b"".join(client.get(f"/exports/{job.pk}/download/").streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(lines) == 3
    assert {line[2] for line in lines[1:]} == {"Sở Công Thương tỉnh Bình Thuận"}
    assert {line[5] for line in lines[1:]} == {"2020-04-10"}


def test_activities_export_as_csv(client, world, gifts):
    client = _as(client, world.overseer)
    _start(client, kind="activities", file_format="csv")
    job = ExportJob.objects.get()
    body = b"".join(client.get(f"/exports/{job.pk}/download/").streaming_content)
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0][:2] == ["Activity id", "Twinning"]
    assert sorted(line[6] for line in lines[1:]) == ["Khẩu trang", "Sách vở"]


def test_another_user_gets_404_on_the_job(client, world, gifts):
    _start(_as(client, world.overseer))
    job = ExportJob.objects.get()
    client.logout()
    client = _as(client, world.coordinator)
    for tail in ("", "progress/", "download/"):
        assert client.get(f"/exports/{job.pk}/{tail}").status_code == 404
    client.logout()
    assert _as(client, world.administrator).get(f"/exports/{job.pk}/download/").status_code == 200


def test_a_role_without_export_may_not_ask(client, world, gifts):
    assert _start(_as(client, world.viewer)).status_code == 403
    client.logout()
    assert _as(client, world.contributor).get("/exports/").status_code == 403
    assert not ExportJob.objects.exists()


def test_the_progress_endpoint_returns_the_state(client, world, gifts, settings):
    settings.EXPORT_WORKER = "manual"
    client = _as(client, world.overseer)
    _start(client)
    job = ExportJob.objects.get()
    waiting = client.get(f"/exports/{job.pk}/progress/", headers={"HX-Request": "true"})
    text = waiting.content.decode()
    assert 'data-status="queued"' in text and "Waiting to start" in text
    assert 'hx-trigger="every 1s"' in text  # it keeps polling
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.RUNNING, total_rows=3, processed_rows=1
    )
    running = client.get(f"/exports/{job.pk}/progress/").content.decode()
    assert "1 of 3 rows" in running and 'value="33"' in running
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED)
    call_command("run_export", "--pending", stdout=io.StringIO())
    done = client.get(f"/exports/{job.pk}/progress/").content.decode()
    assert 'data-status="done"' in done and "hx-trigger" not in done
    assert f"/exports/{job.pk}/download/" in done


def test_a_failed_job_says_why(client, world, gifts, settings):
    settings.EXPORT_WORKER = "manual"
    client = _as(client, world.coordinator)
    _start(client)
    job = ExportJob.objects.get()
    Membership.objects.filter(user=world.coordinator).delete()  # rights lost before it runs
    export_jobs.run(ExportJob.objects.select_related("user").get(pk=job.pk))
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.error == "no_rights"
    page = client.get(f"/exports/{job.pk}/").content.decode()
    assert "You may no longer export any twinning of this choice." in page
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


def test_a_bad_choice_is_explained(client, world, gifts):
    response = _start(_as(client, world.overseer), kind="everything")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_old_exports_are_deleted(client, world, gifts, settings):
    settings.EXPORT_RETENTION_DAYS = 3
    old = ExportJob.objects.create(
        user=world.overseer, kind="activities", file_format="csv", status=ExportJob.Status.DONE
    )
    old.file.save("old.csv", ContentFile(b"a,b\n"))
    name = old.file.name
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )
    recent = ExportJob.objects.create(user=world.overseer, kind="activities", file_format="csv")
    assert default_storage.exists(name)
    _start(_as(client, world.overseer))  # a new job clears the old ones
    assert not default_storage.exists(name)
    assert set(ExportJob.objects.values_list("pk", flat=True)) >= {recent.pk}
    assert not ExportJob.objects.filter(pk=old.pk).exists()


def test_past_the_row_limit_rows_go_on_to_another_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "EXCEL_MAX_ROWS", 3)
    rows = [(n, f"row {n}", datetime.date(2020, 1, n)) for n in range(1, 6)]
    path = tmp_path / "x.xlsx"
    count = exports.write_xlsx(iter(rows), ["n", "text", "date"], ["int", "text", "date"], path)
    workbook = load_workbook(path, read_only=True)
    assert count == 5 and workbook.sheetnames == ["data", "data (2)", "data (3)"]
    values = [list(s.iter_rows(values_only=True)) for s in workbook.worksheets]
    assert [len(v) for v in values] == [3, 3, 2]  # each with its header
    assert [row[0] for v in values for row in v[1:]] == [1, 2, 3, 4, 5]


def test_text_that_looks_like_a_formula_stays_text(world, tmp_path):
    activity = add_activity(world.twinning, '=HYPERLINK("http://x")')
    add_contribution(activity, world.business, item="+1 cái", quantity=1, unit_value_vnd=5)
    exports.export_contributions_xlsx(None, tmp_path / "f.xlsx")
    sheet = load_workbook(tmp_path / "f.xlsx")["contributions"]
    # The one neutraliser of core.formatting: text, shown with its apostrophe, never a formula.
    assert sheet["G2"].value == '\'=HYPERLINK("http://x")' and sheet["G2"].data_type == "s"
    exports.export_contributions_csv(None, tmp_path / "f.csv")
    with open(tmp_path / "f.csv", encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle))
    assert lines[1][6] == '\'=HYPERLINK("http://x")' and lines[1][12] == "'+1 cái"


def test_the_command_refuses_an_unknown_export(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No export not-an-id"):
        call_command("run_export", "not-an-id", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Give an export"):
        call_command("run_export", stdout=io.StringIO())
