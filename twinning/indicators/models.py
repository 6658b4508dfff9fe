"""How the commune is doing: indicators and their yearly values, ethnic groups and composition."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from twinning.core.models import TimeStamped, Versioned, WithProvenance

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class Indicator(models.Model):
    class Unit(models.TextChoices):
        PERCENT = "percent", _("per cent")
        COUNT = "count", _("count")
        PEOPLE = "people", _("people")
        HOUSEHOLDS = "households", _("households")
        VND = "vnd", _("đồng")
        KM = "km", _("km")
        BOOLEAN = "met", _("met / not met")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("In Vietnamese, as reports write it.")
    )
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.localized_name()

    def localized_name(self, language: str | None = None) -> str:
        """Return the name in the given (or active) language, falling back to Vietnamese."""
        from django.utils import translation

        lang = (language or translation.get_language() or "vi")[:2]
        return {"en": self.name_en, "ar": self.name_ar}.get(lang) or self.name


class IndicatorValue(TimeStamped, Versioned, WithProvenance):
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="indicator_values",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=3)
    is_lower_bound = models.BooleanField(
        _("at least this value"),
        default=False,
        help_text=_('For figures reported as "over 40%".'),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["admin_unit", "indicator", "year"], name="indicatorvalue_once_a_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100),
                name="indicatorvalue_year_plausible",
            ),
            # No unit an indicator can have (per cent, count, people, households, đồng, km,
            # met / not met) takes a negative value, so the database can hold this much of
            # clean()'s rule; the upper bound of a percentage depends on the indicator.
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="indicatorvalue_not_negative",
                violation_error_message=_("An indicator value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.indicator_id and self.value is not None:
            unit = self.indicator.unit
            if unit == Indicator.Unit.PERCENT and not (0 <= self.value <= 100):
                raise ValidationError({"value": _("A percentage lies between 0 and 100.")})
            if unit != Indicator.Unit.PERCENT and self.value < 0:
                raise ValidationError({"value": _("This indicator cannot be negative.")})
            # Reports read a "met / not met" value as a yes or a no: 2 or 0.5 would mean nothing.
            if unit == Indicator.Unit.BOOLEAN and self.value not in (0, 1):
                raise ValidationError({"value": _("Give 1 for met or 0 for not met.")})


class EthnicGroup(models.Model):
    """One of the 54 ethnic groups Vietnam recognises, with the statistics office's code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    other_names = models.CharField(_("other names"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class EthnicComposition(TimeStamped, WithProvenance):
    """The share of one ethnic group in a unit's population, in a year."""

    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="ethnic_composition",
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    ethnic_group = models.ForeignKey(
        EthnicGroup, verbose_name=_("ethnic group"), on_delete=models.PROTECT, related_name="+"
    )
    share_percent = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    is_majority = models.BooleanField(_("largest group"), default=False)

    class Meta:
        verbose_name = _("ethnic composition")
        verbose_name_plural = _("ethnic composition")
        ordering = ["admin_unit", "year", "-share_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["admin_unit", "year", "ethnic_group"], name="ethnic_composition_once"
            ),
            models.CheckConstraint(
                condition=Q(share_percent__isnull=True)
                | (Q(share_percent__gte=0) & Q(share_percent__lte=100)),
                name="ethnic_share_is_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ethnic_group} ({self.year})"
