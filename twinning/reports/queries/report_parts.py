"""The pieces of a twinning report (twinning_report.py puts them together)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    Max,
    Min,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractYear

from twinning.activities.models import (
    Activity,
    BeneficiaryCount,
    Contribution,
    Output,
)
from twinning.programmes.models import AnnualPlan
from twinning.reports.queries.common import DELIVERED, PLEDGED, counting

# ---------------------------------------------------------------------------------------------
# The pieces of a twinning report (twinning_report.py puts them together)


@dataclass
class DonorRow:
    contributor_id: int
    name: str
    origin: str
    contributions: int
    value_vnd: int


def donor_rows(activities: QuerySet) -> list[DonorRow]:
    """Return each contributor with the number and delivered value of its contributions to the
    activities that count, the sponsor's own first, then by value (1 query)."""
    rows = (
        Contribution.objects.filter(
            activity__in=counting(activities).values("pk"), status=DELIVERED
        )
        .order_by()
        .values("contributor_id", "origin", name=F("contributor__name"))
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    donors = [
        DonorRow(r["contributor_id"], r["name"], r["origin"], r["n"], r["total"] or 0) for r in rows
    ]
    return sorted(
        donors, key=lambda d: (d.origin != Contribution.Origin.DIRECT, -d.value_vnd, d.name)
    )


@dataclass
class ItemRow:
    """What was given, added up by item, unit and origin: "600 chiếc khẩu trang, 4.800.000 đ"."""

    item: str
    unit: str
    origin: str
    kind: str
    category: str
    quantity: Decimal | None
    value_vnd: int
    contributions: int
    first_year: int
    last_year: int


def item_rows(activities: QuerySet) -> list[ItemRow]:
    """Return the delivered contributions added up by item, unit, origin and kind, largest
    value first (1 query)."""
    rows = (
        Contribution.objects.filter(
            activity__in=counting(activities).values("pk"), status=DELIVERED
        )
        .order_by()
        .values("item", "unit", "origin", "kind", category=F("activity__category"))
        .annotate(
            quantity=Sum("quantity"),
            total=Sum("value_vnd"),
            n=Count("pk"),
            first=Min(ExtractYear("activity__start_date")),
            last=Max(ExtractYear("activity__start_date")),
        )
    )
    items = [
        ItemRow(
            r["item"],
            r["unit"],
            r["origin"],
            r["kind"],
            r["category"],
            r["quantity"],
            r["total"] or 0,
            r["n"],
            r["first"],
            r["last"],
        )
        for r in rows
    ]
    return sorted(items, key=lambda i: (-i.value_vnd, i.item))


@dataclass
class OutputRow:
    description: str
    unit: str
    quantity: Decimal
    year: int


def output_rows(activities: QuerySet) -> list[OutputRow]:
    """Return what the activities built, in order of date (1 query)."""
    return [
        OutputRow(o["description"], o["unit"], o["quantity"], o["year"])
        for o in Output.objects.filter(activity__in=counting(activities).values("pk"))
        .order_by("activity__start_date", "pk")
        .values("description", "unit", "quantity", year=ExtractYear("activity__start_date"))
    ]


@dataclass
class AppendixRow:
    """A line of the report's appendix: STT | Hoạt động | Thời gian | Số lượng | ĐVT | Giá trị
    (đồng) | Nguồn | Ghi chú."""

    number: int
    activity_id: int
    twinning_id: int
    title: str
    category: str
    date: datetime.date
    date_precision: str
    quantity: Decimal | None
    unit: str
    value_vnd: int
    direct_vnd: int
    mobilised_vnd: int
    contributors: list[str]
    note: str


def appendix_rows(activities: QuerySet) -> list[AppendixRow]:
    """Return one row per activity that counts, in order of date, with the quantity (its first
    output, else its contributions when they share one unit), the delivered value split by
    origin and the contributors named (3 queries)."""
    acts = list(
        counting(activities)
        .order_by("start_date", "pk")
        .values(
            "pk",
            "twinning_id",
            "title",
            "category",
            "start_date",
            "date_precision",
            "status",
            "place",
        )
    )
    ids = [a["pk"] for a in acts]
    given: dict[int, list[dict]] = defaultdict(list)
    for c in (
        Contribution.objects.filter(activity_id__in=ids)
        .order_by("pk")
        .values(
            "activity_id",
            "origin",
            "status",
            "quantity",
            "unit",
            "value_vnd",
            name=F("contributor__name"),
        )
    ):
        given[c["activity_id"]].append(c)
    built: dict[int, list[dict]] = defaultdict(list)
    for o in (
        Output.objects.filter(activity_id__in=ids)
        .order_by("pk")
        .values("activity_id", "quantity", "unit")
    ):
        built[o["activity_id"]].append(o)
    rows = []
    for number, a in enumerate(acts, start=1):
        delivered = [c for c in given[a["pk"]] if c["status"] == DELIVERED]
        quantity, unit = None, ""
        if built[a["pk"]]:
            quantity, unit = built[a["pk"]][0]["quantity"], built[a["pk"]][0]["unit"]
        else:
            units = {c["unit"] for c in delivered if c["quantity"] is not None}
            if len(units) == 1:
                unit = units.pop()
                quantity = sum(c["quantity"] for c in delivered if c["quantity"] is not None)
        direct = sum(
            c["value_vnd"] or 0 for c in delivered if c["origin"] == Contribution.Origin.DIRECT
        )
        mobilised = sum(
            c["value_vnd"] or 0 for c in delivered if c["origin"] != Contribution.Origin.DIRECT
        )
        names = list(dict.fromkeys(c["name"] for c in delivered))
        notes = []
        if a["status"] == Activity.Status.PLANNED:
            notes.append("planned")
        if any(c["status"] == PLEDGED for c in given[a["pk"]]):
            notes.append("pledged")
        rows.append(
            AppendixRow(
                number=number,
                activity_id=a["pk"],
                twinning_id=a["twinning_id"],
                title=a["title"],
                category=a["category"],
                date=a["start_date"],
                date_precision=a["date_precision"],
                quantity=quantity,
                unit=unit,
                value_vnd=direct + mobilised,
                direct_vnd=direct,
                mobilised_vnd=mobilised,
                contributors=names,
                note=",".join(notes),
            )
        )
    return rows


@dataclass
class ContributionRow:
    activity_id: int
    twinning_id: int
    contributor_id: int
    activity_title: str
    date: datetime.date
    date_precision: str
    category: str
    contributor_name: str
    origin: str
    kind: str
    item: str
    quantity: Decimal | None
    unit: str
    unit_value_vnd: int | None
    value_vnd: int | None
    status: str


def contribution_rows(activities: QuerySet) -> list[ContributionRow]:
    """Return every contribution to the activities that count, in order of date (1 query)."""
    return [
        ContributionRow(**row)
        for row in Contribution.objects.filter(activity__in=counting(activities).values("pk"))
        .order_by("activity__start_date", "activity_id", "pk")
        .values(
            "activity_id",
            "contributor_id",
            "origin",
            "kind",
            "item",
            "quantity",
            "unit",
            "unit_value_vnd",
            "value_vnd",
            "status",
            twinning_id=F("activity__twinning_id"),
            activity_title=F("activity__title"),
            date=F("activity__start_date"),
            date_precision=F("activity__date_precision"),
            category=F("activity__category"),
            contributor_name=F("contributor__name"),
        )
    ]


@dataclass
class BeneficiaryLine:
    activity_id: int
    activity_title: str
    date: datetime.date
    date_precision: str
    group: str
    count: int
    women: int | None
    ethnic_minority: int | None


def beneficiary_lines(activities: QuerySet) -> list[BeneficiaryLine]:
    """Return every beneficiary count of the activities that count (1 query)."""
    return [
        BeneficiaryLine(**row)
        for row in BeneficiaryCount.objects.filter(activity__in=counting(activities).values("pk"))
        .order_by("activity__start_date", "activity_id", "group")
        .values(
            "activity_id",
            "group",
            "count",
            "women",
            "ethnic_minority",
            activity_title=F("activity__title"),
            date=F("activity__start_date"),
            date_precision=F("activity__date_precision"),
        )
    ]


@dataclass
class PlanYear:
    year: int
    status: str | None
    document_number: str
    agreed: bool
    items: int


def plan_years(twinning_ids, year_from: int, year_to: int) -> list[PlanYear]:
    """Return the plan of each year of the span (status None when there was none) (1 query)."""
    plans = {
        p["year"]: p
        for p in AnnualPlan.objects.filter(
            twinning_id__in=twinning_ids, year__gte=year_from, year__lte=year_to
        )
        .order_by("year", "pk")
        .values("year", "status", "document_number", "agreed_at")
        .annotate(items=Count("items"))
    }
    return [
        PlanYear(
            year,
            plans[year]["status"] if year in plans else None,
            plans[year]["document_number"] if year in plans else "",
            bool(plans[year]["agreed_at"]) if year in plans else False,
            plans[year]["items"] if year in plans else 0,
        )
        for year in range(year_from, year_to + 1)
    ]
