"""The pieces every report query shares: what counts, and an amount split by origin and kind."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from twinning.activities.models import (
    Activity,
    Contribution,
)

DELIVERED = Contribution.Status.DELIVERED
PLEDGED = Contribution.Status.PLEDGED
CANCELLED = Activity.Status.CANCELLED


# ---------------------------------------------------------------------------------------------
# Shared pieces


@dataclass
class ValueSplit:
    """An amount of đồng split by origin (direct / mobilised) and by kind."""

    total: int = 0
    direct: int = 0
    mobilised: int = 0
    cash: int = 0
    in_kind: int = 0
    service: int = 0

    def add(self, origin: str, kind: str, amount: int) -> None:
        self.total += amount
        if origin == Contribution.Origin.DIRECT:
            self.direct += amount
        else:
            self.mobilised += amount
        if kind == Contribution.Kind.CASH:
            self.cash += amount
        elif kind == Contribution.Kind.IN_KIND:
            self.in_kind += amount
        else:
            self.service += amount


def delivered_value_subquery(activity_ref: str = "pk") -> Coalesce:
    """Return an expression: the delivered value of the activity at `activity_ref` (0 if none)."""
    value = (
        Contribution.objects.filter(activity=OuterRef(activity_ref), status=DELIVERED)
        .order_by()
        .values("activity")
        .annotate(total=Sum("value_vnd"))
        .values("total")
    )
    return Coalesce(Subquery(value, output_field=IntegerField()), Value(0))


def counting(activities: QuerySet) -> QuerySet:
    """Return the activities that count in totals: every one not cancelled."""
    return activities.exclude(status=CANCELLED)
