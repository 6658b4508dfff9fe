"""The province overview: one row per twinning, sorted and paginated in the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    DateField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Collate

from twinning.activities.models import (
    Activity,
)
from twinning.core.text import VN_COLLATION, vn_order
from twinning.programmes.models import AnnualPlan, Twinning
from twinning.reports.queries.common import CANCELLED, ValueSplit

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
