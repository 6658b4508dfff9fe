"""Figures read from the summary kept exact on every write: dashboards, province summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)

from twinning.activities.models import (
    Contribution,
)
from twinning.core.choices import Category
from twinning.core.text import vn_order
from twinning.reports.queries.common import CANCELLED, DELIVERED, PLEDGED, ValueSplit

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
