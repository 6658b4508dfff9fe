"""Report queries: the one module every page, document and export reads its figures from.

Each function takes records or querysets the caller already obtained through `access.py` and
returns plain data (dataclasses, dicts). The database does the adding up (GROUP BY); Python only
folds the groups that come back, so every function runs a fixed number of queries whatever the
number of activities or contributions.

What counts: contributions *delivered* to activities that were not cancelled make the totals;
pledges still waiting for delivery are reported apart ("pledged vs delivered"), since a report
that is ready to sign must not count a promise as a gift.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate, ExtractYear

from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    BeneficiaryGroup,
    Contribution,
    Output,
)
from twinning.core.choices import Category
from twinning.core.text import VN_COLLATION, vn_order
from twinning.indicators.models import EthnicComposition, Indicator, IndicatorValue
from twinning.programmes.models import AnnualPlan, PlanItem, Twinning

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


def _counting(activities: QuerySet) -> QuerySet:
    """Return the activities that count in totals: every one not cancelled."""
    return activities.exclude(status=CANCELLED)


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
        BeneficiaryCount.objects.filter(activity__in=_counting(activities).values("pk"))
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
        Contribution.objects.filter(activity__in=_counting(activities).values("pk"))
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


# ---------------------------------------------------------------------------------------------
# Province overview: one row per twinning


OVERVIEW_SORTS = {
    "programme": ("programme__name",),
    "sponsor": ("sponsor__name",),
    "commune": ("partner_unit__name",),
    "signed": ("signed_on",),
    "activities": ("activity_count",),
    "total": ("total_vnd",),
    "direct": ("direct_vnd",),
    "mobilised": ("mobilised_vnd",),
    "last": ("last_activity",),
    "plan": ("plan_status",),
}


def _twinning_total(name: str) -> Coalesce:
    """Return an expression: a field of the twinning's totals row (TwinningTotals, kept exact on
    every write; a twinning with nothing recorded has no row), 0 if none."""
    return Coalesce(F(f"summary_row__{name}"), Value(0))


def _programme_rank(twinnings: QuerySet):
    """Return an expression: the place of the twinning's programme in Vietnamese order of the
    programmes' names. The few programmes are sorted once; the twinnings then sort on a number,
    not on a collated name (on SQLite each comparison of names calls back into Python)."""
    from twinning.programmes.models import Programme

    programmes = list(
        Programme.objects.filter(pk__in=twinnings.values("programme_id"))
        .order_by(vn_order("name"), "pk")
        .values_list("pk", flat=True)[:1001]
    )
    if not programmes or len(programmes) > 1000:  # a CASE that long costs more than it saves
        return vn_order("programme__name")
    return Case(
        *[When(programme_id=pk, then=Value(rank)) for rank, pk in enumerate(programmes)],
        default=Value(len(programmes)),
        output_field=IntegerField(),
    )


def _overview_late_columns(year: int) -> dict:
    """The overview's columns read per twinning with a subquery: the last activity and the plan
    of `year`."""
    counting = Activity.objects.filter(twinning=OuterRef("pk")).exclude(status=CANCELLED)
    # The newest activity not cancelled: a backward walk of the (twinning, start_date) index that
    # stops at the first row, rather than a MAX over every activity of the twinning.
    last_activity = counting.order_by("-start_date").values("start_date")[:1]
    # One plan per twinning and year: no ordering (the model's default joins three tables).
    plans = AnnualPlan.objects.filter(twinning=OuterRef("pk"), year=year).order_by()
    return {
        "last_activity": Subquery(last_activity, output_field=DateField()),
        "plan_status": Subquery(plans.values("status")[:1]),
        "plan_agreed_at": Subquery(plans.values("agreed_at")[:1]),
    }


def overview_rows(
    twinnings: QuerySet, *, year: int, sort: str = "programme", late_columns: bool = True
) -> QuerySet:
    """Return one dict per twinning with its key totals and the status of its plan for `year`,
    sorted by `sort` (a key of OVERVIEW_SORTS, "-" in front for descending) within each
    programme. One query, whatever the number of twinnings (the caller may paginate it); the
    counts and values are one joined row per twinning (TwinningTotals) and the last activity an
    index probe, so a late page costs about what the first does, whatever the activities.

    Without `late_columns`, the last activity and the plan are left out (unless the sort needs
    them): `overview_page` reads them for the rows of one page only."""
    late = _overview_late_columns(year)
    descending = sort.startswith("-")
    fields = OVERVIEW_SORTS.get(sort.lstrip("-"), OVERVIEW_SORTS["programme"])
    if not late_columns:
        late = {name: expression for name, expression in late.items() if name in fields}
    rows = twinnings.annotate(
        activity_count=_twinning_total("activities"),
        total_vnd=_twinning_total("total_vnd"),
        direct_vnd=_twinning_total("direct_vnd"),
        mobilised_vnd=_twinning_total("mobilised_vnd"),
        **late,
    ).values(
        "pk",
        "slug",
        "status",
        "signed_on",
        "signed_on_precision",
        "programme_id",
        "activity_count",
        "total_vnd",
        "direct_vnd",
        "mobilised_vnd",
        *late,
        programme_name=F("programme__name"),
        sponsor_name=F("sponsor__name"),
        sponsor_short_name=F("sponsor__short_name"),
        commune_name=F("partner_unit__name"),
        commune_type=F("partner_unit__type_name"),
    )
    order = [_programme_rank(twinnings), F("programme_id").asc()]
    for name in fields:
        if name == "programme__name":  # the rank above
            continue
        # Names in Vietnamese dictionary order (a < ă < â, d < đ...), other columns as they are.
        expression = Collate(name, VN_COLLATION) if name.endswith("name") else F(name)
        order.append(
            expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
        )
    order.append(F("pk").asc())
    return rows.order_by(*order)


class OverviewPage:
    """The overview's rows for a Paginator: sorted and counted without the per-twinning
    subqueries (the databases computed them for every twinning before sorting: 10 ms of a
    nation's late page on SQLite), which are then read for the rows of the page only."""

    ordered = True

    def __init__(self, twinnings: QuerySet, *, year: int, sort: str = "programme"):
        self.year = year
        self.rows = overview_rows(twinnings, year=year, sort=sort, late_columns=False)

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        page = list(self.rows[index])
        late = _overview_late_columns(self.year)
        missing = [name for name in late if page and name not in page[0]]
        if missing:
            found = {
                row.pop("pk"): row
                for row in Twinning.objects.filter(pk__in=[row["pk"] for row in page])
                .order_by()
                .annotate(**{name: late[name] for name in missing})
                .values("pk", *missing)
            }
            for row in page:
                row.update(found[row["pk"]])
        return page


@dataclass
class ProgrammeTotal:
    activities: int = 0
    value: ValueSplit = field(default_factory=ValueSplit)


def programme_totals(twinnings: QuerySet) -> dict[int, ProgrammeTotal]:
    """Return the totals of the given twinnings added up per programme, from their totals rows
    (TwinningTotals: one row per twinning, so one query over at most a few thousand rows)."""
    from twinning.reports.models import TwinningTotals

    names = ("total_vnd", "direct_vnd", "mobilised_vnd", "cash_vnd", "in_kind_vnd", "service_vnd")
    totals: dict[int, ProgrammeTotal] = {}
    for row in (
        TwinningTotals.objects.filter(twinning__in=twinnings.values("pk"))
        .order_by()
        .values("twinning__programme")
        .annotate(n=Sum("activities"), **{f"sum_{name}": Sum(name) for name in names})
    ):
        total, direct, mobilised, cash, in_kind, service = (
            row[f"sum_{name}"] or 0 for name in names
        )
        totals[row["twinning__programme"]] = ProgrammeTotal(
            activities=row["n"] or 0,
            value=ValueSplit(total, direct, mobilised, cash, in_kind, service),
        )
    return totals


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


def latest_ethnic_composition(unit_id: int) -> tuple[int | None, list[EthnicShare]]:
    """Return the latest year with an ethnic composition for the unit and the groups that year
    (1 query)."""
    latest = EthnicComposition.objects.filter(admin_unit_id=unit_id).order_by("-year")
    rows = list(
        EthnicComposition.objects.filter(
            admin_unit_id=unit_id, year=Subquery(latest.values("year")[:1])
        )
        .select_related("ethnic_group")
        .order_by("-is_majority", F("share_percent").desc(nulls_last=True), "ethnic_group__code")
    )
    if not rows:
        return None, []
    return rows[0].year, [
        EthnicShare(row.ethnic_group.name, row.share_percent, row.population, row.is_majority)
        for row in rows
    ]


# ---------------------------------------------------------------------------------------------
# The public pages and the open-data export: only what the commune confirmed and the coordinator
# published, and never a named person (recipients are not read here, except to blank out a name
# that someone typed into a public text by mistake).


def public_activities(twinnings) -> QuerySet:
    """Return the activities the public may see in the given twinnings (a queryset, a list or
    one twinning): published (which the database allows only once confirmed by the commune),
    confirmed, and not cancelled."""
    if not isinstance(twinnings, (QuerySet, list, tuple, set)):
        twinnings = [twinnings]
    return (
        Activity.objects.published()
        .filter(twinning__in=twinnings)
        .exclude(status=CANCELLED)
        .order_by()
    )


def public_totals(twinning) -> Totals:
    """Return the totals of the twinning's public activities (3 queries)."""
    return activity_totals(public_activities(twinning))


@dataclass
class PublicTwinningRow:
    twinning: object
    activities: int = 0
    value: ValueSplit = field(default_factory=ValueSplit)
    beneficiaries: int = 0
    first_year: int | None = None
    last_year: int | None = None


def public_programme_rows(twinnings: QuerySet) -> list[PublicTwinningRow]:
    """Return one row per twinning with the totals of its public activities (4 queries)."""
    from django.db.models import Min

    twinnings = list(twinnings.select_related("sponsor", "partner_unit"))
    rows = {t.pk: PublicTwinningRow(t) for t in twinnings}
    activities = public_activities(twinnings)
    for group in activities.values("twinning").annotate(
        n=Count("pk"), first=Min("start_date"), last=Max("start_date")
    ):
        row = rows[group["twinning"]]
        row.activities = group["n"]
        row.first_year, row.last_year = group["first"].year, group["last"].year
    for group in (
        Contribution.objects.filter(activity__in=activities.values("pk"), status=DELIVERED)
        .order_by()
        .values("origin", "kind", twinning=F("activity__twinning"))
        .annotate(total=Sum("value_vnd"))
    ):
        rows[group["twinning"]].value.add(group["origin"], group["kind"], group["total"] or 0)
    for group in (
        BeneficiaryCount.objects.filter(activity__in=activities.values("pk"))
        .order_by()
        .values(twinning=F("activity__twinning"))
        .annotate(total=Sum("count"))
    ):
        rows[group["twinning"]].beneficiaries = group["total"] or 0
    return [rows[t.pk] for t in twinnings]


@dataclass
class PublicContributor:
    name: str
    kind: str  # the organisation's kind (business, agency...)
    contributions: int
    value_vnd: int


def public_contributors(activities: QuerySet) -> list[PublicContributor]:
    """Return the organisations that gave to the activities, largest delivered value first
    (1 query). Pass `public_activities(...)`."""
    rows = (
        Contribution.objects.filter(activity__in=activities.values("pk"), status=DELIVERED)
        .order_by()
        .values(name=F("contributor__name"), org_kind=F("contributor__kind"))
        .annotate(n=Count("pk"), total=Sum("value_vnd"))
    )
    return sorted(
        (PublicContributor(r["name"], r["org_kind"], r["n"], r["total"] or 0) for r in rows),
        key=lambda row: (-row.value_vnd, row.name),
    )


@dataclass
class PublicGift:
    contributor: str
    kind: str
    kind_label: str
    item: str
    quantity: Decimal | None
    unit: str
    value_vnd: int


@dataclass
class PublicActivity:
    pk: int
    title: str
    category: str
    category_label: str
    start_date: datetime.date
    date_precision: str
    place: str
    occasion: str
    occasion_label: str
    gifts: list[PublicGift] = field(default_factory=list)
    beneficiaries: list[BeneficiaryRow] = field(default_factory=list)
    photos: list[Attachment] = field(default_factory=list)

    @property
    def value_vnd(self) -> int:
        return sum(gift.value_vnd for gift in self.gifts)

    @property
    def year(self) -> int:
        return self.start_date.year


def public_photos(activities: QuerySet) -> QuerySet:
    """Return the photos marked public of the given (public) activities."""
    return Attachment.objects.filter(
        activity__in=activities.values("pk"), kind=Attachment.Kind.PHOTO, is_public=True
    ).order_by("pk")


def _name_blanker(activities: QuerySet):
    """Return a function that blanks out any recipient's name found in a public text: names
    belong in the recipients' list, but a title typed by hand may repeat one."""
    from twinning.activities.models import Recipient

    names = sorted(
        {
            name.strip()
            for name in Recipient.objects.filter(
                activity__twinning__in=activities.values("twinning")
            )
            .order_by()
            .values_list("full_name", flat=True)
            if len(name.strip()) >= 3
        },
        key=len,
        reverse=True,
    )

    def blank(text: str) -> str:
        for name in names:
            if name in text:
                text = text.replace(name, "…")
        return text

    return blank


def public_timeline(activities: QuerySet) -> list[PublicActivity]:
    """Return the public activities, newest first, each with what was given (by which
    organisation), the beneficiary groups (counts only) and its public photos (5 queries).
    Descriptions, notes and recipients are left out: they may name people."""
    from twinning.activities.models import Occasion

    categories = dict(Category.choices)
    occasions = dict(Occasion.choices)
    kinds = dict(Contribution.Kind.choices)
    groups = dict(BeneficiaryGroup.choices)
    blank = _name_blanker(activities)
    rows: dict[int, PublicActivity] = {}
    for activity in activities.select_related("place_unit").order_by("-start_date", "-pk"):
        place = activity.place or (str(activity.place_unit) if activity.place_unit else "")
        rows[activity.pk] = PublicActivity(
            pk=activity.pk,
            title=blank(activity.title),
            category=activity.category,
            category_label=str(categories.get(activity.category, activity.category)),
            start_date=activity.start_date,
            date_precision=activity.date_precision,
            place=blank(place),
            occasion=activity.occasion,
            occasion_label=str(occasions.get(activity.occasion, "")) if activity.occasion else "",
        )
    for contribution in (
        Contribution.objects.filter(activity_id__in=rows, status=DELIVERED)
        .select_related("contributor")
        .order_by("pk")
    ):
        rows[contribution.activity_id].gifts.append(
            PublicGift(
                contributor=contribution.contributor.name,
                kind=contribution.kind,
                kind_label=str(kinds.get(contribution.kind, contribution.kind)),
                item=blank(contribution.item),
                quantity=contribution.quantity,
                unit=contribution.unit,
                value_vnd=contribution.value_vnd or 0,
            )
        )
    order = list(groups)
    for count in BeneficiaryCount.objects.filter(activity_id__in=rows).order_by("pk"):
        rows[count.activity_id].beneficiaries.append(
            BeneficiaryRow(
                count.group,
                str(groups.get(count.group, count.group)),
                count.count,
                count.women or 0,
                count.ethnic_minority or 0,
            )
        )
    for row in rows.values():
        row.beneficiaries.sort(key=lambda b: order.index(b.group) if b.group in order else 99)
    for photo in Attachment.objects.filter(
        activity_id__in=rows, kind=Attachment.Kind.PHOTO, is_public=True
    ).order_by("pk"):
        photo.caption = blank(photo.caption)
        rows[photo.activity_id].photos.append(photo)
    return list(rows.values())


def public_photo(pk: int) -> Attachment | None:
    """Return the photo if the public may see it (marked public, of a public activity)."""
    return (
        Attachment.objects.filter(
            pk=pk,
            kind=Attachment.Kind.PHOTO,
            is_public=True,
            activity__in=Activity.objects.published().exclude(status=CANCELLED).values("pk"),
        )
        .select_related("activity")
        .first()
    )


def public_contributions(activities: QuerySet) -> QuerySet:
    """Return the delivered contributions of the given public activities with a value, oldest
    first, with the contributor and the activity loaded (for the open-data transactions)."""
    return (
        Contribution.objects.filter(
            activity__in=activities.values("pk"), status=DELIVERED, value_vnd__isnull=False
        )
        .select_related("contributor", "activity")
        .order_by("activity__start_date", "activity_id", "pk")
    )


# ---------------------------------------------------------------------------------------------
# Read from the summary kept exact on every write (reports.summary): dashboards, province summary


@dataclass
class SummaryTotals:
    """Totals of a set of twinnings read from the summary tables (2 queries)."""

    value: ValueSplit
    pledged_vnd: int
    contributions: int
    activities: int
    by_year: dict[int, ValueSplit]
    by_category: dict[str, ValueSplit]
    activities_by_year: dict[int, int]
    activities_by_category: dict[str, int]
    by_twinning: dict[int, ValueSplit]
    activities_by_twinning: dict[int, int]


@dataclass
class ProgrammeScope:
    """A set of twinnings seen as whole programmes plus the twinnings left over."""

    programmes: list[int]  # programmes every twinning of which is in the set
    rest: QuerySet | None  # ids of the other twinnings in the set (of programmes covered in part)
    every_programme: bool  # the set is every twinning there is (the nation)


def whole_programmes(twinning_ids) -> ProgrammeScope:
    """Split a set of twinnings (ids or a queryset of ids) into the programmes it covers whole
    and the twinnings left over (of programmes it covers only in part), in one query over the
    twinnings: what the programme-level summaries can serve and what needs the per-twinning
    one."""
    from twinning.programmes.models import Twinning

    covered = (
        Twinning.objects.order_by()
        .values("programme_id")
        .annotate(every=Count("pk"), chosen=Count("pk", filter=Q(pk__in=twinning_ids)))
    )
    whole, partial, every_programme = [], [], True
    for row in covered:
        if row["chosen"] == row["every"]:
            whole.append(row["programme_id"])
        else:
            every_programme = False
            if row["chosen"]:
                partial.append(row["programme_id"])
    rest = None
    if partial:
        rest = Twinning.objects.filter(pk__in=twinning_ids, programme_id__in=partial).values("pk")
    return ProgrammeScope(whole, rest, every_programme and bool(whole))


def _programme_filter(scope: ProgrammeScope) -> Q:
    # The nation: no list of programmes to match (a plain scan of the small table).
    return Q() if scope.every_programme else Q(programme_id__in=scope.programmes)


def summary_totals(
    twinning_ids=None,
    *,
    programmes=None,
    year_from: int | None = None,
    year_to: int | None = None,
    per_twinning: bool = True,
) -> SummaryTotals:
    """Return the delivered value (split by origin and kind), pledges and activity counts of the
    given twinnings (ids or a queryset of ids) or whole programmes (`programmes`, ids), by year,
    category and twinning, from the summary.

    The database adds the summary rows up. With `per_twinning=False` (a dashboard of a province
    or the country) it groups by year and category only, and the twinnings that make up whole
    programmes are read from the programme-level summary (a few thousand rows for the whole
    country) instead of the per-twinning one (about 400 rows per twinning); `by_twinning` stays
    empty. Whole programmes: 2 queries (3 when given twinning ids: one finds the programmes);
    twinnings of programmes covered in part add 2."""
    from twinning.reports.models import (
        ActivitySummary,
        ContributionSummary,
        ProgrammeActivitySummary,
        ProgrammeContributionSummary,
    )

    scope = None
    if programmes is not None and per_twinning:
        from twinning.programmes.models import Twinning

        twinning_ids = Twinning.objects.filter(programme_id__in=programmes).values("pk")
    elif programmes is not None:
        scope = ProgrammeScope(list(programmes), None, False)
    elif not per_twinning:
        scope = whole_programmes(twinning_ids)
    if scope is not None:
        twinning_ids = scope.rest

    years = Q()
    if year_from is not None:
        years &= Q(year__gte=year_from)
    if year_to is not None:
        years &= Q(year__lte=year_to)
    twinning_key = ["twinning_id"] if per_twinning else []
    contribution_sources, activity_sources = [], []
    if scope is not None and scope.programmes:
        programme_filter = _programme_filter(scope)
        contribution_sources.append(
            ProgrammeContributionSummary.objects.filter(years, programme_filter)
        )
        activity_sources.append(ProgrammeActivitySummary.objects.filter(years, programme_filter))
    if twinning_ids is not None:
        contribution_sources.append(
            ContributionSummary.objects.filter(years, twinning_id__in=twinning_ids)
        )
        activity_sources.append(ActivitySummary.objects.filter(years, twinning_id__in=twinning_ids))
    value, pledged, count = ValueSplit(), 0, 0
    by_year: dict[int, ValueSplit] = defaultdict(ValueSplit)
    by_category: dict[str, ValueSplit] = defaultdict(ValueSplit)
    by_twinning: dict[int, ValueSplit] = defaultdict(ValueSplit)
    for source in contribution_sources:
        for row in (
            source.order_by()
            .values("year", "category", "origin", "kind", "status", *twinning_key)
            .annotate(total=Sum("value_vnd"), n=Sum("contributions"))
        ):
            count += row["n"] or 0
            amount = row["total"] or 0
            if row["status"] == PLEDGED:
                pledged += amount
                continue
            args = (row["origin"], row["kind"], amount)
            value.add(*args)
            by_year[row["year"]].add(*args)
            by_category[row["category"]].add(*args)
            if per_twinning:
                by_twinning[row["twinning_id"]].add(*args)
    activities = 0
    activities_by_year: dict[int, int] = defaultdict(int)
    activities_by_category: dict[str, int] = defaultdict(int)
    activities_by_twinning: dict[int, int] = defaultdict(int)
    for source in activity_sources:
        for row in (
            source.order_by()
            .values("year", "category", *twinning_key)
            .annotate(n=Sum("activities"))
        ):
            n = row["n"] or 0
            activities += n
            activities_by_year[row["year"]] += n
            activities_by_category[row["category"]] += n
            if per_twinning:
                activities_by_twinning[row["twinning_id"]] += n
    return SummaryTotals(
        value=value,
        pledged_vnd=pledged,
        contributions=count,
        activities=activities,
        by_year=dict(sorted(by_year.items())),
        by_category=dict(by_category),
        activities_by_year=dict(sorted(activities_by_year.items())),
        activities_by_category=dict(activities_by_category),
        by_twinning=dict(by_twinning),
        activities_by_twinning=dict(activities_by_twinning),
    )


@dataclass
class TopContributor:
    contributor_id: int
    value_vnd: int
    contributions: int


def top_contributors(
    twinning_ids=None,
    *,
    programmes=None,
    limit: int = 10,
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[TopContributor]:
    """Return the contributors who delivered the most to the given twinnings (ids or a queryset
    of ids) or whole programmes, largest first (ties by id). Whole programmes are read from the
    contributor summary; twinnings of programmes covered only in part from the base tables, and
    the two are added up in the database (one query, plus one to find the programmes)."""
    from twinning.reports.models import ContributorSummary

    if programmes is None:
        scope = whole_programmes(twinning_ids)
    else:
        scope = ProgrammeScope(list(programmes), None, False)
    twinning_ids = scope.rest
    years, base_years = Q(), Q()
    if year_from is not None:
        years &= Q(year__gte=year_from)
        base_years &= Q(activity__start_date__year__gte=year_from)
    if year_to is not None:
        years &= Q(year__lte=year_to)
        base_years &= Q(activity__start_date__year__lte=year_to)
    from_summary = (
        ContributorSummary.objects.filter(
            years,
            _programme_filter(scope) if scope.programmes else Q(pk__in=[]),
            status=DELIVERED,
        )
        .order_by()
        .values("contributor_id")
        .annotate(total=Sum("value_vnd"), n=Sum("contributions"))
        .filter(n__gt=0)  # rows an edit or a move brought back to nothing
    )
    found: dict[int, list[int]] = {}
    if twinning_ids is None:
        rows = from_summary.order_by("-total", "contributor_id")[:limit]
    else:
        # Programmes covered only in part: every contributor's figures are needed before the
        # top can be cut, from both sources.
        rows = list(from_summary) + list(
            Contribution.objects.filter(
                base_years, activity__twinning__in=twinning_ids, status=DELIVERED
            )
            .exclude(activity__status=CANCELLED)
            .order_by()
            .values("contributor_id")
            .annotate(total=Sum("value_vnd"), n=Count("pk"))
        )
    for row in rows:
        pair = found.setdefault(row["contributor_id"], [0, 0])
        pair[0] += row["total"] or 0
        pair[1] += row["n"] or 0
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    return [TopContributor(pk, value, n) for pk, (value, n) in ranked]


@dataclass
class ProvinceSummaryRow:
    twinning_id: int
    slug: str
    sponsor: str
    commune: str
    activities: int
    value: ValueSplit
    by_category: dict[str, int]  # delivered value
    by_year: dict[int, int]


@dataclass
class ProvinceSummary:
    years: list[int]
    categories: list[tuple[str, str]]  # (code, label) of the categories with any value
    rows: list[ProvinceSummaryRow]
    total: ProvinceSummaryRow


def province_summary(
    twinnings: QuerySet, *, year_from: int | None = None, year_to: int | None = None
) -> ProvinceSummary:
    """Return one row per twinning with its totals by category and by year, and the totals of
    all rows, read from the summary (3 queries)."""
    from twinning.reports.models import ActivitySummary, ContributionSummary

    years = Q(status=DELIVERED)
    activity_years = Q()
    if year_from is not None:
        years &= Q(year__gte=year_from)
        activity_years &= Q(year__gte=year_from)
    if year_to is not None:
        years &= Q(year__lte=year_to)
        activity_years &= Q(year__lte=year_to)
    rows: dict[int, ProvinceSummaryRow] = {}
    for twinning in twinnings.select_related("sponsor", "partner_unit").order_by(
        vn_order("sponsor__name"), "pk"
    ):
        rows[twinning.pk] = ProvinceSummaryRow(
            twinning.pk,
            twinning.slug,
            twinning.sponsor.name,
            str(twinning.partner_unit),
            0,
            ValueSplit(),
            defaultdict(int),
            defaultdict(int),
        )
    total = ProvinceSummaryRow(0, "", "", "", 0, ValueSplit(), defaultdict(int), defaultdict(int))
    seen_years: set[int] = set()
    seen_categories: set[str] = set()
    for row in ContributionSummary.objects.filter(years, twinning_id__in=list(rows)).values(
        "twinning_id", "year", "category", "origin", "kind", "value_vnd"
    ):
        for target in (rows[row["twinning_id"]], total):
            target.value.add(row["origin"], row["kind"], row["value_vnd"])
            target.by_category[row["category"]] += row["value_vnd"]
            target.by_year[row["year"]] += row["value_vnd"]
        seen_years.add(row["year"])
        seen_categories.add(row["category"])
    for row in ActivitySummary.objects.filter(activity_years, twinning_id__in=list(rows)).values(
        "twinning_id", "year", "activities"
    ):
        rows[row["twinning_id"]].activities += row["activities"]
        total.activities += row["activities"]
        seen_years.add(row["year"])
    categories = [(code, str(label)) for code, label in Category.choices if code in seen_categories]
    return ProvinceSummary(sorted(seen_years), categories, list(rows.values()), total)


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
            activity__in=_counting(activities).values("pk"), status=DELIVERED
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
            activity__in=_counting(activities).values("pk"), status=DELIVERED
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
        for o in Output.objects.filter(activity__in=_counting(activities).values("pk"))
        .order_by("activity__start_date", "pk")
        .values("description", "unit", "quantity", year=ExtractYear("activity__start_date"))
    ]


@dataclass
class AppendixRow:
    """A line of the report's appendix: STT | Hoạt động | Thời gian | Số lượng | ĐVT | Giá trị
    (đồng) | Nguồn | Ghi chú."""

    number: int
    activity_id: int
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
        _counting(activities)
        .order_by("start_date", "pk")
        .values("pk", "title", "category", "start_date", "date_precision", "status", "place")
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
    activity_title: str
    date: datetime.date
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
        for row in Contribution.objects.filter(activity__in=_counting(activities).values("pk"))
        .order_by("activity__start_date", "activity_id", "pk")
        .values(
            "activity_id",
            "origin",
            "kind",
            "item",
            "quantity",
            "unit",
            "unit_value_vnd",
            "value_vnd",
            "status",
            activity_title=F("activity__title"),
            date=F("activity__start_date"),
            category=F("activity__category"),
            contributor_name=F("contributor__name"),
        )
    ]


@dataclass
class BeneficiaryLine:
    activity_id: int
    activity_title: str
    date: datetime.date
    group: str
    count: int
    women: int | None
    ethnic_minority: int | None


def beneficiary_lines(activities: QuerySet) -> list[BeneficiaryLine]:
    """Return every beneficiary count of the activities that count (1 query)."""
    return [
        BeneficiaryLine(**row)
        for row in BeneficiaryCount.objects.filter(activity__in=_counting(activities).values("pk"))
        .order_by("activity__start_date", "activity_id", "group")
        .values(
            "activity_id",
            "group",
            "count",
            "women",
            "ethnic_minority",
            activity_title=F("activity__title"),
            date=F("activity__start_date"),
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


# ---------------------------------------------------------------------------------------------
# Who issues a report on a given day, and which twinnings a commune's report covers


def issuing_body(organisation, day: datetime.date):
    """Return the organisation that acted for `organisation` on `day`: its successor after it
    ceased (the Bình Thuận Department became Lâm Đồng's on 1 July 2025), its predecessor before
    it began."""
    from twinning.organisations.models import Organisation

    seen = set()
    current = organisation
    while current.pk not in seen:
        seen.add(current.pk)
        if current.valid_until and day > current.valid_until and current.succeeded_by_id:
            current = Organisation.objects.select_related("admin_unit").get(
                pk=current.succeeded_by_id
            )
        elif current.valid_from and day < current.valid_from:
            before = (
                Organisation.objects.select_related("admin_unit")
                .filter(succeeded_by=current, kind=current.kind)
                .order_by("-valid_until")
                .first()
            )
            if before is None:
                break
            current = before
        else:
            break
    return current


def signer_name(organisation) -> str:
    """Return the name of the organisation's (or its successor's) first approver, or ""."""
    from twinning.organisations.models import Membership, Role

    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.APPROVER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return ""
    user = membership.user
    return (user.get_full_name() or user.first_name or "").strip()


@dataclass
class MergedScope:
    """A commune as it is now: today's unit(s), every unit merged into them, and the twinnings
    of all of them."""

    current_units: list
    unit_ids: set[int]
    twinning_ids: list[int]
    added_communes: list[str]  # the units merged in, other than the twinning's own


def merged_scope(twinning) -> MergedScope:
    """Return the twinnings and units that add up under the unit the partner commune became."""
    from twinning.geo.lineage import current_units, predecessor_ids
    from twinning.geo.models import AdminUnit
    from twinning.programmes.models import Twinning

    units = current_units(twinning.partner_unit)
    unit_ids = predecessor_ids({u.pk for u in units})
    twinning_ids = list(
        Twinning.objects.filter(partner_unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    added = [
        str(unit)
        for unit in AdminUnit.objects.filter(pk__in=unit_ids, level=twinning.partner_unit.level)
        .exclude(pk=twinning.partner_unit_id)
        .exclude(pk__in=[u.pk for u in units])
        .order_by(vn_order("name"))
    ]
    return MergedScope(units, unit_ids, twinning_ids, added)


# ---------------------------------------------------------------------------------------------
# Large exports: every contribution or activity of a set of twinnings, streamed as tuples


# (field, kind) in the order of the columns; kinds as in the report tables
CONTRIBUTION_EXPORT_COLUMNS = (
    ("pk", "int"),
    ("activity__twinning__slug", "text"),
    ("activity__twinning__sponsor__name", "text"),
    ("activity__twinning__partner_unit__name", "text"),
    ("activity_id", "int"),
    ("activity__start_date", "date"),
    ("activity__title", "text"),
    ("activity__category", "text"),
    ("activity__status", "text"),
    ("contributor__name", "text"),
    ("origin", "text"),
    ("kind", "text"),
    ("item", "text"),
    ("quantity", "decimal"),
    ("unit", "text"),
    ("unit_value_vnd", "vnd"),
    ("value_vnd", "vnd"),
    ("status", "text"),
    ("delivered_on", "date"),
)
ACTIVITY_EXPORT_COLUMNS = (
    ("pk", "int"),
    ("twinning__slug", "text"),
    ("twinning__sponsor__name", "text"),
    ("twinning__partner_unit__name", "text"),
    ("start_date", "date"),
    ("end_date", "date"),
    ("title", "text"),
    ("category", "text"),
    ("status", "text"),
    ("confirmation", "text"),
    ("place_unit__name", "text"),
    ("place", "text"),
    ("staff_count", "int"),
    ("reach_person_times", "int"),
    ("published", "bool"),
)
EXPORT_CHUNK_SIZE = 5000


def _export_twinning_filter(twinnings, prefix: str) -> Q:
    """Return the condition on the twinning of a row (twinnings: a queryset or ids; None: all)."""
    if twinnings is None:
        return Q()
    if isinstance(twinnings, QuerySet):
        twinnings = twinnings.values("pk")
    return Q(**{f"{prefix}twinning__in": twinnings})


def export_contributions(twinnings=None) -> QuerySet:
    """Return every contribution of the twinnings (a queryset or ids; None: all) as tuples in
    the order of CONTRIBUTION_EXPORT_COLUMNS, one query (iterate it with .iterator())."""
    return (
        Contribution.objects.filter(_export_twinning_filter(twinnings, "activity__"))
        .order_by("pk")
        .values_list(*(name for name, _kind in CONTRIBUTION_EXPORT_COLUMNS))
    )


def export_activities(twinnings=None) -> QuerySet:
    """Return every activity of the twinnings as tuples in the order of
    ACTIVITY_EXPORT_COLUMNS, one query."""
    return (
        Activity.objects.filter(_export_twinning_filter(twinnings, ""))
        .order_by("pk")
        .values_list(*(name for name, _kind in ACTIVITY_EXPORT_COLUMNS))
    )
