"""Year locks: once a year's report is signed off, that year's records of the twinning are
read-only. Unlocking takes an approver and a reason; every lock and unlock stays recorded (a row
per locked period: unlocking closes the row, locking again opens a new one)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class YearLockQuerySet(models.QuerySet):
    def active(self):
        return self.filter(unlocked_at__isnull=True)


class YearLock(models.Model):
    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        related_name="year_locks",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"))
    note = models.CharField(
        _("note"),
        max_length=255,
        blank=True,
        help_text=_("For example the number and date of the signed report."),
    )
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unlocked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    reason = models.TextField(_("reason for unlocking"), blank=True)

    objects = YearLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("year lock")
        verbose_name_plural = _("year locks")
        ordering = ["twinning", "-year", "-locked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["twinning", "year"],
                condition=Q(unlocked_at__isnull=True),
                name="yearlock_one_active_per_year",
                violation_error_message=_("This year is already locked."),
            ),
            models.CheckConstraint(
                condition=Q(unlocked_at__isnull=True)
                | (Q(unlocked_by__isnull=False) & ~Q(reason="")),
                name="yearlock_unlock_has_who_and_why",
                violation_error_message=_("Unlocking needs the approver and a reason."),
            ),
            models.CheckConstraint(
                condition=Q(unlocked_at__isnull=True) | Q(unlocked_at__gte=models.F("locked_at")),
                name="yearlock_unlocked_after_locked",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="yearlock_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.twinning} {self.year}"

    @property
    def is_active(self) -> bool:
        return self.unlocked_at is None
