"""The report queries give the article's figures, exactly, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from twinning.activities.models import Activity, Contribution, Output
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.models import Twinning
from twinning.programmes.tests.factories import (
    add_activity,
    add_beneficiaries,
    add_contribution,
    add_item,
    add_plan,
)
from twinning.reports import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def masks(world):
    """The article's masks: 600 given by the Department, 1,500 by businesses it mobilised."""
    activity = add_activity(
        world.twinning,
        "Tặng khẩu trang vải kháng khuẩn",
        category="health",
        start_date=datetime.date(2020, 4, 10),
        reach_person_times=300,
    )
    add_contribution(activity, world.sponsor, item="Khẩu trang", quantity=600, unit_value_vnd=8_000)
    add_contribution(
        activity, world.business, item="Khẩu trang", quantity=1_500, unit_value_vnd=8_000
    )
    add_beneficiaries(activity, "residents", 2_100, women=1_000, ethnic_minority=2_000)
    return activity


@pytest.fixture
def lighting(world):
    activity = add_activity(
        world.twinning,
        "Đèn năng lượng mặt trời",
        category="infrastructure",
        start_date=datetime.date(2022, 9, 1),
    )
    add_contribution(activity, world.business, kind="cash", value_vnd=50_000_000)
    add_contribution(activity, world.sponsor, kind="cash", value_vnd=10_000_000, status="pledged")
    add_beneficiaries(activity, "households", 45)
    return activity


def test_it_adds_up_the_masks_as_the_article_does(world, masks):
    totals = queries.twinning_totals(world.twinning)
    assert totals.value.direct == 4_800_000
    assert totals.value.mobilised == 12_000_000
    assert totals.value.total == 16_800_000
    assert totals.value.in_kind == 16_800_000
    assert totals.value.cash == 0
    assert totals.activities == 1
    assert totals.reach_person_times == 300


def test_it_infers_direct_and_mobilised_from_the_contributor(world, masks):
    origins = dict(masks.contributions.values_list("contributor_id", "origin"))
    assert origins == {world.sponsor.pk: "direct", world.business.pk: "mobilised"}


def test_it_splits_by_kind_category_and_year(world, masks, lighting):
    totals = queries.twinning_totals(world.twinning)
    assert totals.value.total == 66_800_000
    assert totals.value.cash == 50_000_000
    assert totals.value.mobilised == 62_000_000
    assert [(row.category, row.value.total) for row in totals.by_category] == [
        ("infrastructure", 50_000_000),
        ("health", 16_800_000),
    ]
    assert [(row.year, row.activities, row.value.total) for row in totals.by_year] == [
        (2020, 1, 16_800_000),
        (2022, 1, 50_000_000),
    ]
    table = totals.by_category_year
    assert table.years == [2020, 2022]
    assert table.rows[1][2] == [16_800_000, 0]
    assert table.year_totals == [16_800_000, 50_000_000]
    assert (totals.first_year, totals.last_year) == (2020, 2022)


def test_it_keeps_pledges_apart_from_what_was_delivered(world, masks, lighting):
    totals = queries.twinning_totals(world.twinning)
    assert totals.pledged_vnd == 10_000_000
    assert totals.pledged_count == 1
    assert totals.delivered_count == 3


def test_it_leaves_out_cancelled_activities(world, masks):
    cancelled = add_activity(world.twinning, "Hủy", status=Activity.Status.CANCELLED)
    add_contribution(cancelled, world.sponsor, kind="cash", value_vnd=5_000_000)
    add_beneficiaries(cancelled, "children", 40)
    totals = queries.twinning_totals(world.twinning)
    assert totals.value.total == 16_800_000
    assert totals.activities == 1
    assert totals.activities_by_status == {"done": 1, "cancelled": 1}
    assert [row.group for row in totals.beneficiaries] == ["residents"]


def test_it_counts_only_the_twinning_asked_for(world, masks):
    other = add_activity(world.other_twinning, "Khác")
    add_contribution(other, world.other_sponsor, kind="cash", value_vnd=1_000_000)
    assert queries.twinning_totals(world.other_twinning).value.total == 1_000_000
    assert queries.twinning_totals(world.twinning).value.total == 16_800_000


def test_it_limits_totals_to_a_span_of_years(world, masks, lighting):
    totals = queries.twinning_totals(world.twinning, year_from=2016, year_to=2020)
    assert totals.value.total == 16_800_000
    assert queries.twinning_totals(world.twinning, year_from=2021).value.total == 50_000_000


def test_it_adds_up_beneficiaries_by_group(world, masks, lighting):
    totals = queries.twinning_totals(world.twinning)
    assert [(r.group, r.count, r.women, r.ethnic_minority) for r in totals.beneficiaries] == [
        ("households", 45, 0, 0),
        ("residents", 2_100, 1_000, 2_000),
    ]
    assert totals.beneficiaries_total == 2_145


def test_it_counts_activities_by_confirmation(world, masks):
    add_activity(world.twinning, "Đã xác nhận", confirmation="confirmed")
    totals = queries.twinning_totals(world.twinning)
    assert totals.activities_by_confirmation == {"pending": 1, "confirmed": 1}


def test_totals_take_three_queries_whatever_the_rows(world, django_assert_num_queries):
    for n in range(30):
        activity = add_activity(
            world.twinning, f"A{n}", start_date=datetime.date(2016 + n % 8, 1, 1)
        )
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        add_beneficiaries(activity, "children", 2)
    with django_assert_num_queries(3):
        totals = queries.twinning_totals(world.twinning)
    assert totals.value.total == 30_000
    assert totals.beneficiaries_total == 60


def test_it_sets_plan_against_actual(world, masks, lighting):
    plan = add_plan(world.twinning, 2020)
    item = add_item(
        plan,
        "Khẩu trang phòng dịch",
        category="health",
        target_quantity=Decimal(2_000),
        target_unit="Cái",
        budget_vnd=20_000_000,
    )
    not_done = add_item(plan, "Trung thu", category="festival")
    masks.plan_item = item
    masks.save()
    unplanned = add_activity(world.twinning, "Ngoài kế hoạch", start_date=datetime.date(2020, 6, 1))
    add_contribution(unplanned, world.sponsor, kind="cash", value_vnd=2_000_000)

    result = queries.plan_versus_actual(plan)

    first, second = result.items
    assert first.item == item
    assert [line.pk for line in first.activities] == [masks.pk]
    assert first.done
    assert first.actual_quantity == Decimal(2_100)
    assert first.actual_value == 16_800_000
    assert first.budget_used_percent == 84
    assert second.item == not_done and not second.done and second.actual_quantity is None
    assert [line.pk for line in result.unplanned] == [unplanned.pk]
    assert result.unplanned_total == 2_000_000
    assert result.budget_total == 20_000_000
    assert result.actual_total == 16_800_000
    assert result.items_done == 1


def test_plan_quantities_prefer_outputs_in_the_item_unit(world, lighting):
    plan = add_plan(world.twinning, 2022)
    item = add_item(plan, "Đèn", category="infrastructure", target_quantity=30, target_unit="đèn")
    lighting.plan_item = item
    lighting.save()
    Output.objects.create(activity=lighting, description="Đèn", quantity=30, unit="đèn")
    Output.objects.create(
        activity=lighting, description="Đường", quantity=Decimal("1.5"), unit="km"
    )
    assert queries.plan_versus_actual(plan).items[0].actual_quantity == 30


def test_plan_versus_actual_takes_a_fixed_number_of_queries(world, django_assert_num_queries):
    plan = add_plan(world.twinning, 2020)
    for n in range(10):
        item = add_item(plan, f"Mục {n}", target_unit="cái")
        for m in range(3):
            activity = add_activity(world.twinning, f"A{n}.{m}", plan_item=item)
            add_contribution(activity, world.business, quantity=2, unit_value_vnd=1_000)
    with django_assert_num_queries(4):
        result = queries.plan_versus_actual(plan)
    assert result.actual_total == 60_000
    assert result.items[0].actual_quantity == 6


def test_the_overview_has_one_row_per_twinning_with_its_totals(world, masks, lighting):
    from twinning.programmes.tests.factories import add_plan as plan_for

    plan_for(world.twinning, 2024, status="submitted")
    other = add_activity(world.other_twinning, "Khác", start_date=datetime.date(2023, 5, 2))
    add_contribution(other, world.other_sponsor, kind="cash", value_vnd=1_000_000)

    rows = list(queries.overview_rows(Twinning.objects.all(), year=2024, sort="-total"))

    assert [row["slug"] for row in rows] == [world.twinning.slug, world.other_twinning.slug]
    first = rows[0]
    assert first["activity_count"] == 2
    assert first["total_vnd"] == 66_800_000
    assert first["direct_vnd"] == 4_800_000
    assert first["mobilised_vnd"] == 62_000_000
    assert first["last_activity"] == datetime.date(2022, 9, 1)
    assert first["plan_status"] == "submitted"
    assert rows[1]["plan_status"] is None
    assert rows[1]["direct_vnd"] == 1_000_000
    ascending = list(queries.overview_rows(Twinning.objects.all(), year=2024, sort="total"))
    assert ascending[0]["slug"] == world.other_twinning.slug


def test_the_overview_takes_two_queries(world, django_assert_num_queries):
    for n in range(20):
        activity = add_activity(world.twinning, f"A{n}")
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
    # The programmes in Vietnamese order (their rank sorts the twinnings), then the rows.
    with django_assert_num_queries(2):
        rows = list(queries.overview_rows(Twinning.objects.all(), year=2024))
    assert len(rows) == 2


@pytest.mark.parametrize(
    "sort", [*queries.OVERVIEW_SORTS, *("-" + s for s in queries.OVERVIEW_SORTS)]
)
def test_a_page_of_the_overview_has_the_rows_of_the_whole_list(world, sort):
    """OverviewPage reads the last activity and the plan for the page's rows only: the rows,
    their order and every column are those of overview_rows."""
    add_plan(world.other_twinning, 2024, agreed_at=timezone.now())
    add_activity(world.other_twinning, "Later", start_date=datetime.date(2023, 5, 1))
    for n in range(3):
        activity = add_activity(world.twinning, f"A{n}", start_date=datetime.date(2021, 1, n + 1))
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000 * (n + 1))
    whole = list(queries.overview_rows(Twinning.objects.all(), year=2024, sort=sort))
    paged = queries.OverviewPage(Twinning.objects.all(), year=2024, sort=sort)
    assert paged.count() == len(whole) == 2
    assert paged[0:2] == whole
    assert paged[1:2] == whole[1:2]
    assert {row["last_activity"] for row in whole} == {
        datetime.date(2021, 1, 3),
        datetime.date(2023, 5, 1),
    }


def test_programme_totals_add_up_its_twinnings(world, masks, lighting):
    totals = queries.programme_totals(Twinning.objects.all())
    assert totals[world.programme.pk].value.total == 66_800_000
    assert totals[world.programme.pk].activities == 2


def test_a_contributor_statement_says_what_it_gave_and_where(world, masks, lighting):
    other = add_activity(world.other_twinning, "Quạt", start_date=datetime.date(2021, 1, 5))
    add_contribution(other, world.business, item="Quạt", quantity=30, unit_value_vnd=300_000)
    add_beneficiaries(other, "schools", 2)
    given = Contribution.objects.filter(contributor=world.business)

    totals = queries.statement_totals(given)

    assert totals.delivered_vnd == 12_000_000 + 50_000_000 + 9_000_000
    assert totals.pledged_vnd == 0
    assert totals.contributions == 3
    assert totals.activities == 3
    assert totals.by_kind == {"in_kind": 21_000_000, "cash": 50_000_000}
    assert [(row.slug, row.value_vnd) for row in totals.by_twinning] == [
        (world.twinning.slug, 62_000_000),
        (world.other_twinning.slug, 9_000_000),
    ]
    assert [(row.year, row.value_vnd) for row in totals.by_year] == [
        (2020, 12_000_000),
        (2021, 9_000_000),
        (2022, 50_000_000),
    ]
    assert {row.group: row.count for row in totals.beneficiaries} == {
        "residents": 2_100,
        "households": 45,
        "schools": 2,
    }
    lines = queries.statement_lines(queries.statement_contributions(given))
    assert [line.activity.title for line in lines] == [
        "Đèn năng lượng mặt trời",
        "Quạt",
        "Tặng khẩu trang vải kháng khuẩn",
    ]
    assert [g.group for g in lines[2].beneficiary_groups] == ["residents"]


def test_statement_lines_take_two_queries(world, django_assert_num_queries):
    for n in range(15):
        activity = add_activity(world.twinning, f"A{n}")
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        add_beneficiaries(activity, "children", 1)
    given = Contribution.objects.filter(contributor=world.business)
    with django_assert_num_queries(2):
        lines = queries.statement_lines(queries.statement_contributions(given))
    assert len(lines) == 15
    with django_assert_num_queries(3):
        queries.statement_totals(given)


def test_indicator_trends_follow_each_indicator_by_year(world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    power = Indicator.objects.get(code="households_with_electricity")
    for year, value in [(2016, 45), (2020, 41), (2023, 38)]:
        IndicatorValue.objects.create(
            admin_unit=world.commune, indicator=poor, year=year, value=value
        )
    IndicatorValue.objects.create(admin_unit=world.commune, indicator=power, year=2023, value=100)
    trends = queries.indicator_trends([world.commune.pk])
    by_code = {trend.indicator.code: trend for trend in trends}
    assert [p.year for p in by_code["poor_and_near_poor_rate"].points] == [2016, 2020, 2023]
    assert by_code["poor_and_near_poor_rate"].change == -7
    assert by_code["poor_and_near_poor_rate"].improving is True
    assert by_code["households_with_electricity"].latest.value == 100
    assert by_code["households_with_electricity"].improving is None
