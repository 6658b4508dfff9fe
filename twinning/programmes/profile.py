"""The commune's profile on the twinning page, across the 1 July 2025 reorganisation.

A twinning signed with old Đông Giang commune keeps its figures under that name: the trends
describe the former commune. Since old Đông Giang and old Đông Tiến were merged into the new
Đông Giang commune, the profile also says which unit it describes, tells the unit's history
(merged from ..., on 01/07/2025) and shows the present unit's figures:

- the present unit's own recorded value when there is one;
- otherwise, for figures that add up (population, households, counts), the sum of the merged
  units' values of the latest year for which every one of them has a value;
- for rates, a rate weighted by its denominator (households, population) when every merged unit
  has both for the same year; otherwise the former commune's rate, said to be that (a rate is
  never added up).

Four queries whatever the number of indicators and values.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from twinning.geo.models import AdminChange, AdminUnit
from twinning.indicators.models import Indicator, IndicatorValue

# Indicators whose values add up over communes.
ADDITIVE_UNITS = {"people", "households", "count"}
# The denominator of a rate, by the rate's code: the weights of a merged rate.
DENOMINATORS = {
    "poor_household_rate": "households",
    "near_poor_household_rate": "households",
    "poor_and_near_poor_rate": "households",
    "households_with_electricity": "households",
    "ethnic_minority_share": "population",
}

RECORDED, SUM, WEIGHTED, FORMER = "recorded", "sum", "weighted", "former"


@dataclass
class PresentFigure:
    """One indicator of the unit in force today."""

    indicator: Indicator
    year: int
    value: Decimal
    how: str  # RECORDED, SUM, WEIGHTED or FORMER
    parts: list[tuple[str, Decimal]] = field(default_factory=list)  # (unit name, its value)
    is_lower_bound: bool = False


@dataclass
class UnitChange:
    """A change that made the unit in force today: merged from `before` on `effective_on`."""

    kind: str
    kind_label: str
    effective_on: datetime.date
    before: list[AdminUnit]
    after: AdminUnit
    legal_reference: str

    @property
    def before_names(self) -> str:
        return ", ".join(unit.name for unit in self.before)


@dataclass
class CommuneProfile:
    unit: AdminUnit  # the unit the twinning was signed with (the figures of the trends)
    current: AdminUnit  # the unit in force today (the same unit if nothing changed)
    history: list[UnitChange]
    present: list[PresentFigure]

    @property
    def changed(self) -> bool:
        return self.current.pk != self.unit.pk or bool(self.history)

    @property
    def merged_units(self) -> list[AdminUnit]:
        return [unit for change in self.history for unit in change.before]


def _current_unit(unit: AdminUnit, successors: dict[int, set[int]], units: dict) -> AdminUnit:
    """Follow the unit through its changes to the unit of the same level in force today."""
    seen, frontier = {unit.pk}, [unit.pk]
    while frontier:
        for nxt in successors.get(frontier.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    in_force = [
        units[pk]
        for pk in seen
        if pk in units and units[pk].valid_until is None and units[pk].level == unit.level
    ]
    if unit.valid_until is None or not in_force:
        return unit
    return sorted(in_force, key=lambda u: u.pk)[0]


def commune_profile(unit: AdminUnit, up_to: int | None = None) -> CommuneProfile:
    """Return the profile of the twinning's commune: which unit, its history, its figures now.

    With `up_to` (a report's last year) the figures are those known for that year or before,
    and a figure the merged units cannot give is the former commune's, said to be that, for
    counts as for rates: a report of a past period never shows a later value."""
    changes = list(
        AdminChange.objects.filter(Q(units_before=unit) | Q(units_after=unit))
        .distinct()
        .order_by("effective_on", "pk")
    )
    # The changes that touch the unit, or the unit it became (one level deep is what the 2025
    # reorganisation did; a second round would be followed the same way).
    change_ids = [change.pk for change in changes]
    befores = AdminChange.units_before.through.objects.filter(adminchange_id__in=change_ids)
    afters = AdminChange.units_after.through.objects.filter(adminchange_id__in=change_ids)
    pairs_before = list(befores.values_list("adminchange_id", "adminunit_id"))
    pairs_after = list(afters.values_list("adminchange_id", "adminunit_id"))
    ids = {unit.pk} | {pk for _c, pk in pairs_before} | {pk for _c, pk in pairs_after}
    units = {u.pk: u for u in AdminUnit.objects.filter(pk__in=ids).select_related("parent")}
    after_by_change: dict[int, set[int]] = {}
    for change_id, unit_id in pairs_after:
        after_by_change.setdefault(change_id, set()).add(unit_id)
    before_by_change: dict[int, set[int]] = {}
    for change_id, unit_id in pairs_before:
        before_by_change.setdefault(change_id, set()).add(unit_id)
    successors: dict[int, set[int]] = {}
    for change_id, before_ids in before_by_change.items():
        for before_id in before_ids:
            successors.setdefault(before_id, set()).update(
                after_by_change.get(change_id, set()) - {before_id}
            )
    current = _current_unit(unit, successors, units)

    history = []
    for change in changes:
        after_ids = after_by_change.get(change.pk, set())
        if current.pk not in after_ids:
            continue
        before = sorted(
            (units[pk] for pk in before_by_change.get(change.pk, ()) if pk in units),
            key=lambda u: (u.pk != unit.pk, u.name),  # the twinning's own unit first
        )
        history.append(
            UnitChange(
                kind=change.kind,
                kind_label=change.get_kind_display(),
                effective_on=change.effective_on,
                before=before,
                after=current,
                legal_reference=change.legal_reference,
            )
        )
    merged = [u for change in history for u in change.before if u.pk != current.pk]
    present = _present_figures(unit, current, merged, up_to) if history else []
    return CommuneProfile(unit=unit, current=current, history=history, present=present)


def _present_figures(
    unit: AdminUnit, current: AdminUnit, merged: list[AdminUnit], up_to: int | None = None
) -> list[PresentFigure]:
    """Return the present unit's figures: its own, added up, weighted, or the former commune's
    (1 query)."""
    unit_ids = [current.pk, *[u.pk for u in merged]]
    values: dict[tuple[int, str, int], IndicatorValue] = {}
    indicators: dict[str, Indicator] = {}
    found = IndicatorValue.objects.filter(admin_unit_id__in=unit_ids)
    if up_to is not None:
        found = found.filter(year__lte=up_to)
    for value in found.select_related("indicator").order_by(
        "indicator__position", "indicator__code", "year", "updated_at"
    ):
        values[(value.admin_unit_id, value.indicator.code, value.year)] = value
        indicators.setdefault(value.indicator.code, value.indicator)

    def years(unit_id: int, code: str) -> set[int]:
        return {year for (uid, c, year) in values if uid == unit_id and c == code}

    figures = []
    for code, indicator in indicators.items():
        own = years(current.pk, code)
        if own:
            year = max(own)
            value = values[(current.pk, code, year)]
            figures.append(
                PresentFigure(
                    indicator, year, value.value, RECORDED, is_lower_bound=value.is_lower_bound
                )
            )
            continue
        if not merged:
            continue
        common = set.intersection(*(years(u.pk, code) for u in merged))
        if indicator.unit in ADDITIVE_UNITS:
            if common:
                year = max(common)
                parts = [(u.name, values[(u.pk, code, year)].value) for u in merged]
                total = sum((v for _n, v in parts), Decimal(0))
                figures.append(PresentFigure(indicator, year, total, SUM, parts))
                continue
            if up_to is None:
                continue
        weight = DENOMINATORS.get(code)
        weighted_years = (
            common & set.intersection(*(years(u.pk, weight) for u in merged)) if weight else set()
        )
        if weighted_years:
            year = max(weighted_years)
            parts = [(u.name, values[(u.pk, code, year)].value) for u in merged]
            weights = [values[(u.pk, weight, year)].value for u in merged]
            denominator = sum(weights, Decimal(0))
            if denominator:
                rate = (
                    sum((v * w for (_n, v), w in zip(parts, weights, strict=True)), Decimal(0))
                    / denominator
                )
                figures.append(
                    PresentFigure(indicator, year, rate.quantize(Decimal("0.1")), WEIGHTED, parts)
                )
                continue
        former = years(unit.pk, code)
        if former and unit.pk != current.pk:
            year = max(former)
            value = values[(unit.pk, code, year)]
            figures.append(
                PresentFigure(
                    indicator, year, value.value, FORMER, is_lower_bound=value.is_lower_bound
                )
            )
    return figures
