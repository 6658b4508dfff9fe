"""Running a large export in the background, the way imports run (imports.jobs): the web
process starts `twinning run_export <id>` (EXPORT_WORKER = "subprocess"), or a timer runs
`twinning run_export --pending` ("manual"), or, in tests, the request runs it ("inline"). The
state lives in the ExportJob row, so any app process can serve the progress bar; the file goes
to the default storage, so an S3-compatible storage works as a local folder does.

The rows are those of the twinnings on which the requesting user has
Capability.EXPORT_SUMMARY when the job runs (not when it was asked for): rights lost in between
make the job fail, saying so.
"""

from __future__ import annotations

import datetime
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from twinning import access
from twinning.access import Capability
from twinning.reports import exports
from twinning.reports.models import ExportJob

logger = logging.getLogger("twinning.reports")
Status = ExportJob.Status

REASONS = {
    "no_rights": _("You may no longer export any twinning of this choice."),
    "internal": _(
        "The export stopped because of an error on the server. Try again; if it fails again, "
        "tell an administrator."
    ),
}


def reason(job: ExportJob) -> str:
    """Return why the job failed, in the current language."""
    return str(REASONS.get(job.error, REASONS["internal"])) if job.error else ""


def twinnings_for(job: ExportJob):
    """Return the twinnings the job covers: those the user may export, in the province (and
    the provinces merged into it) if one was chosen."""
    from twinning.geo.lineage import predecessor_ids

    twinnings = access.twinnings_with(job.user, Capability.EXPORT_SUMMARY)
    if job.province_id:
        twinnings = twinnings.filter(programme__province_id__in=predecessor_ids({job.province_id}))
    return twinnings


def _update(job: ExportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ExportJob.objects.filter(pk=job.pk).update(**fields)


def run(job: ExportJob) -> ExportJob:
    """Write the job's file (once: only the process that moves it from QUEUED runs it)."""
    now = timezone.now()
    if not ExportJob.objects.filter(pk=job.pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=now
    ):
        job.refresh_from_db()
        return job
    job.status, job.started_at = Status.RUNNING, now
    with translation.override(job.language):
        try:
            _write(job)
        except Exception:
            logger.exception("export %s failed", job.pk)
            _update(job, status=Status.FAILED, error="internal", finished_at=timezone.now())
    return job


def _write(job: ExportJob) -> None:
    twinnings = twinnings_for(job)
    if not twinnings.exists():
        _update(job, status=Status.FAILED, error="no_rights", finished_at=timezone.now())
        return
    ids = list(twinnings.values_list("pk", flat=True))
    rows = exports.QUERIES[job.kind](ids)
    _update(job, total_rows=rows.count(), processed_rows=0)
    exporter = exports.EXPORTERS[(job.kind, job.file_format)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{job.file_format}"
        count = exporter(rows, path, on_progress=lambda done: _update(job, processed_rows=done))
        with path.open("rb") as handle:
            name = default_storage.save(f"exports/{job.pk}.{job.file_format}", File(handle))
    stamp = timezone.localdate().isoformat()
    _update(
        job,
        status=Status.DONE,
        file=name,
        file_name=f"{job.kind}-{stamp}.{job.file_format}",
        processed_rows=count,
        total_rows=max(count, job.total_rows),
        finished_at=timezone.now(),
    )


def start(job: ExportJob) -> None:
    """Run the job now (inline), in a new process once the transaction commits (subprocess), or
    leave it to `run_export --pending` (manual)."""
    worker = settings.EXPORT_WORKER
    if worker == "inline":
        run(job)
    elif worker == "subprocess":
        from django.db import transaction

        from twinning.imports.jobs import spawn_command

        transaction.on_commit(lambda: spawn_command("run_export", str(job.pk)))


def purge_old(days: int | None = None) -> int:
    """Delete the exports (files and rows) requested more than `days` days ago (by default
    EXPORT_RETENTION_DAYS); return how many."""
    days = settings.EXPORT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = ExportJob.objects.filter(created_at__lt=cutoff).exclude(status=Status.RUNNING)
    count = 0
    for job in old.only("pk", "file"):
        if job.file:
            try:
                default_storage.delete(job.file.name)
            except OSError:
                logger.warning("export %s: could not delete %s", job.pk, job.file.name)
                continue
        job.delete()
        count += 1
    return count
