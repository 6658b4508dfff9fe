"""A contributor's statement: what it gave, by twinning and year, and whom it reached."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    F,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractYear

from twinning.activities.models import (
    Activity,
    BeneficiaryCount,
    BeneficiaryGroup,
    Contribution,
)
from twinning.reports.queries.common import PLEDGED
from twinning.reports.queries.totals import BeneficiaryRow

# ---------------------------------------------------------------------------------------------
# A contributor's statement


@dataclass
class StatementTwinningRow:
    twinning_id: int
    slug: str
    sponsor: str
    commune: str
    contributions: int
    value_vnd: int


@dataclass
class StatementYearRow:
    year: int
    contributions: int
    value_vnd: int


@dataclass
class StatementTotals:
    delivered_vnd: int
    pledged_vnd: int
    contributions: int
    activities: int
    by_kind: dict[str, int]
    by_twinning: list[StatementTwinningRow]
    by_year: list[StatementYearRow]
    beneficiaries: list[BeneficiaryRow]  # of the activities it gave to


@dataclass
class StatementLine:
    contribution: Contribution
    activity: Activity
    twinning_slug: str
    place: str
    beneficiary_groups: list[BeneficiaryRow]


def statement_totals(contributions: QuerySet) -> StatementTotals:
    """Return what the contributions add up to: by kind, by twinning, by year, and who the
    activities they went to reached (3 queries)."""
    by_kind: dict[str, int] = defaultdict(int)
    delivered = pledged = count = 0
    by_twinning: dict[int, StatementTwinningRow] = {}
    by_year: dict[int, StatementYearRow] = {}
    groups = (
        contributions.order_by()
        .values(
            "kind",
            "status",
            year=ExtractYear("activity__start_date"),
            twinning=F("activity__twinning"),
            slug=F("activity__twinning__slug"),
            sponsor=F("activity__twinning__sponsor__name"),
            commune_type=F("activity__twinning__partner_unit__type_name"),
            commune=F("activity__twinning__partner_unit__name"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    for group in groups:
        amount = group["total"] or 0
        count += group["n"]
        if group["status"] == PLEDGED:
            pledged += amount
        else:
            delivered += amount
            by_kind[group["kind"]] += amount
        row = by_twinning.setdefault(
            group["twinning"],
            StatementTwinningRow(
                group["twinning"],
                group["slug"],
                group["sponsor"],
                f"{group['commune_type']} {group['commune']}".strip(),
                0,
                0,
            ),
        )
        row.contributions += group["n"]
        year_row = by_year.setdefault(group["year"], StatementYearRow(group["year"], 0, 0))
        year_row.contributions += group["n"]
        if group["status"] != PLEDGED:
            row.value_vnd += amount
            year_row.value_vnd += amount
    activity_ids = contributions.order_by().values("activity_id")
    activity_count = Activity.objects.filter(pk__in=activity_ids).count()
    labels = dict(BeneficiaryGroup.choices)
    beneficiaries = [
        BeneficiaryRow(
            row["group"],
            str(labels.get(row["group"], row["group"])),
            row["count"] or 0,
            row["women"] or 0,
            row["minority"] or 0,
        )
        for row in BeneficiaryCount.objects.filter(activity__in=activity_ids)
        .order_by()
        .values("group")
        .annotate(count=Sum("count"), women=Sum("women"), minority=Sum("ethnic_minority"))
        .order_by("group")
    ]
    return StatementTotals(
        delivered_vnd=delivered,
        pledged_vnd=pledged,
        contributions=count,
        activities=activity_count,
        by_kind=dict(by_kind),
        by_twinning=sorted(by_twinning.values(), key=lambda row: -row.value_vnd),
        by_year=[by_year[year] for year in sorted(by_year)],
        beneficiaries=beneficiaries,
    )


def statement_contributions(contributions: QuerySet) -> QuerySet:
    """Return the contributions ready to list (newest activity first) with the activity, its
    twinning and place loaded in the same query."""
    return contributions.select_related(
        "activity__twinning__sponsor",
        "activity__twinning__partner_unit",
        "activity__place_unit",
        "contributor",
    ).order_by("-activity__start_date", "-pk")


def statement_lines(contributions) -> list[StatementLine]:
    """Return one line per contribution (a page of `statement_contributions`) with the
    beneficiary groups of its activity (1 query for the whole page)."""
    contributions = list(contributions)
    labels = dict(BeneficiaryGroup.choices)
    groups: dict[int, list[BeneficiaryRow]] = defaultdict(list)
    for count in BeneficiaryCount.objects.filter(
        activity_id__in={c.activity_id for c in contributions}
    ).order_by("activity_id", "group"):
        groups[count.activity_id].append(
            BeneficiaryRow(
                count.group,
                str(labels.get(count.group, count.group)),
                count.count,
                count.women or 0,
                count.ethnic_minority or 0,
            )
        )
    lines = []
    for contribution in contributions:
        activity = contribution.activity
        place = activity.place or (str(activity.place_unit) if activity.place_unit else "")
        lines.append(
            StatementLine(
                contribution=contribution,
                activity=activity,
                twinning_slug=activity.twinning.slug,
                place=place,
                beneficiary_groups=groups.get(activity.pk, []),
            )
        )
    return lines
