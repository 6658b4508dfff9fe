"""Saving a year's indicator values for a commune, all or nothing."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from twinning.core.versioning import StaleVersion, save_if_unchanged
from twinning.indicators.models import IndicatorValue


class StaleValues(Exception):
    """Someone else changed some of the values: `stale` maps each form to the stored record
    (None when the record was deleted meanwhile)."""

    def __init__(self, stale: dict):
        super().__init__("stale indicator values")
        self.stale = stale


def _as(instance, user):
    instance._history_user = user
    return instance


def save_year(unit, year: int, forms, user) -> int:
    """Return how many values were created, changed or cleared. Runs in one transaction: when
    one value is stale, nothing is saved and StaleValues lists them all."""
    stale = {}
    saved = 0
    with transaction.atomic():
        for form in forms:
            if not form.is_changed:
                continue
            data = form.cleaned_data
            expected = data.get("expected_version")
            current = form.current
            if current is None:
                try:
                    with transaction.atomic():
                        _as(
                            IndicatorValue(
                                admin_unit=unit,
                                indicator=form.indicator,
                                year=year,
                                value=data["value"],
                                is_lower_bound=data["is_lower_bound"],
                                note=data.get("note") or "",
                                created_by=user,
                            ),
                            user,
                        ).save()
                except IntegrityError:  # someone entered it meanwhile
                    stale[form] = IndicatorValue.objects.filter(
                        admin_unit=unit, indicator=form.indicator, year=year
                    ).first()
                    continue
            elif data.get("value") is None:
                deleted, _ = IndicatorValue.objects.filter(pk=current.pk, version=expected).delete()
                if not deleted:
                    stale[form] = IndicatorValue.objects.filter(pk=current.pk).first()
                    continue
            else:
                current.value = data["value"]
                current.is_lower_bound = data["is_lower_bound"]
                current.note = data.get("note") or ""
                try:
                    save_if_unchanged(_as(current, user), expected or 0)
                except StaleVersion as error:
                    stale[form] = error.current
                    continue
                except IndicatorValue.DoesNotExist:
                    stale[form] = None
                    continue
            saved += 1
        if stale:
            transaction.set_rollback(True)
    if stale:
        raise StaleValues(stale)
    return saved
