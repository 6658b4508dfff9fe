"""Administrative units and how they change over time.

A unit is identified by its code *and* its validity period: code 23074 names old Đông Giang
commune (Hàm Thuận Bắc district, Bình Thuận) until 30 June 2025 and the new, larger Đông Giang
commune of Lâm Đồng from 1 July 2025. The database refuses two units of one level whose codes
match and whose periods overlap (a trigger on SQLite, an exclusion constraint on PostgreSQL; see
migration 0002).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AdminUnitQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date) -> AdminUnitQuerySet:
        """Return the units in force on `day`."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def current(self) -> AdminUnitQuerySet:
        return self.filter(valid_until__isnull=True)


class AdminUnit(models.Model):
    class Level(models.TextChoices):
        COUNTRY = "country", _("Country")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        VILLAGE = "village", _("Village")

    code = models.CharField(
        _("official code"),
        max_length=16,
        blank=True,
        help_text=_("The national statistics office's code; villages usually have none."),
    )
    name = models.CharField(_("name"), max_length=120)
    type_name = models.CharField(
        _("type"), max_length=40, blank=True, help_text=_('As written in Vietnamese: "Xã", "Tỉnh".')
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("The last day the unit existed.")
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "code", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="geo_adminunit_period_ordered",
                violation_error_message=_("A unit cannot end before it begins."),
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=~Q(code=""),
                name="geo_adminunit_code_start_unique",
            ),
        ]
        indexes = [models.Index(fields=["code"], name="geo_adminunit_code_idx")]

    def __str__(self) -> str:
        return f"{self.type_name} {self.name}".strip()

    @property
    def full_name(self) -> str:
        """Return the unit with its parents, as an address: "Xã Đông Giang, Huyện Hàm Thuận Bắc, Tỉnh Bình Thuận"."""
        parts, unit = [], self
        while unit is not None and unit.level != self.Level.COUNTRY:
            parts.append(str(unit))
            unit = unit.parent
        return ", ".join(parts)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def province(self) -> AdminUnit | None:
        """Return the province this unit belonged to (itself for a province)."""
        unit = self
        while unit is not None and unit.level != self.Level.PROVINCE:
            unit = unit.parent
        return unit

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.code:
            overlapping = AdminUnit.objects.filter(level=self.level, code=self.code).exclude(
                pk=self.pk
            )
            if self.valid_until:
                overlapping = overlapping.filter(
                    Q(valid_from__isnull=True) | Q(valid_from__lte=self.valid_until)
                )
            if self.valid_from:
                overlapping = overlapping.filter(
                    Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from)
                )
            if overlapping.exists():
                raise ValidationError(
                    {"code": _("Another unit of this level has this code in the same period.")}
                )


class AdminChange(models.Model):
    """A merge, split, rename or transfer of units on one date, under one legal act."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        RENAME = "rename", _("Rename")
        TRANSFER = "transfer", _("Transfer to another parent")
        DISSOLVE = "dissolve", _("Dissolution")
        ESTABLISH = "establish", _("Establishment")

    effective_on = models.DateField(_("effective on"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    legal_reference = models.CharField(_("legal reference"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    units_before = models.ManyToManyField(
        AdminUnit, verbose_name=_("units before"), related_name="changes_out", blank=True
    )
    units_after = models.ManyToManyField(
        AdminUnit, verbose_name=_("units after"), related_name="changes_in", blank=True
    )

    class Meta:
        verbose_name = _("administrative change")
        verbose_name_plural = _("administrative changes")
        ordering = ["effective_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"
