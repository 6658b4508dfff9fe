"""Ask and change whether a twinning's year is locked. Everything that writes records of a year
(views, API, imports) is held to it by the signals in signals.py; code that writes with
bulk_create or QuerySet.update bypasses signals and must call `assert_unlocked` itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.locks.models import YearLock


class YearLocked(ValidationError):
    """Raised when a record of a locked year would be created, changed or deleted."""

    def __init__(self, year: int):
        super().__init__(
            _(
                "The year %(year)s is locked because its report was signed off; its records "
                "can no longer be changed. An approver can unlock the year, giving a reason."
            ),
            code="year_locked",
            params={"year": year},
        )
        self.year = year


class LockError(ValidationError):
    """Raised when a lock or unlock cannot be done as asked."""


def _twinning_id(twinning) -> int:
    return twinning if isinstance(twinning, int) else twinning.pk


def is_locked(twinning, year: int) -> bool:
    """Return True if the twinning's year is locked now."""
    return YearLock.objects.active().filter(twinning_id=_twinning_id(twinning), year=year).exists()


def locked_years(twinning) -> set[int]:
    """Return the twinning's locked years."""
    return set(
        YearLock.objects.active()
        .filter(twinning_id=_twinning_id(twinning))
        .values_list("year", flat=True)
    )


def assert_unlocked(twinning, year: int) -> None:
    """Raise YearLocked if the twinning's year is locked."""
    if is_locked(twinning, year):
        raise YearLocked(year)


def assert_all_unlocked(pairs: Iterable[tuple[int, int]]) -> None:
    """Raise YearLocked for the first locked (twinning id, year) pair, in one query (imports)."""
    pairs = {(int(t), int(y)) for t, y in pairs if t is not None and y is not None}
    if not pairs:
        return
    twinnings = {t for t, _ in pairs}
    locked = set(
        YearLock.objects.active()
        .filter(twinning_id__in=twinnings)
        .values_list("twinning_id", "year")
    )
    for _twinning, year in sorted(pairs & locked):
        raise YearLocked(year)


def lock_year(twinning, year: int, user, note: str = "") -> YearLock:
    """Return the new lock of the twinning's year (the approver's sign-off)."""
    try:
        with transaction.atomic():
            return YearLock.objects.create(
                twinning_id=_twinning_id(twinning),
                year=year,
                locked_by=user,
                locked_at=timezone.now(),
                note=note.strip()[:255],
            )
    except IntegrityError:
        raise LockError(_("The year %(year)s is already locked."), params={"year": year}) from None


def unlock_year(twinning, year: int, user, reason: str) -> YearLock:
    """Return the lock of the twinning's year, now closed by `user` for `reason`."""
    reason = reason.strip()
    if not reason:
        raise LockError(_("Give the reason for unlocking the year."), code="reason_required")
    with transaction.atomic():
        lock = (
            YearLock.objects.active()
            .select_for_update()
            .filter(twinning_id=_twinning_id(twinning), year=year)
            .first()
        )
        if lock is None:
            raise LockError(_("The year %(year)s is not locked."), params={"year": year})
        lock.unlocked_by = user
        lock.unlocked_at = timezone.now()
        lock.reason = reason
        lock.save(update_fields=["unlocked_by", "unlocked_at", "reason"])
    return lock
