"""How background work starts: a process per job, or a timer running the pending ones."""

import sys

from django.core.management import call_command

from twinning.imports import jobs
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import activity_rows, sign_in, upload, xlsx_bytes


def _queued_job(client, world, settings):
    settings.IMPORT_INLINE_MAX_BYTES = 0
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECK_QUEUED
    return job


def test_the_web_process_starts_run_import_for_a_large_file(
    client, world, settings, monkeypatch, django_capture_on_commit_callbacks
):
    started = []

    class FakeProcess:
        def __init__(self, args, **kwargs):
            started.append((args, kwargs))

        def wait(self):
            return 0

    settings.IMPORT_WORKER = "subprocess"
    monkeypatch.setattr(jobs.subprocess, "Popen", FakeProcess)
    with django_capture_on_commit_callbacks(execute=True):
        job = _queued_job(client, world, settings)
    ((args, kwargs),) = started
    assert args == [sys.executable, "-m", "twinning", "run_import", str(job.pk)]
    assert kwargs["start_new_session"] is True


def test_run_import_pending_checks_then_commits(client, world, settings):
    job = _queued_job(client, world, settings)
    call_command("run_import", pending=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMIT_QUEUED)
    call_command("run_import", str(job.pk))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.summary["created"]["activities"] == 2


def test_a_job_is_run_by_one_worker_only(client, world, settings):
    job = _queued_job(client, world, settings)
    other = ImportJob.objects.get(pk=job.pk)
    assert jobs.claim(job, ImportJob.Status.CHECK_QUEUED, ImportJob.Status.CHECKING)
    assert not jobs.claim(other, ImportJob.Status.CHECK_QUEUED, ImportJob.Status.CHECKING)
