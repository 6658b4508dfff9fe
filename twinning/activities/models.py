"""What actually happened: activities, what was given (contributions), what it built (outputs),
who benefited (counts by group, and named recipients, which are personal data), and the files."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, Q, Value
from django.db.models.functions import Round
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.choices import Category, DatePrecision
from twinning.core.formatting import format_number
from twinning.core.models import TimeStamped, Versioned, WithProvenance

MONEY = {"validators": [MinValueValidator(0)]}


class BeneficiaryGroup(models.TextChoices):
    POLICY_FAMILIES = "policy_families", _("Policy families")
    POOR_HOUSEHOLDS = "poor_households", _("Poor households")
    NEAR_POOR_HOUSEHOLDS = "near_poor_households", _("Near-poor households")
    STUDENTS = "students", _("Students")
    CHILDREN = "children", _("Children")
    SCHOOLS = "schools", _("Schools")
    HOUSEHOLDS = "households", _("Households")
    RESIDENTS = "residents", _("Residents")
    OFFICIALS = "officials", _("Officials")
    TRADERS = "traders", _("Traders and businesses")
    OTHER = "other", _("Other")


class Occasion(models.TextChoices):
    NONE = "", _("None")
    TET = "tet", _("Lunar New Year (Tết)")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    CHILDREN_DAY = "children_day", _("Children's Day (1 June)")
    SCHOOL_YEAR = "school_year", _("New school year")
    ANNIVERSARY = "anniversary", _("Anniversary")
    WAR_INVALIDS_DAY = "war_invalids_day", _("War Invalids and Martyrs' Day (27 July)")
    NATIONAL_UNITY_DAY = "national_unity_day", _("National Great Unity Day (18 November)")
    EPIDEMIC = "epidemic", _("Epidemic response")
    OTHER = "other", _("Other")


class ActivityQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(start_date__year=year)

    def confirmed(self):
        return self.filter(confirmation=Activity.Confirmation.CONFIRMED)

    def published(self):
        return self.filter(published=True, confirmation=Activity.Confirmation.CONFIRMED)


class Activity(TimeStamped, Versioned, WithProvenance):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class Confirmation(models.TextChoices):
        PENDING = "pending", _("Awaiting the commune's confirmation")
        CONFIRMED = "confirmed", _("Confirmed by the commune")
        DISPUTED = "disputed", _("Disputed by the commune")

    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    plan_item = models.ForeignKey(
        "programmes.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    ref = models.CharField(
        _("reference"),
        max_length=80,
        blank=True,
        help_text=_(
            "A stable identifier from the source system or import, unique in the twinning."
        ),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("end date"), null=True, blank=True)
    place_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("place (unit)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    place = models.CharField(_("place"), max_length=255, blank=True)
    occasion = models.CharField(
        _("occasion"), max_length=20, choices=Occasion.choices, blank=True, default=Occasion.NONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    staff_count = models.PositiveIntegerField(_("sponsor staff taking part"), null=True, blank=True)
    reach_person_times = models.PositiveIntegerField(
        _("reach (person-times)"),
        null=True,
        blank=True,
        help_text=_('"Lượt người": how many people took part, counting each time.'),
    )
    confirmation = models.CharField(
        _("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    confirmation_note = models.TextField(_("commune's note or reason"), blank=True)
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public page once confirmed.")
    )

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["twinning", "start_date"], name="activity_twinning_date_idx"),
            models.Index(fields=["category"], name="activity_category_idx"),
            # The API's keyset order (and the newest-first lists read backwards): a page is an
            # index range, not a sort of every activity (530 ms at a million activities).
            models.Index(fields=["start_date", "id"], name="activity_date_id_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["twinning", "ref"], condition=~Q(ref=""), name="activity_ref_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(confirmation="pending") | Q(confirmed_at__isnull=False),
                name="activity_answer_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(confirmation="disputed") | ~Q(confirmation_note=""),
                name="activity_dispute_has_reason",
                violation_error_message=_("A dispute needs a reason."),
            ),
            models.CheckConstraint(
                condition=~Q(published=True) | Q(confirmation="confirmed"),
                name="activity_published_only_if_confirmed",
                violation_error_message=_(
                    "Only activities the commune confirmed can be published."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.start_date.year


# quantity × unit value in thousandths of a đồng, a whole number (see the constraint below).
_PRODUCT_MILLI = ExpressionWrapper(
    Round(F("quantity") * Value(1000)) * F("unit_value_vnd"), output_field=models.DecimalField()
)


def expected_value(quantity: Decimal | None, unit_value: int | None) -> int | None:
    """Return quantity × unit value in whole đồng (half rounds up), or None if either is missing."""
    if quantity is None or unit_value is None:
        return None
    return int((Decimal(quantity) * unit_value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Contribution(TimeStamped, Versioned, WithProvenance):
    """What one organisation gave to an activity: cash, goods or services, pledged or delivered.

    Money is an integer number of đồng (VND has no minor unit). When quantity, unit value and value
    are all given they must agree: 600 masks × 8,000 đ = 4,800,000 đ.
    """

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")
        SERVICE = "service", _("Service or labour")

    class Status(models.TextChoices):
        PLEDGED = "pledged", _("Pledged")
        DELIVERED = "delivered", _("Delivered")

    class Origin(models.TextChoices):
        DIRECT = "direct", _("The sponsor's own")
        MOBILISED = "mobilised", _("Mobilised from others")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="contributions"
    )
    ref = models.CharField(_("reference"), max_length=80, blank=True)
    contributor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    origin = models.CharField(
        _("origin"),
        max_length=10,
        choices=Origin.choices,
        help_text=_("Direct when the sponsor gives from its own means, mobilised otherwise."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    item = models.CharField(_("item"), max_length=255, blank=True)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    unit_value_vnd = models.BigIntegerField(_("unit value (VND)"), null=True, blank=True, **MONEY)
    value_vnd = models.BigIntegerField(_("value (VND)"), null=True, blank=True, **MONEY)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DELIVERED
    )
    pledged_on = models.DateField(_("pledged on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["activity", "pk"]
        indexes = [models.Index(fields=["contributor"], name="contribution_contributor_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "ref"], condition=~Q(ref=""), name="contribution_ref_unique"
            ),
            models.CheckConstraint(
                condition=Q(value_vnd__isnull=True) | Q(value_vnd__gte=0),
                name="contribution_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(unit_value_vnd__isnull=True) | Q(unit_value_vnd__gte=0),
                name="contribution_unit_value_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="contribution_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="cash") | Q(value_vnd__isnull=False),
                name="contribution_cash_has_value",
                violation_error_message=_("A cash contribution needs its value."),
            ),
            # value = quantity × unit value, rounded half up to the đồng, whenever all three are
            # given. Compared in thousandths of a đồng, as whole numbers: SQLite multiplies
            # decimals in binary floating point (0.011 × 361,500 comes out just below 3,976.5),
            # but whole numbers below 2**53 exactly; quantities have three decimal places.
            models.CheckConstraint(
                condition=Q(quantity__isnull=True)
                | Q(unit_value_vnd__isnull=True)
                | Q(value_vnd__isnull=True)
                | Q(
                    GreaterThan(F("value_vnd") * Value(1000), _PRODUCT_MILLI - Value(500)),
                    LessThanOrEqual(F("value_vnd") * Value(1000), _PRODUCT_MILLI + Value(500)),
                ),
                name="contribution_value_is_quantity_times_unit_value",
                violation_error_message=_(
                    "The value must equal the quantity times the unit value."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered")
                | Q(pledged_on__isnull=True)
                | Q(delivered_on__isnull=True)
                | Q(delivered_on__gte=F("pledged_on")),
                name="contribution_delivered_after_pledge",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contributor}: {self.item or self.get_kind_display()}"

    def clean(self):
        errors = {}
        expected = expected_value(self.quantity, self.unit_value_vnd)
        if expected is not None:
            if self.value_vnd is None:
                self.value_vnd = expected
            elif self.value_vnd != expected:
                # Grouped as the reader's language writes numbers: "4.800.000" in Vietnamese
                # reads as 4.8 in English, where it must be "4,800,000".
                errors["value_vnd"] = _(
                    "The value must equal the quantity times the unit value (%(expected)s)."
                ) % {"expected": format_number(expected)}
        if self.kind == self.Kind.CASH and self.value_vnd is None:
            errors["value_vnd"] = _("A cash contribution needs its value.")
        if self.quantity is not None and not self.unit and self.kind != self.Kind.CASH:
            errors["unit"] = _("Give the unit of the quantity.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.origin:
            self.origin = self.infer_origin()
        super().save(*args, **kwargs)

    def infer_origin(self) -> str:
        """Return DIRECT if the contributor is the twinning's sponsor (or a body it succeeded)."""
        sponsor = self.activity.twinning.sponsor
        related = sponsor.lineage_ids() | ({sponsor.succeeded_by_id} - {None})
        return self.Origin.DIRECT if self.contributor_id in related else self.Origin.MOBILISED


class Output(TimeStamped):
    """A physical result of an activity: 30 solar lamps installed, 1.5 km of road lit."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="outputs"
    )
    description = models.CharField(_("description"), max_length=255)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("unit"), max_length=40)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outputs",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="output_quantity_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quantity.normalize():f} {self.unit} — {self.description}"


class BeneficiaryCount(TimeStamped):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="beneficiaries"
    )
    group = models.CharField(_("group"), max_length=24, choices=BeneficiaryGroup.choices)
    count = models.PositiveIntegerField(_("count"))
    women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    ethnic_minority = models.PositiveIntegerField(
        _("of whom ethnic minorities"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("beneficiary count")
        verbose_name_plural = _("beneficiary counts")
        ordering = ["activity", "group"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "group"], name="beneficiary_group_once"),
            models.CheckConstraint(
                condition=Q(count__gte=0), name="beneficiary_count_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(women__isnull=True) | (Q(women__gte=0) & Q(women__lte=F("count"))),
                name="beneficiary_women_within_count",
                violation_error_message=_("Women cannot outnumber the count."),
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority__isnull=True)
                | (Q(ethnic_minority__gte=0) & Q(ethnic_minority__lte=F("count"))),
                name="beneficiary_minority_within_count",
                violation_error_message=_(
                    "Ethnic-minority beneficiaries cannot outnumber the count."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class Recipient(TimeStamped):
    """A named person or household who received support. Personal data (Law 91/2025/QH15):
    visible only to the twinning's coordinators and the commune's officers (access.py); every
    view or export is logged in PersonalDataAccess; anonymised after the retention period."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        HOUSEHOLD = "household", _("Household")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="recipients"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOUSEHOLD)
    full_name = models.CharField(_("full name"), max_length=120)
    group = models.CharField(_("group"), max_length=24, choices=BeneficiaryGroup.choices)
    village = models.CharField(_("village"), max_length=120, blank=True)
    is_minor = models.BooleanField(_("under 18"), default=False)
    support = models.CharField(_("support received"), max_length=255, blank=True)
    value_vnd = models.BigIntegerField(_("value (VND)"), null=True, blank=True, **MONEY)
    note = models.CharField(_("note"), max_length=255, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["activity", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_vnd__isnull=True) | Q(value_vnd__gte=0),
                name="recipient_value_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.full_name


class PersonalDataAccess(models.Model):
    """One line per view or export of named recipients: who, when, what, and why."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        EXPORT = "export", _("Exported")
        CHANGE = "change", _("Changed")
        API = "api", _("Read through the API")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    record_count = models.PositiveIntegerField(_("records"), default=0)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    path = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("personal-data access")
        verbose_name_plural = _("personal-data accesses")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.record_count}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """Return a storage path that keeps no user-chosen directory (no path traversal)."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(TimeStamped):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        MINUTES = "minutes", _("Minutes of handover")
        DECISION = "decision", _("Decision")
        RECEIPT = "receipt", _("Receipt")
        PLAN = "plan", _("Plan document")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    plan = models.ForeignKey(
        "programmes.AnnualPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="thumbnails/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    is_public = models.BooleanField(_("may appear on the public page"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(activity__isnull=False) & Q(plan__isnull=True))
                | (Q(activity__isnull=True) & Q(plan__isnull=False)),
                name="attachment_belongs_to_one_record",
            ),
            models.CheckConstraint(condition=Q(size__gte=0), name="attachment_size_not_negative"),
        ]

    def __str__(self) -> str:
        return self.original_name
