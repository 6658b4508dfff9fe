"""Dashboard totals from the summary, added up in the database: the same figures as the base
tables, in a fixed number of queries whatever the number of twinnings; whole programmes are read
from the programme-level summary, other twinnings from the per-twinning one."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from twinning.activities.models import Activity, Contribution
from twinning.programmes.models import Programme, Twinning
from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.reports import queries


def fill(world):
    for n, twinning in enumerate([world.twinning, world.other_twinning] * 3):
        activity = add_activity(
            twinning,
            f"A{n}",
            category=["gifts", "health", "education"][n % 3],
            start_date=datetime.date(2018 + n, 3, 1),
        )
        add_contribution(activity, twinning.sponsor, kind="cash", value_vnd=1_000_000 * (n + 1))
        add_contribution(activity, world.business, quantity=10 + n, unit_value_vnd=8_000)
        add_contribution(activity, world.business, kind="cash", value_vnd=7, status="pledged")
    cancelled = add_activity(world.twinning, "Huỷ", status=Activity.Status.CANCELLED)
    add_contribution(cancelled, world.business, kind="cash", value_vnd=999_000_000)


def test_a_dashboard_adds_up_in_the_database_what_the_base_tables_say(
    world, django_assert_num_queries
):
    fill(world)
    ids = list(Twinning.objects.values_list("pk", flat=True))
    # Every twinning: whole programmes, read from the programme-level summary (one query finds
    # the programmes, two add up).
    with CaptureQueriesContext(connection) as captured:
        dashboard = queries.summary_totals(ids, per_twinning=False)
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 3
    assert [q for q in sql if "reports_programmecontributionsummary" in q]
    assert [q for q in sql if "reports_programmeactivitysummary" in q]
    assert not [q for q in sql if '"reports_contributionsummary"' in q], sql
    with django_assert_num_queries(2):
        by_programme = queries.summary_totals(programmes=[world.programme.pk], per_twinning=False)
    assert by_programme == dashboard
    base = queries.activity_totals(Activity.objects.filter(twinning__in=ids))
    assert dashboard.value == base.value
    assert dashboard.value.total == sum(1_000_000 * (n + 1) for n in range(6)) + sum(
        (10 + n) * 8_000 for n in range(6)
    )
    assert dashboard.pledged_vnd == base.pledged_vnd == 42
    assert dashboard.activities == base.activities == 6
    assert {y: s.total for y, s in dashboard.by_year.items()} == {
        row.year: row.value.total for row in base.by_year
    }
    assert {c: s.total for c, s in dashboard.by_category.items()} == {
        row.category: row.value.total for row in base.by_category
    }
    assert dashboard.by_twinning == {} and dashboard.activities_by_twinning == {}
    per_twinning = queries.summary_totals(ids)
    assert per_twinning.value == dashboard.value
    assert per_twinning.by_year == dashboard.by_year
    assert (
        per_twinning.by_twinning[world.twinning.pk].total
        + (per_twinning.by_twinning[world.other_twinning.pk].total)
        == dashboard.value.total
    )


def _base(twinning_ids):
    return queries.activity_totals(Activity.objects.filter(twinning__in=twinning_ids))


def _same_as_base(dashboard, twinning_ids):
    base = _base(twinning_ids)
    assert dashboard.value == base.value
    assert dashboard.pledged_vnd == base.pledged_vnd
    assert dashboard.activities == base.activities
    assert {y: s.total for y, s in dashboard.by_year.items()} == {
        row.year: row.value.total for row in base.by_year
    }
    assert {c: s.total for c, s in dashboard.by_category.items()} == {
        row.category: row.value.total for row in base.by_category
    }


@pytest.fixture
def second_programme(world):
    """The other twinning moved to a programme of its own (its totals move with it)."""
    fill(world)
    programme = Programme.objects.create(name="Chương trình B", province=world.programme.province)
    world.other_twinning.programme = programme
    world.other_twinning.save()
    # A third twinning in the first programme, so that world.twinning alone is part of it.
    third = Twinning.objects.create(
        programme=world.programme,
        sponsor=world.business,
        partner_unit=world.commune,
        partner_organisation=world.partner,
        signed_on=datetime.date(2019, 1, 1),
    )
    activity = add_activity(third, "C", category="gifts", start_date=datetime.date(2020, 5, 1))
    add_contribution(activity, world.business, kind="cash", value_vnd=3_000_000)
    return programme


def test_twinnings_that_are_not_whole_programmes_are_read_per_twinning(world, second_programme):
    assert world.programme.twinnings.count() > 1  # world.twinning alone is part of a programme
    with CaptureQueriesContext(connection) as captured:
        part = queries.summary_totals([world.twinning.pk], per_twinning=False)
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [q for q in sql if "reports_programmecontributionsummary" in q], sql
    assert [q for q in sql if '"reports_contributionsummary"' in q]
    assert part.value.total > 0
    _same_as_base(part, [world.twinning.pk])

    # One programme whole (B: the other twinning) and a part of the first: both tables, added up.
    ids = [world.twinning.pk, world.other_twinning.pk]
    with CaptureQueriesContext(connection) as captured:
        mixed = queries.summary_totals(ids, per_twinning=False)
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 5
    assert [q for q in sql if "reports_programmecontributionsummary" in q]
    assert [q for q in sql if '"reports_contributionsummary"' in q]
    _same_as_base(mixed, ids)
    _same_as_base(
        queries.summary_totals(programmes=[second_programme.pk], per_twinning=False),
        [world.other_twinning.pk],
    )
    # And the country: both programmes whole.
    everything = list(Twinning.objects.values_list("pk", flat=True))
    _same_as_base(queries.summary_totals(everything, per_twinning=False), everything)


def _top_from_base(twinning_ids):
    return [
        (row["contributor_id"], row["total"])
        for row in Contribution.objects.filter(
            activity__twinning__in=twinning_ids, status="delivered"
        )
        .exclude(activity__status="cancelled")
        .order_by()
        .values("contributor_id")
        .annotate(total=Sum("value_vnd"))
        .order_by("-total", "contributor_id")
    ]


def test_top_contributors_equal_the_base_tables(world, second_programme):
    everything = list(Twinning.objects.values_list("pk", flat=True))
    for ids in (everything, [world.twinning.pk], [world.twinning.pk, world.other_twinning.pk]):
        top = queries.top_contributors(ids, limit=10)
        assert [(row.contributor_id, row.value_vnd) for row in top] == _top_from_base(ids)
        assert len(top) >= 2
    # Whole programmes: the contributor summary only, no contribution read.
    with CaptureQueriesContext(connection) as captured:
        top = queries.top_contributors(everything, limit=1)
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 2 and [q for q in sql if "reports_contributorsummary" in q]
    assert not [q for q in sql if '"activities_contribution"' in q], sql
    assert [(row.contributor_id, row.value_vnd) for row in top] == _top_from_base(everything)[:1]
    by_year = queries.top_contributors(
        programmes=[world.programme.pk], year_from=2019, year_to=2020
    )
    assert (
        sum(row.value_vnd for row in by_year)
        == (
            Contribution.objects.filter(
                activity__twinning__programme=world.programme,
                activity__start_date__year__in=[2019, 2020],
                status="delivered",
            )
            .exclude(activity__status="cancelled")
            .aggregate(s=Sum("value_vnd"))["s"]
        )
    )
