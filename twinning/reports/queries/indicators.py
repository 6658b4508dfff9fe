"""The commune's profile: indicators by year and the ethnic composition."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    F,
    Subquery,
)

from twinning.indicators.models import EthnicComposition, Indicator, IndicatorValue

# ---------------------------------------------------------------------------------------------
# The commune's profile: indicators and ethnic composition


@dataclass
class IndicatorPoint:
    year: int
    value: Decimal
    is_lower_bound: bool
    note: str


@dataclass
class IndicatorTrend:
    indicator: Indicator
    points: list[IndicatorPoint]

    @property
    def latest(self) -> IndicatorPoint | None:
        return self.points[-1] if self.points else None

    @property
    def change(self) -> Decimal | None:
        """Return the latest value minus the first (None with fewer than two years)."""
        if len(self.points) < 2:
            return None
        return self.points[-1].value - self.points[0].value

    @property
    def improving(self) -> bool | None:
        change = self.change
        if not change:
            return None
        return (change > 0) == self.indicator.higher_is_better


def indicator_trends(unit_ids) -> list[IndicatorTrend]:
    """Return, for each indicator with values in the given units, its values by year (1 query).
    When several units (a commune and those merged into it) hold a value for the same year, the
    latest-updated one wins."""
    trends: dict[int, IndicatorTrend] = {}
    values = (
        IndicatorValue.objects.filter(admin_unit_id__in=unit_ids)
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code", "year", "updated_at")
    )
    for value in values:
        trend = trends.setdefault(value.indicator_id, IndicatorTrend(value.indicator, []))
        point = IndicatorPoint(value.year, value.value, value.is_lower_bound, value.note)
        if trend.points and trend.points[-1].year == value.year:
            trend.points[-1] = point
        else:
            trend.points.append(point)
    return list(trends.values())


@dataclass
class EthnicShare:
    name: str
    share_percent: Decimal | None
    population: int | None
    is_majority: bool


def latest_ethnic_composition(
    unit_id: int, up_to: int | None = None
) -> tuple[int | None, list[EthnicShare]]:
    """Return the latest year with an ethnic composition for the unit (not after `up_to` when
    given) and the groups that year: the majority first, then by share, then as recorded (the
    article's order) (1 query)."""
    latest = EthnicComposition.objects.filter(admin_unit_id=unit_id).order_by("-year")
    if up_to is not None:
        latest = latest.filter(year__lte=up_to)
    rows = list(
        EthnicComposition.objects.filter(
            admin_unit_id=unit_id, year=Subquery(latest.values("year")[:1])
        )
        .select_related("ethnic_group")
        .order_by("-is_majority", F("share_percent").desc(nulls_last=True), "pk")
    )
    if not rows:
        return None, []
    return rows[0].year, [
        EthnicShare(row.ethnic_group.name, row.share_percent, row.population, row.is_majority)
        for row in rows
    ]
