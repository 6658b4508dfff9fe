"""Spreadsheet imports: one ImportJob per uploaded file (its checks, progress and outcome), and one
ImportBatch per batch written, whose fingerprint makes a second import of the same data a no-op."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    ACTIVITIES = "activities", _("Activities, contributions and beneficiaries")
    INDICATORS = "indicators", _("Indicator values")
    ORGANISATIONS = "organisations", _("Organisations")


class ImportJob(models.Model):
    """One uploaded file, from its checks to its commit. A worker (inline for small files, the
    `run_import` command for large ones) moves it through the statuses and reports progress."""

    class Status(models.TextChoices):
        CHECK_QUEUED = "check_queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking the rows")
        REFUSED = "refused", _("Refused")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to import")
        COMMIT_QUEUED = "commit_queued", _("Waiting to be written")
        COMMITTING = "committing", _("Writing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.CHECK_QUEUED, Status.CHECKING, Status.COMMIT_QUEUED, Status.COMMITTING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    language = models.CharField(_("language"), max_length=8, default="vi")
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)  # xlsx or csv, from the content
    file = models.FileField(_("file"), upload_to="imports/")
    checked_file = models.CharField(_("checked rows"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECK_QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # Errors are stored as codes and parameters, rendered in the reader's language.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    refusal = models.JSONField(_("refusal"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="importjob_status_idx")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class ImportBatch(models.Model):
    """A batch that was written. Its fingerprint is the SHA-256 of the normalised rows: the same
    data uploaded again (even re-saved, or as CSV instead of XLSX) is recognised and adds nothing."""

    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind.choices)
    job = models.OneToOneField(
        ImportJob, verbose_name=_("import"), on_delete=models.PROTECT, related_name="batch"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created = models.JSONField(_("records created"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported batch")
        verbose_name_plural = _("imported batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
