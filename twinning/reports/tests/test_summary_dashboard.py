"""Dashboard totals from the summary, added up in the database: the same figures as the base
tables, in two queries whatever the number of twinnings."""

import datetime

from twinning.activities.models import Activity
from twinning.programmes.models import Twinning
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
    with django_assert_num_queries(2):
        dashboard = queries.summary_totals(ids, per_twinning=False)
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
