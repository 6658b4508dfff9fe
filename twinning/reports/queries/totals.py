"""Totals of a twinning (or of any set of activities), and its activities as a timeline."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    Prefetch,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractYear

from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    BeneficiaryGroup,
    Contribution,
)
from twinning.core.choices import Category
from twinning.reports.queries.common import (
    CANCELLED,
    PLEDGED,
    ValueSplit,
    counting,
    delivered_value_subquery,
)

# ---------------------------------------------------------------------------------------------
# Totals of a twinning (or of any set of activities)


@dataclass
class CategoryRow:
    category: str
    label: str
    activities: int = 0
    value: ValueSplit = field(default_factory=ValueSplit)


@dataclass
class YearRow:
    year: int
    activities: int = 0
    value: ValueSplit = field(default_factory=ValueSplit)


@dataclass
class CategoryYearTable:
    """Value by category (rows) and year (columns), with totals of both."""

    years: list[int]
    rows: list[tuple[str, str, list[int], int]]  # category, label, value per year, row total
    year_totals: list[int]
    total: int


@dataclass
class BeneficiaryRow:
    group: str
    label: str
    count: int
    women: int
    ethnic_minority: int


@dataclass
class Totals:
    """What a set of activities gave and reached: the figures of a twinning's report."""

    value: ValueSplit
    pledged_vnd: int  # pledged and not yet delivered
    delivered_count: int
    pledged_count: int
    activities: int  # not cancelled
    activities_by_status: dict[str, int]
    activities_by_confirmation: dict[str, int]
    reach_person_times: int
    staff_taking_part: int
    by_category: list[CategoryRow]
    by_year: list[YearRow]
    by_category_year: CategoryYearTable
    beneficiaries: list[BeneficiaryRow]
    first_year: int | None
    last_year: int | None

    @property
    def beneficiaries_total(self) -> int:
        return sum(row.count for row in self.beneficiaries)


def activity_totals(activities: QuerySet, *, contribution_groups=None) -> Totals:
    """Return the totals of the given activities (3 queries: activities, contributions and
    beneficiaries, each grouped in the database). `contribution_groups`, if given, replaces the
    query of the contributions: rows with origin, kind, status, category, year, total and n
    (twinning_totals reads them from the summary)."""
    categories = dict(Category.choices)
    by_status: dict[str, int] = defaultdict(int)
    by_confirmation: dict[str, int] = defaultdict(int)
    by_category: dict[str, CategoryRow] = {}
    by_year: dict[int, YearRow] = {}
    reach = staff = count = 0

    activity_groups = (
        activities.order_by()
        .values("category", "status", "confirmation", year=ExtractYear("start_date"))
        .annotate(n=Count("pk"), reach=Sum("reach_person_times"), staff=Sum("staff_count"))
    )
    for group in activity_groups:
        by_status[group["status"]] += group["n"]
        if group["status"] == CANCELLED:
            continue
        count += group["n"]
        by_confirmation[group["confirmation"]] += group["n"]
        reach += group["reach"] or 0
        staff += group["staff"] or 0
        category = group["category"]
        row = by_category.setdefault(
            category, CategoryRow(category, str(categories.get(category, category)))
        )
        row.activities += group["n"]
        by_year.setdefault(group["year"], YearRow(group["year"])).activities += group["n"]

    value = ValueSplit()
    cells: dict[tuple[str, int], int] = defaultdict(int)
    pledged = delivered_count = pledged_count = 0
    if contribution_groups is None:
        contribution_groups = _contribution_groups(activities)
    for group in contribution_groups:
        amount = group["total"] or 0
        if group["status"] == PLEDGED:
            pledged += amount
            pledged_count += group["n"]
            continue
        delivered_count += group["n"]
        value.add(group["origin"], group["kind"], amount)
        category, year = group["category"], group["year"]
        by_category.setdefault(
            category, CategoryRow(category, str(categories.get(category, category)))
        ).value.add(group["origin"], group["kind"], amount)
        by_year.setdefault(year, YearRow(year)).value.add(group["origin"], group["kind"], amount)
        cells[(category, year)] += amount

    beneficiary_groups = (
        BeneficiaryCount.objects.filter(activity__in=counting(activities).values("pk"))
        .order_by()
        .values("group")
        .annotate(count=Sum("count"), women=Sum("women"), minority=Sum("ethnic_minority"))
    )
    group_labels = dict(BeneficiaryGroup.choices)
    group_order = list(group_labels)
    beneficiaries = sorted(
        (
            BeneficiaryRow(
                group=row["group"],
                label=str(group_labels.get(row["group"], row["group"])),
                count=row["count"] or 0,
                women=row["women"] or 0,
                ethnic_minority=row["minority"] or 0,
            )
            for row in beneficiary_groups
        ),
        key=lambda row: group_order.index(row.group) if row.group in group_order else 99,
    )

    category_order = list(categories)
    category_rows = sorted(
        by_category.values(),
        key=lambda row: (
            category_order.index(row.category) if row.category in category_order else 99
        ),
    )
    years = sorted(by_year)
    matrix_rows = [
        (
            row.category,
            row.label,
            [cells.get((row.category, year), 0) for year in years],
            row.value.total,
        )
        for row in category_rows
    ]
    matrix = CategoryYearTable(
        years=years,
        rows=matrix_rows,
        year_totals=[by_year[year].value.total for year in years],
        total=value.total,
    )
    return Totals(
        value=value,
        pledged_vnd=pledged,
        delivered_count=delivered_count,
        pledged_count=pledged_count,
        activities=count,
        activities_by_status=dict(by_status),
        activities_by_confirmation=dict(by_confirmation),
        reach_person_times=reach,
        staff_taking_part=staff,
        by_category=category_rows,
        by_year=[by_year[year] for year in years],
        by_category_year=matrix,
        beneficiaries=beneficiaries,
        first_year=years[0] if years else None,
        last_year=years[-1] if years else None,
    )


def _contribution_groups(activities: QuerySet) -> QuerySet:
    """Return the contributions of the counted activities grouped by origin, kind, status,
    category and year (from the base tables)."""
    return (
        Contribution.objects.filter(activity__in=counting(activities).values("pk"))
        .order_by()
        .values(
            "origin",
            "kind",
            "status",
            category=F("activity__category"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )


def _summary_contribution_groups(twinning_ids, year_from, year_to) -> QuerySet:
    """Return the same groups as _contribution_groups, read from the summary kept exact on
    every write (ContributionSummary counts the contributions of activities not cancelled)."""
    from twinning.reports.models import ContributionSummary

    rows = ContributionSummary.objects.filter(twinning_id__in=twinning_ids)
    if year_from is not None:
        rows = rows.filter(year__gte=year_from)
    if year_to is not None:
        rows = rows.filter(year__lte=year_to)
    return (
        rows.order_by()
        .values("origin", "kind", "status", "category", "year")
        .annotate(total=Sum("value_vnd"), n=Sum("contributions"))
    )


def twinning_totals(
    twinning, *, year_from: int | None = None, year_to: int | None = None
) -> Totals:
    """Return the totals of a twinning, for all years or for a span (2016–2023 is the
    article's)."""
    activities = Activity.objects.filter(twinning=twinning)
    if year_from is not None:
        activities = activities.filter(start_date__year__gte=year_from)
    if year_to is not None:
        activities = activities.filter(start_date__year__lte=year_to)
    # The money comes from the summary (the twinning page and the API show it on every visit);
    # the counts by status and confirmation, reach and beneficiaries, which the summary does not
    # hold, from one grouped query each over the twinning's own activities.
    groups = _summary_contribution_groups([twinning.pk], year_from, year_to)
    return activity_totals(activities, contribution_groups=groups)


# ---------------------------------------------------------------------------------------------
# The activities of a twinning, newest first, ready for a timeline


def activity_timeline(activities: QuerySet) -> QuerySet:
    """Return the activities with their delivered value (`value_vnd`) and their photos
    (`photos`, a list) loaded: one query for a page of activities and one for its photos."""
    photos = Attachment.objects.filter(kind=Attachment.Kind.PHOTO).order_by("pk")
    return (
        activities.select_related("place_unit", "plan_item")
        .annotate(value_vnd=delivered_value_subquery())
        .prefetch_related(Prefetch("attachments", queryset=photos, to_attr="photos"))
        .order_by("-start_date", "-pk")
    )


def activity_years(activities: QuerySet) -> list[int]:
    """Return the years in which the activities took place, newest first."""
    years = (
        activities.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(set(years), reverse=True)
