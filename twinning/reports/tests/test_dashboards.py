"""Totals on screen read the summary kept exact on every write, and equal the aggregate over
the base tables: the twinning page's totals, the overview's rows and its programme totals."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import Count, Sum
from django.test.utils import CaptureQueriesContext

from twinning.activities.models import Activity, Contribution
from twinning.programmes.models import Twinning
from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.reports import queries
from twinning.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(world):
    """Activities over three years and categories: one cancelled, a pledge, cash and in kind,
    the sponsor's own and a business's, in both twinnings."""
    masks = add_activity(world.twinning, "Khẩu trang", category="health",
                         start_date=datetime.date(2020, 4, 10))  # fmt: skip
    add_contribution(masks, world.sponsor, item="Khẩu trang", quantity=600, unit_value_vnd=8_000)
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1500, unit_value_vnd=8_000)
    lamps = add_activity(world.twinning, "Đèn", category="infrastructure",
                         start_date=datetime.date(2021, 1, 20))  # fmt: skip
    add_contribution(lamps, world.business, kind="cash", value_vnd=30_000_000)
    add_contribution(lamps, world.business, kind="cash", value_vnd=5_000_000, status="pledged")
    cancelled = add_activity(world.twinning, "Hoãn", category="gifts",
                             start_date=datetime.date(2021, 6, 1), status="cancelled")  # fmt: skip
    add_contribution(cancelled, world.sponsor, kind="cash", value_vnd=9_000_000)
    gifts = add_activity(world.twinning, "Quà Tết", start_date=datetime.date(2019, 1, 25))
    add_contribution(gifts, world.sponsor, item="Quà", quantity=30, unit_value_vnd=500_000)
    books = add_activity(world.other_twinning, "Sách", category="education",
                         start_date=datetime.date(2021, 9, 5))  # fmt: skip
    add_contribution(books, world.other_sponsor, item="Sách", quantity=200, unit_value_vnd=10_000)


def _base(twinning, year_from=None, year_to=None):
    """The totals of the twinning over the base tables (activity_totals' own query)."""
    activities = Activity.objects.filter(twinning=twinning)
    if year_from:
        activities = activities.filter(start_date__year__gte=year_from)
    if year_to:
        activities = activities.filter(start_date__year__lte=year_to)
    return queries.activity_totals(activities)


def _money(totals):
    return (
        totals.value,
        totals.pledged_vnd,
        totals.delivered_count,
        totals.pledged_count,
        totals.activities,
        [(row.year, row.activities, row.value) for row in totals.by_year],
        [(row.category, row.activities, row.value) for row in totals.by_category],
        totals.by_category_year,
    )


@pytest.mark.parametrize("span", [(None, None), (2020, 2021), (2021, 2021), (2030, 2031)])
def test_twinning_totals_equal_the_base_tables(world, mixed, span):
    from_summary = queries.twinning_totals(world.twinning, year_from=span[0], year_to=span[1])
    assert _money(from_summary) == _money(_base(world.twinning, *span))


def test_the_twinning_totals_figures(world, mixed):
    totals = queries.twinning_totals(world.twinning)
    assert totals.value.total == 4_800_000 + 12_000_000 + 30_000_000 + 15_000_000
    assert totals.pledged_vnd == 5_000_000 and totals.activities == 3


def test_twinning_totals_read_no_contribution_row(world, mixed):
    with CaptureQueriesContext(connection) as captured:
        queries.twinning_totals(world.twinning)
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 3
    assert not [q for q in sql if '"activities_contribution"' in q], sql
    assert [q for q in sql if '"reports_contributionsummary"' in q]


def test_the_overview_and_programme_totals_equal_the_base_tables(world, mixed):
    delivered = Contribution.objects.filter(status="delivered").exclude(
        activity__status="cancelled"
    )
    counted = Activity.objects.exclude(status="cancelled")
    rows = {row["pk"]: row for row in queries.overview_rows(Twinning.objects.all(), year=2021)}
    for twinning in (world.twinning, world.other_twinning):
        mine = delivered.filter(activity__twinning=twinning)
        row = rows[twinning.pk]
        assert row["total_vnd"] == mine.aggregate(s=Sum("value_vnd"))["s"]
        assert row["direct_vnd"] == (
            mine.filter(origin="direct").aggregate(s=Sum("value_vnd"))["s"] or 0
        )
        assert row["activity_count"] == counted.filter(twinning=twinning).count()
    totals = queries.programme_totals(Twinning.objects.all())[world.programme.pk]
    assert totals.value.total == delivered.aggregate(s=Sum("value_vnd"))["s"]
    assert totals.activities == counted.aggregate(n=Count("pk"))["n"]
    # Neither adds up the per-twinning summary per request: one totals row per twinning.
    overview_sql = str(
        queries.overview_rows(Twinning.objects.all(), year=2021, sort="-total").query
    )
    assert "reports_twinningtotals" in overview_sql
    assert "reports_contributionsummary" not in overview_sql
    assert "reports_activitysummary" not in overview_sql
    with CaptureQueriesContext(connection) as captured:
        queries.programme_totals(Twinning.objects.all())
    assert len(captured.captured_queries) == 1
    assert "reports_twinningtotals" in captured.captured_queries[0]["sql"]


def test_the_twinning_page_shows_the_total_of_the_base_tables(client, world, mixed, settings):
    settings.LANGUAGE_CODE = "vi"
    client.login(username=world.coordinator.username, password=PASSWORD)
    page = client.get(f"/twinnings/{world.twinning.slug}/").content.decode()
    total = (
        Contribution.objects.filter(activity__twinning=world.twinning, status="delivered")
        .exclude(activity__status="cancelled")
        .aggregate(s=Sum("value_vnd"))["s"]
    )
    start = page.index('data-testid="total-value">') + len('data-testid="total-value">')
    shown = page[start : page.index("<", start)]
    assert shown.startswith("61.800.000") and re.sub(r"\D", "", shown) == str(total)
