"""Running an import: checking the rows, then writing them in one transaction.

Small files run inside the request. Large ones run in the background: the web process starts
`twinning run_import <job id>` as a separate process (settings.IMPORT_WORKER = "subprocess"), or,
where a deployment forbids that, a scheduled `twinning run_import --pending` picks queued jobs up
(IMPORT_WORKER = "manual"). Either way the state lives in the ImportJob row, so the page that
shows the progress may be served by any app process, on SQLite as on PostgreSQL. This is simpler
than django-tasks here: no worker to deploy and no extra tables, and the job row is needed anyway
for the preview.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from twinning.imports.checks import CHECKERS
from twinning.imports.files import Refusal, is_blank, open_rows
from twinning.imports.models import ImportBatch, ImportJob, ImportKind

logger = logging.getLogger("twinning.imports")
Status = ImportJob.Status
PROGRESS_EVERY = 1000
# The spool's JSON, as json.dumps(record, ensure_ascii=False, separators=(",", ":")) writes it,
# without building an encoder for every row.
encode_record = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

ProgressCallback = Callable[[ImportJob], None] | None

# The garbage collector's first threshold while a job runs (Python's default is 700).
GC_THRESHOLD = 10_000
_gc_lock = threading.Lock()
_gc_jobs = 0
_gc_saved: tuple[int, int, int] | None = None


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Let the garbage collector run less often during a job's check or commit.

    Reading a workbook and checking its rows allocate millions of short-lived objects; with the
    default threshold the collector runs every 700 of them and walks, in its older generations,
    the whole of Django and the app's modules too. That cost a 100,000-row import about 1.2 s
    of 9 (measured). Here the objects that exist before the job are frozen (never walked again
    until the job ends) and collections come 14 times less often; memory stays bounded, since
    they still run. Jobs in several threads of one process share the setting: the first to
    start changes it, the last to end puts it back."""
    global _gc_jobs, _gc_saved
    with _gc_lock:
        if _gc_jobs == 0:
            _gc_saved = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(GC_THRESHOLD, *_gc_saved[1:])
        _gc_jobs += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_jobs -= 1
            if _gc_jobs == 0:
                gc.set_threshold(*_gc_saved)
                gc.unfreeze()


def _update(job: ImportJob, **fields) -> None:
    """Write fields of the job at once (autocommit: other processes see them immediately)."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def claim(job: ImportJob, queued: str, running: str) -> bool:
    """Return True if this process moved the job from `queued` to `running` (only one can)."""
    now = timezone.now()
    won = ImportJob.objects.filter(pk=job.pk, status=queued).update(
        status=running, started_at=now, heartbeat_at=now, processed_rows=0
    )
    if won:
        job.status, job.started_at, job.heartbeat_at = running, now, now
        job.processed_rows = 0
    return bool(won)


def run_check(job: ImportJob, on_progress: ProgressCallback = None) -> ImportJob:
    """Check every row of the job's file and store the outcome: REFUSED (the file as a whole),
    INVALID (row errors, listed by row and column) or READY (with the normalised rows spooled
    to storage and the batch's fingerprint)."""
    if job.status == Status.CHECK_QUEUED and not claim(job, Status.CHECK_QUEUED, Status.CHECKING):
        return job
    with translation.override(job.language), fewer_collections():
        try:
            _check(job, on_progress)
        except Refusal as refusal:
            _update(
                job, status=Status.REFUSED, refusal=refusal.as_dict(), finished_at=timezone.now()
            )
        except Exception:
            logger.exception("import %s: checking failed", job.pk)
            _update(
                job,
                status=Status.REFUSED,
                refusal={"code": "internal", "params": {}},
                finished_at=timezone.now(),
            )
    return job


def _check(job: ImportJob, on_progress: ProgressCallback) -> None:
    checker = CHECKERS[job.kind](job, max_errors=settings.IMPORT_MAX_ERRORS_SHOWN)
    # Rows that leave the twinning column empty belong to the page's twinning: the same file
    # imported into another twinning is other data. Organisations belong to no twinning.
    scope = "" if job.kind == ImportKind.ORGANISATIONS else str(job.twinning_id)
    fingerprint = hashlib.sha256(f"{job.kind}\n{scope}\n".encode())
    limit = settings.IMPORT_MAX_ROWS
    with (
        job.file.open("rb") as handle,
        tempfile.NamedTemporaryFile("w+", encoding="utf-8", suffix=".jsonl") as spool,
    ):
        announced, rows = open_rows(handle, job.file_format)
        _update(job, total_rows=max(announced - 1, 0), processed_rows=0)
        header_seen = False
        for number, values in rows:
            if is_blank(values):
                continue
            if not header_seen:
                checker.read_header(values)
                header_seen = True
                continue
            if checker.rows >= limit:
                raise Refusal("too_many_rows", limit=f"{limit:,}".replace(",", "."))
            outcome = checker.check(number, values)
            if outcome is not None:
                canonical, record = outcome
                fingerprint.update((canonical + "\n").encode("utf-8", "surrogatepass"))
                if record and checker.error_count == 0:
                    spool.write(encode_record(record) + "\n")
            if checker.rows % PROGRESS_EVERY == 0:
                _update(job, processed_rows=checker.rows, heartbeat_at=timezone.now())
                if on_progress:
                    on_progress(job)
        if not header_seen:
            raise Refusal("no_header")
        if checker.rows == 0:
            raise Refusal("no_rows")
        summary = checker.summary()
        done = {
            "total_rows": checker.rows,
            "processed_rows": checker.rows,
            "error_count": checker.error_count,
            "errors": checker.errors,
            "summary": summary,
            "finished_at": timezone.now(),
        }
        if checker.error_count:
            _update(job, status=Status.INVALID, **done)
            return
        spool.flush()
        spool.seek(0)
        name = default_storage.save(f"imports/checked/{job.pk}.jsonl", File(spool))
        digest = fingerprint.hexdigest()
        previous = ImportBatch.objects.filter(fingerprint=digest).select_related("job").first()
        if previous is not None:
            summary["already_imported"] = {
                "at": previous.created_at.isoformat(),
                "file": previous.job.original_name,
            }
        _update(job, status=Status.READY, checked_file=name, fingerprint=digest, **done)
    if on_progress:
        on_progress(job)


def run_commit(job: ImportJob, on_progress: ProgressCallback = None) -> ImportJob:
    """Write the checked rows in one transaction and mark the job DONE, or FAILED with nothing
    written."""
    from twinning.imports.committing import RightsLost, YearLockedSinceCheck, commit

    if job.status == Status.COMMIT_QUEUED and not claim(
        job, Status.COMMIT_QUEUED, Status.COMMITTING
    ):
        return job
    with translation.override(job.language), fewer_collections():
        try:
            created = commit(job)
        except (RightsLost, YearLockedSinceCheck) as problem:
            code = "rights_lost" if isinstance(problem, RightsLost) else "year_locked"
            _update(
                job,
                status=Status.FAILED,
                refusal={"code": code, "params": {}},
                finished_at=timezone.now(),
            )
        except Exception:
            logger.exception("import %s: writing failed", job.pk)
            _update(
                job,
                status=Status.FAILED,
                refusal={"code": "internal", "params": {}},
                finished_at=timezone.now(),
            )
        else:
            summary = {**job.summary, "created": created}
            _update(job, status=Status.DONE, summary=summary, finished_at=timezone.now())
            # The normalised rows served their purpose; the uploaded file stays as the record.
            if job.checked_file:
                default_storage.delete(job.checked_file)
    if on_progress:
        on_progress(job)
    return job


def run(job: ImportJob, on_progress: ProgressCallback = None) -> ImportJob:
    """Run whatever the job waits for (the worker's entry point)."""
    if job.status == Status.CHECK_QUEUED:
        return run_check(job, on_progress)
    if job.status == Status.COMMIT_QUEUED:
        return run_commit(job, on_progress)
    return job


def start_background(job: ImportJob) -> None:
    """Start a worker process for the job once the current transaction has committed."""
    if settings.IMPORT_WORKER != "subprocess":
        return
    transaction.on_commit(lambda: spawn_command("run_import", str(job.pk)))


def spawn_command(*args: str) -> None:
    """Start `twinning <args>` as a separate process (imports here, large exports in
    reports.export_jobs): not stopped with the request, reaped when it ends."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "twinning.settings"),
    }
    process = subprocess.Popen(  # a fixed command line; the arguments are ids
        [sys.executable, "-m", "twinning", *args],
        cwd=str(settings.PROJECT_DIR),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=None,
        start_new_session=True,  # not stopped with the request, nor by the server's signals
    )
    # Reap the process when it ends, so that no zombie stays behind in the web process.
    threading.Thread(target=process.wait, daemon=True).start()
