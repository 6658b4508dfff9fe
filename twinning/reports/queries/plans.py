"""Plan versus actual: each item of a year's plan with what was done, and what was not planned."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Q,
    QuerySet,
    Sum,
)

from twinning.activities.models import (
    Activity,
    Contribution,
    Output,
)
from twinning.programmes.models import AnnualPlan, PlanItem
from twinning.reports.queries.common import CANCELLED, DELIVERED, delivered_value_subquery

# ---------------------------------------------------------------------------------------------
# Plan versus actual


@dataclass
class ActivityLine:
    pk: int
    title: str
    category: str
    start_date: datetime.date
    date_precision: str
    status: str
    status_label: str
    confirmation: str
    confirmation_label: str
    value_vnd: int


@dataclass
class PlanItemActual:
    item: PlanItem
    activities: list[ActivityLine]
    done: bool
    actual_quantity: Decimal | None  # in the item's unit, when the records use that unit
    actual_value: int

    @property
    def budget_used_percent(self) -> int | None:
        if not self.item.budget_vnd:
            return None
        return round(self.actual_value * 100 / self.item.budget_vnd)


@dataclass
class PlanVersusActual:
    plan: AnnualPlan
    items: list[PlanItemActual]
    unplanned: list[ActivityLine]  # activities of the year that no item of the plan foresaw
    budget_total: int
    actual_total: int  # of the plan's items
    unplanned_total: int

    @property
    def items_done(self) -> int:
        return sum(1 for row in self.items if row.done)


def _unit_key(unit: str) -> str:
    return " ".join((unit or "").lower().split())


def _line(activity: Activity) -> ActivityLine:
    return ActivityLine(
        pk=activity.pk,
        title=activity.title,
        category=activity.category,
        start_date=activity.start_date,
        date_precision=activity.date_precision,
        status=activity.status,
        status_label=str(activity.get_status_display()),
        confirmation=activity.confirmation,
        confirmation_label=str(activity.get_confirmation_display()),
        value_vnd=activity.value_vnd,
    )


def done_item_ids(items: QuerySet) -> set[int]:
    """Return the ids of the items that have at least one activity done."""
    return set(
        Activity.objects.filter(plan_item__in=items.values("pk"), status=Activity.Status.DONE)
        .order_by()
        .values_list("plan_item_id", flat=True)
        .distinct()
    )


def plan_versus_actual(plan: AnnualPlan) -> PlanVersusActual:
    """Return each item of the plan with its activities, quantities and values, and the year's
    activities outside the plan (4 queries)."""
    items = list(
        PlanItem.objects.filter(plan=plan)
        .select_related("carried_over_from__plan")
        .order_by("position", "pk")
    )
    for item in items:
        item.plan = plan  # spares a query per item when its due date is shown
    activities = (
        Activity.objects.filter(
            Q(plan_item__plan=plan)
            | Q(twinning_id=plan.twinning_id, start_date__year=plan.year, plan_item__isnull=True)
        )
        .annotate(value_vnd=delivered_value_subquery())
        .order_by("start_date", "pk")
    )
    by_item: dict[int | None, list[ActivityLine]] = defaultdict(list)
    for activity in activities:
        by_item[activity.plan_item_id].append(_line(activity))

    # Quantities: what the activities built (outputs) in the item's unit, else what was given
    # (delivered contributions) in that unit. Grouped by item and unit in the database.
    outputs: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in (
        Output.objects.filter(activity__plan_item__plan=plan)
        .exclude(activity__status=CANCELLED)
        .order_by()
        .values("activity__plan_item", "unit")
        .annotate(quantity=Sum("quantity"))
    ):
        outputs[(row["activity__plan_item"], _unit_key(row["unit"]))] += row["quantity"] or 0
    given: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for row in (
        Contribution.objects.filter(
            activity__plan_item__plan=plan, status=DELIVERED, quantity__isnull=False
        )
        .exclude(activity__status=CANCELLED)
        .order_by()
        .values("activity__plan_item", "unit")
        .annotate(quantity=Sum("quantity"))
    ):
        given[(row["activity__plan_item"], _unit_key(row["unit"]))] += row["quantity"] or 0

    rows = []
    for item in items:
        lines = by_item.get(item.pk, [])
        key = (item.pk, _unit_key(item.target_unit))
        quantity = None
        if item.target_unit:
            quantity = outputs.get(key) if key in outputs else given.get(key)
        rows.append(
            PlanItemActual(
                item=item,
                activities=lines,
                done=any(line.status == Activity.Status.DONE for line in lines),
                actual_quantity=quantity,
                actual_value=sum(line.value_vnd for line in lines if line.status != CANCELLED),
            )
        )
    unplanned = by_item.get(None, [])
    return PlanVersusActual(
        plan=plan,
        items=rows,
        unplanned=unplanned,
        budget_total=sum(item.budget_vnd or 0 for item in items),
        actual_total=sum(row.actual_value for row in rows),
        unplanned_total=sum(line.value_vnd for line in unplanned if line.status != CANCELLED),
    )
