"""The agreement and its plans: programmes, twinnings, annual plans and their items."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.choices import Category, DatePrecision, Provenance
from twinning.core.models import TimeStamped, Versioned, WithProvenance
from twinning.core.text import unique_slug

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Programme(TimeStamped):
    """The policy frame, e.g. the province's twinning programme under Resolution 04."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("short address"), max_length=120, unique=True, blank=True)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="programmes",
        null=True,
        blank=True,
        help_text=_("Empty for a national programme."),
    )
    coordinating_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("coordinating body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordinated_programmes",
    )
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.ENTERED
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=F("start_year")),
                name="programme_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Programme, self.short_name or self.name)
        super().save(*args, **kwargs)


class TwinningQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Twinning.Status.ACTIVE)


class Twinning(TimeStamped, WithProvenance):
    """A sponsor organisation twinned with a commune, from a signing date on."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        ENDED = "ended", _("Ended")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="twinnings"
    )
    slug = models.SlugField(_("short address"), max_length=120, unique=True, blank=True)
    sponsor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="sponsored_twinnings",
    )
    partner_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("partner commune"),
        on_delete=models.PROTECT,
        related_name="twinnings",
    )
    partner_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner's People's Committee"),
        on_delete=models.PROTECT,
        related_name="partner_twinnings",
    )
    signed_on = models.DateField(
        _("signed on"),
        help_text=_(
            "When only the month is known, the first day of the month with precision 'month'."
        ),
    )
    signed_on_precision = models.CharField(
        _("precision of the signing date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    signed_on_note = models.CharField(
        _("signing date as reported"),
        max_length=120,
        blank=True,
        help_text=_('e.g. "end of August 2016"'),
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    objectives = models.TextField(_("objectives"), blank=True)

    objects = TwinningQuerySet.as_manager()

    class Meta:
        verbose_name = _("twinning")
        verbose_name_plural = _("twinnings")
        ordering = ["programme", "sponsor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "sponsor", "partner_unit"], name="twinning_unique_pair"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("signed_on")),
                name="twinning_ends_after_signing",
            ),
            models.CheckConstraint(
                condition=~Q(sponsor=F("partner_organisation")),
                name="twinning_two_distinct_parties",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} — {self.partner_unit}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Twinning, f"{self.sponsor.short_name or self.sponsor.name} {self.partner_unit.name}"
            )
        super().save(*args, **kwargs)

    def clean(self):
        if self.partner_unit_id and self.partner_unit.level != "commune":
            raise ValidationError({"partner_unit": _("The partner must be a commune.")})

    @property
    def start_year(self) -> int:
        return self.signed_on.year


class AnnualPlanQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)


class AnnualPlan(TimeStamped, Versioned):
    """One exchange-and-twinning plan a year, approved by the sponsor and agreed by the commune."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    twinning = models.ForeignKey(
        Twinning, verbose_name=_("twinning"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreed by the commune"),
    )
    agreed_at = models.DateTimeField(_("agreed by the commune at"), null=True, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.ENTERED
    )

    history = HistoricalRecords()
    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["twinning", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["twinning", "year"], name="plan_one_per_twinning_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="plan_year_plausible"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="plan_approved_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="plan_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.twinning} — {self.year}"

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None

    @property
    def is_adopted(self) -> bool:
        """True once the sponsor has approved and the commune has agreed."""
        return self.status == self.Status.APPROVED and self.is_agreed


class PlanItem(TimeStamped, Versioned):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    target_quantity = models.DecimalField(
        _("target quantity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    target_unit = models.CharField(_("unit"), max_length=40, blank=True)
    budget_vnd = models.BigIntegerField(
        _("budget (VND)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    due_month = models.PositiveSmallIntegerField(
        _("due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_quarter = models.PositiveSmallIntegerField(
        _("due quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    target_beneficiaries = models.CharField(_("target beneficiaries"), max_length=255, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_into",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_vnd__isnull=True) | Q(budget_vnd__gte=0),
                name="planitem_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True) | Q(target_quantity__gte=0),
                name="planitem_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | (Q(due_month__gte=1) & Q(due_month__lte=12)),
                name="planitem_due_month_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_quarter__isnull=True)
                | (Q(due_quarter__gte=1) & Q(due_quarter__lte=4)),
                name="planitem_due_quarter_valid",
            ),
            models.CheckConstraint(
                condition=Q(due_month__isnull=True) | Q(due_quarter__isnull=True),
                name="planitem_due_month_or_quarter",
                violation_error_message=_("Give a due month or a due quarter, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.due_month and self.due_quarter:
            raise ValidationError(
                {"due_quarter": _("Give a due month or a due quarter, not both.")}
            )

    @property
    def due_date(self) -> datetime.date | None:
        """Return the last day the item is due: end of its month or quarter, if any."""
        year = self.plan.year
        month = self.due_month or (self.due_quarter * 3 if self.due_quarter else None)
        if month is None:
            return None
        if month == 12:
            return datetime.date(year, 12, 31)
        return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)
