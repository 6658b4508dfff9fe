"""The summary kept exact on every write: cascades, moves, the rebuild command, and the
dashboard totals read from it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from twinning.activities.models import Activity, Contribution
from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.reports import queries, summary
from twinning.reports.models import ActivitySummary, ContributionSummary

pytestmark = pytest.mark.django_db


def _exact() -> bool:
    """Every summary table, the coarse ones included, equals the GROUP BY over the base tables."""
    return summary.differences() == []


@pytest.fixture
def masks(world):
    activity = add_activity(
        world.twinning, "Khẩu trang", category="health", start_date=datetime.date(2020, 4, 10)
    )
    add_contribution(activity, world.sponsor, quantity=600, unit_value_vnd=8_000)
    add_contribution(activity, world.business, quantity=1_500, unit_value_vnd=8_000)
    return activity


def test_it_counts_the_masks_as_they_are_written(world, masks):
    totals = queries.summary_totals([world.twinning.pk])
    assert (totals.value.direct, totals.value.mobilised) == (4_800_000, 12_000_000)
    assert totals.activities == 1 and totals.contributions == 2
    assert totals.by_year[2020].total == 16_800_000
    assert totals.by_category["health"].in_kind == 16_800_000


def test_it_moves_the_contributions_with_their_activity(world, masks):
    masks.twinning = world.other_twinning
    masks.start_date = datetime.date(2021, 1, 5)
    masks.category = "gifts"
    masks.save()
    assert queries.summary_totals([world.twinning.pk]).value.total == 0
    moved = queries.summary_totals([world.other_twinning.pk])
    assert moved.by_category["gifts"].total == 16_800_000 and moved.activities == 1
    assert _exact()


def test_it_leaves_out_cancelled_activities_and_brings_them_back(world, masks):
    masks.status = Activity.Status.CANCELLED
    masks.save()
    assert queries.summary_totals([world.twinning.pk]).value.total == 0
    masks.status = Activity.Status.DONE
    masks.save()
    assert queries.summary_totals([world.twinning.pk]).value.total == 16_800_000
    assert _exact()


def test_it_follows_cascade_deletes(world, masks):
    masks.delete()
    assert queries.summary_totals([world.twinning.pk]).value.total == 0
    assert _exact()
    world.other_twinning.delete()  # its summary rows go with it
    assert _exact()


def test_it_keeps_pledges_apart(world, masks):
    pledge = add_contribution(
        masks, world.business, kind="cash", value_vnd=5_000_000, status="pledged"
    )
    totals = queries.summary_totals([world.twinning.pk])
    assert (totals.value.total, totals.pledged_vnd) == (16_800_000, 5_000_000)
    pledge.status = Contribution.Status.DELIVERED
    pledge.save()
    assert queries.summary_totals([world.twinning.pk]).value.cash == 5_000_000
    assert _exact()


def test_it_rebuilds_and_reports_what_a_bulk_update_skipped(world, masks):
    Contribution.objects.filter(activity=masks).update(
        unit_value_vnd=None, value_vnd=1
    )  # no signals
    out = io.StringIO()
    with translation.override("en"), pytest.raises(SystemExit):
        call_command("rebuild_summary", "--check", stdout=out)
    assert "summary (4800000, 1), base tables (1, 1)" in out.getvalue()
    out = io.StringIO()
    with translation.override("en"):
        call_command("rebuild_summary", stdout=out)
    # Two contribution keys (the sponsor's direct gift, the business's mobilised one), each in
    # the fine, programme and contributor tables, and the twinning's totals row.
    text = out.getvalue()
    assert "7 differences corrected" in text
    for table in ("programme contributions", "contributors", "twinning totals"):
        assert f"\n{table} " in text
    assert _exact()
    call_command("rebuild_summary", "--check", stdout=io.StringIO())


def test_it_sums_the_province_from_the_summary(world, masks):
    data = queries.province_summary(world.programme.twinnings.all())
    by_slug = {row.slug: row for row in data.rows}
    assert by_slug[world.twinning.slug].by_category == {"health": 16_800_000}
    assert data.total.value.total == 16_800_000 and data.years == [2020]


def test_it_matches_the_aggregate_on_the_demo(demo):
    assert _exact()
    assert ContributionSummary.objects.exists() and ActivitySummary.objects.exists()
