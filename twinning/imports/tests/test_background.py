"""A file of 100,000 rows is checked and written in the background, with progress reported in
the ImportJob row while it runs; the progress page polls it with HTMX."""

import io
import os
import time

import pytest
import xlsxwriter
from django.urls import reverse

from twinning.activities.models import Activity, BeneficiaryCount, Contribution
from twinning.imports import jobs
from twinning.imports.models import ImportBatch, ImportJob
from twinning.imports.tests.helpers import ACTIVITY_HEADER, commit, latest_job, sign_in, upload

ROWS = int(os.environ.get("IMPORT_TEST_ROWS", "100000"))
CONTRIBUTIONS_PER_ACTIVITY = 10


def large_workbook(rows: int = ROWS) -> bytes:
    """Return an XLSX of `rows` contributions, ten per activity, written with constant memory."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    sheet = workbook.add_worksheet("Data")
    sheet.write_row(0, 0, ACTIVITY_HEADER)
    contributors = ["Công ty TNHH Ánh Dương", "3400000001"]
    for n in range(rows):
        activity = n // CONTRIBUTIONS_PER_ACTIVITY
        quantity = n % 50 + 1
        first = n % CONTRIBUTIONS_PER_ACTIVITY == 0
        sheet.write_row(
            n + 1,
            0,
            [
                f"L-{activity}",
                "gifts",
                f"Gifts {activity}",
                f"{activity % 28 + 1:02d}/{activity % 12 + 1:02d}/{2016 + activity % 8}",
                contributors[n % 2],
                "in_kind",
                f"item {n}",
                quantity,
                "suất",
                1000 + n,
                quantity * (1000 + n),
                "households" if first else "",
                (activity % 90) + 10 if first else "",
            ],
        )
    workbook.close()
    return buffer.getvalue()


@pytest.mark.django_db(transaction=False)
def test_a_file_of_100000_rows_goes_through_the_background_path(client, world, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 10_000  # this file is far larger: background
    content = large_workbook()
    sign_in(client, world.coordinator)
    response = upload(client, world.twinning, content, "large.xlsx")
    job = latest_job()
    assert job.status == ImportJob.Status.CHECK_QUEUED
    # The upload leads to the progress page, which polls every second with HTMX.
    page = client.get(response.url)
    assert 'hx-trigger="every 1s"' in page.text
    progress_url = reverse("imports:progress", kwargs={"slug": world.twinning.slug, "pk": job.pk})
    assert client.get(progress_url, headers={"HX-Request": "true"}).status_code == 200

    # The worker, run here in the test's thread; the progress is read back from the job row.
    seen: list[int] = []

    def observe(_job):
        seen.append(ImportJob.objects.values_list("processed_rows", flat=True).get(pk=job.pk))

    started = time.perf_counter()
    jobs.run(ImportJob.objects.get(pk=job.pk), on_progress=observe)
    check_seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, (job.refusal, job.errors[:3])
    assert job.total_rows == ROWS
    assert len(seen) >= ROWS // jobs.PROGRESS_EVERY and seen == sorted(seen)
    assert seen[0] < seen[-2] <= ROWS
    # Once finished, the poll sends the browser to the preview.
    done = client.get(progress_url, headers={"HX-Request": "true"})
    assert done.headers["HX-Redirect"].endswith(f"/imports/{job.pk}/")

    response = commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMIT_QUEUED
    assert response.url.endswith(f"/imports/{job.pk}/")
    started = time.perf_counter()
    jobs.run(job)
    commit_seconds = time.perf_counter() - started
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.refusal
    assert Contribution.objects.count() == ROWS
    assert Activity.objects.count() == ROWS // CONTRIBUTIONS_PER_ACTIVITY
    assert BeneficiaryCount.objects.count() == ROWS // CONTRIBUTIONS_PER_ACTIVITY
    assert Contribution.history.filter(history_user=world.coordinator).count() == ROWS
    assert ImportBatch.objects.get().created["contributions"] == ROWS
    result = client.get(
        reverse("imports:result", kwargs={"slug": world.twinning.slug, "pk": job.pk})
    )
    shown = f"{ROWS:,}"
    assert f"{shown} contributions" in result.text.replace(".", ",")
    print(
        f"\n{ROWS:,} rows: check {check_seconds:.1f} s, commit {commit_seconds:.1f} s "
        "(memory: see scripts in the closing note; tracemalloc would slow this test down)"
    )


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_commit_reports_its_progress_while_its_transaction_is_open(
    client, world, settings, monkeypatch
):
    from django.db import connection

    from twinning.imports import committing

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the commit shows no percentage there")
    settings.IMPORT_INLINE_MAX_BYTES = 0
    settings.IMPORT_INLINE_MAX_ROWS = 0
    settings.IMPORT_CHUNK_SIZE = 300
    sign_in(client, world.coordinator)
    upload(client, world.twinning, large_workbook(3000), "medium.xlsx")
    job = latest_job()
    jobs.run(job)
    assert job.status == ImportJob.Status.READY
    commit(client, job)
    seen = []
    report = committing.SideProgress.report

    def observed(self, row):
        report(self, row)
        # Read committed: the import's own connection sees what the side connection wrote.
        seen.append(ImportJob.objects.values_list("processed_rows", flat=True).get(pk=job.pk))

    monkeypatch.setattr(committing.SideProgress, "report", observed)
    jobs.run(ImportJob.objects.get(pk=job.pk))
    assert len(seen) == 10 and seen == sorted(seen) and seen[0] == 300 and seen[-1] == 3000
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
