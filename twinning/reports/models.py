"""The reports app's own records: the summary kept exact on every write, and the editable texts
of a report (legal bases, assessment, direction, recommendations, number, signer, recipients)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.core.choices import Category


class ContributionSummary(models.Model):
    """Value and number of contributions by twinning, year, category, origin, kind and status.

    Kept exact by the signals in `summary.py` in the transaction of every change; only the
    contributions of activities that are not cancelled are counted (as in the reports).
    """

    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    origin = models.CharField(_("origin"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10)
    status = models.CharField(_("status"), max_length=10)
    value_vnd = models.BigIntegerField(_("value (VND)"), default=0)
    contributions = models.IntegerField(_("contributions"), default=0)

    class Meta:
        verbose_name = _("contribution summary")
        verbose_name_plural = _("contribution summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["twinning", "year", "category", "origin", "kind", "status"],
                name="contribution_summary_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.twinning_id} {self.year} {self.category} {self.origin} {self.kind}"


class ActivitySummary(models.Model):
    """Number of activities (not cancelled) by twinning, year and category."""

    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    activities = models.IntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("activity summary")
        verbose_name_plural = _("activity summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["twinning", "year", "category"], name="activity_summary_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.twinning_id} {self.year} {self.category}: {self.activities}"


class ProgrammeContributionSummary(models.Model):
    """ContributionSummary added up per programme: what a dashboard of whole programmes (a
    province, the nation) reads, a few thousand rows instead of a million. Kept exact by the same
    delta path (`summary.add_deltas` and the signals), in the same transaction."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    origin = models.CharField(_("origin"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10)
    status = models.CharField(_("status"), max_length=10)
    value_vnd = models.BigIntegerField(_("value (VND)"), default=0)
    contributions = models.IntegerField(_("contributions"), default=0)

    class Meta:
        verbose_name = _("programme contribution summary")
        verbose_name_plural = _("programme contribution summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "category", "origin", "kind", "status"],
                name="programme_contribution_summary_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year} {self.category} {self.origin} {self.kind}"


class ProgrammeActivitySummary(models.Model):
    """ActivitySummary added up per programme (activities not cancelled)."""

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    activities = models.IntegerField(_("activities"), default=0)

    class Meta:
        verbose_name = _("programme activity summary")
        verbose_name_plural = _("programme activity summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "category"], name="programme_activity_summary_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.year} {self.category}: {self.activities}"


class ContributorSummary(models.Model):
    """Value and number of contributions by contributor, programme, year and status (of
    activities not cancelled): the "top contributors" of whole programmes or the nation."""

    contributor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10)
    value_vnd = models.BigIntegerField(_("value (VND)"), default=0)
    contributions = models.IntegerField(_("contributions"), default=0)

    class Meta:
        verbose_name = _("contributor summary")
        verbose_name_plural = _("contributor summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "programme", "year", "status"],
                name="contributor_summary_key",
            )
        ]
        indexes = [
            models.Index(fields=["programme", "status", "year"], name="contributor_summary_scope")
        ]

    def __str__(self) -> str:
        return f"{self.contributor_id} {self.programme_id} {self.year} {self.status}"


class TwinningTotals(models.Model):
    """One row per twinning with its totals over all years (activities not cancelled): what the
    overview lists, sorts and pages through without adding up the summary per request."""

    twinning = models.OneToOneField(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary_row",
    )
    activities = models.IntegerField(_("activities"), default=0)
    contributions = models.IntegerField(_("contributions"), default=0)
    total_vnd = models.BigIntegerField(_("delivered value (VND)"), default=0)
    direct_vnd = models.BigIntegerField(_("direct (VND)"), default=0)
    mobilised_vnd = models.BigIntegerField(_("mobilised (VND)"), default=0)
    cash_vnd = models.BigIntegerField(_("cash (VND)"), default=0)
    in_kind_vnd = models.BigIntegerField(_("in kind (VND)"), default=0)
    service_vnd = models.BigIntegerField(_("service (VND)"), default=0)
    pledged_vnd = models.BigIntegerField(_("pledged (VND)"), default=0)

    class Meta:
        verbose_name = _("twinning totals")
        verbose_name_plural = _("twinning totals")

    def __str__(self) -> str:
        return f"{self.twinning_id}: {self.total_vnd}"


class ReportDraft(models.Model):
    """The free-text parts of a twinning report for a span of years, drafted from the data and
    edited before export; the figures themselves always come from the queries."""

    class Scope(models.TextChoices):
        AS_IT_WAS = "as_it_was", _("As it was (the units of the time)")
        AS_IT_IS = "as_it_is", _("As it is now (today's units, merged communes added in)")

    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="report_drafts",
    )
    year_from = models.PositiveSmallIntegerField(_("from year"))
    year_to = models.PositiveSmallIntegerField(_("to year"))
    language = models.CharField(_("language"), max_length=5, default="vi")
    scope = models.CharField(
        _("units"), max_length=10, choices=Scope.choices, default=Scope.AS_IT_WAS
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    legal_bases = models.TextField(_("legal bases (Căn cứ)"), blank=True)
    situation = models.TextField(_("situation (I)"), blank=True)
    assessment = models.TextField(_("assessment (III)"), blank=True)
    direction = models.TextField(_("direction and tasks (IV)"), blank=True)
    recommendations = models.TextField(_("recommendations (V)"), blank=True)
    signer_authority = models.CharField(
        _("signing authority"), max_length=60, blank=True, help_text=_('e.g. "KT. GIÁM ĐỐC"')
    )
    signer_title = models.CharField(_("signer's title"), max_length=60, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    recipients = models.TextField(
        _("recipients (Nơi nhận)"), blank=True, help_text=_("One per line.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["twinning", "year_from", "year_to", "language", "scope"],
                name="report_draft_once",
            ),
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")), name="report_draft_years_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.twinning} {self.year_from}–{self.year_to} ({self.language})"


class ExportJob(models.Model):
    """A large export (every activity or contribution of a province, or of all the twinnings a
    user may export) made in the background; its file is kept in the default storage (local
    folder or S3-compatible) for EXPORT_RETENTION_DAYS days. Only its requester, or an
    administrator, may download it."""

    class Kind(models.TextChoices):
        CONTRIBUTIONS = "contributions", _("Every contribution")
        ACTIVITIES = "activities", _("Every activity")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel (.xlsx)"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: every twinning you may export."),
    )
    language = models.CharField(_("language"), max_length=5, default="vi")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows in all"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=120, blank=True)
    error = models.CharField(_("why it failed"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="export_job_user_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.file_format}) {self.created_at:%Y-%m-%d}"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
