"""The database refuses programmes, twinnings, plans and plan items that break the rules."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from twinning.core.tests.refusals import refused
from twinning.programmes.models import AnnualPlan, PlanItem, Programme, Twinning


@pytest.fixture
def plan(world) -> AnnualPlan:
    return AnnualPlan.objects.create(twinning=world.twinning, year=2023)


def plan_item(plan: AnnualPlan, **fields) -> PlanItem:
    return PlanItem.objects.create(
        plan=plan, category="gifts", title="Tặng quà Tết cho hộ nghèo", **fields
    )


# Programme


def test_it_refuses_a_programme_that_ends_before_it_begins(db):
    with refused(Programme, "programme_years_ordered"):
        Programme.objects.create(name="Kết nghĩa 2016–2015", start_year=2016, end_year=2015)


def test_it_accepts_a_programme_of_one_year_or_open_ended(db):
    Programme.objects.create(name="Một năm", start_year=2016, end_year=2016)
    Programme.objects.create(name="Chưa kết thúc", start_year=2016)


# Twinning


def test_it_refuses_the_same_twinning_twice_in_a_programme(world):
    with refused(Twinning, "twinning_unique_pair"):
        Twinning.objects.create(
            programme=world.programme,
            sponsor=world.sponsor,
            partner_unit=world.commune,
            partner_organisation=world.partner,
            signed_on=datetime.date(2020, 1, 1),
        )


def test_it_accepts_the_same_pair_in_another_programme(world):
    later = Programme.objects.create(name="Kết nghĩa giai đoạn 2026–2030", province=world.province)
    Twinning.objects.create(
        programme=later,
        sponsor=world.sponsor,
        partner_unit=world.commune,
        partner_organisation=world.partner,
        signed_on=datetime.date(2026, 1, 1),
    )


def test_it_refuses_a_twinning_that_ends_before_it_was_signed(world):
    world.twinning.ended_on = datetime.date(2016, 7, 31)
    with refused(Twinning, "twinning_ends_after_signing"):
        world.twinning.save(update_fields=["ended_on"])


def test_it_accepts_a_twinning_that_ends_after_it_was_signed(world):
    world.twinning.ended_on = datetime.date(2025, 6, 30)
    world.twinning.save(update_fields=["ended_on"])


def test_it_refuses_a_twinning_of_an_organisation_with_itself(world):
    world.twinning.partner_organisation = world.sponsor
    with refused(Twinning, "twinning_two_distinct_parties"):
        world.twinning.save(update_fields=["partner_organisation"])


# Annual plan


def test_it_refuses_a_second_plan_for_the_same_year(plan):
    with refused(AnnualPlan, "plan_one_per_twinning_year"):
        AnnualPlan.objects.create(twinning=plan.twinning, year=plan.year)


def test_it_accepts_plans_for_other_years_and_other_twinnings(plan, world):
    AnnualPlan.objects.create(twinning=plan.twinning, year=plan.year + 1)
    AnnualPlan.objects.create(twinning=world.other_twinning, year=plan.year)


@pytest.mark.parametrize("year", [1989, 2101])
def test_it_refuses_an_implausible_year(world, year):
    with refused(AnnualPlan, "plan_year_plausible"):
        AnnualPlan.objects.create(twinning=world.twinning, year=year)


@pytest.mark.parametrize("year", [1990, 2100])
def test_it_accepts_the_first_and_last_plausible_year(world, year):
    AnnualPlan.objects.create(twinning=world.twinning, year=year)


def test_it_refuses_a_submitted_plan_without_its_date(plan):
    plan.status = AnnualPlan.Status.SUBMITTED
    with refused(AnnualPlan, "plan_submitted_has_date"):
        plan.save(update_fields=["status"])


def test_it_refuses_an_approved_plan_without_its_date(plan):
    plan.status = AnnualPlan.Status.APPROVED
    plan.submitted_at = timezone.now()
    with refused(AnnualPlan, "plan_approved_has_date"):
        plan.save(update_fields=["status", "submitted_at"])


def test_it_accepts_a_plan_submitted_then_approved_with_dates(plan):
    plan.status = AnnualPlan.Status.APPROVED
    plan.submitted_at = plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "approved_at"])


# Plan item


def test_it_accepts_a_plan_item_due_in_a_month(plan):
    assert plan_item(plan, due_month=1, budget_vnd=0, target_quantity=Decimal("0")).due_date == (
        datetime.date(2023, 1, 31)
    )


def test_it_accepts_a_plan_item_due_in_a_quarter(plan):
    assert plan_item(plan, due_quarter=4).due_date == datetime.date(2023, 12, 31)


def test_it_refuses_a_plan_item_due_in_both_a_month_and_a_quarter(plan):
    with refused(PlanItem, "planitem_due_month_or_quarter"):
        plan_item(plan, due_month=1, due_quarter=1)


def test_it_refuses_a_negative_budget(plan):
    with refused(PlanItem, "planitem_budget_not_negative"):
        plan_item(plan, budget_vnd=-1)


def test_it_refuses_a_negative_target_quantity(plan):
    with refused(PlanItem, "planitem_quantity_not_negative"):
        plan_item(plan, target_quantity=Decimal("-0.001"))


@pytest.mark.parametrize("month", [0, 13])
def test_it_refuses_a_month_outside_the_year(plan, month):
    with refused(PlanItem, "planitem_due_month_valid"):
        plan_item(plan, due_month=month)


@pytest.mark.parametrize("quarter", [0, 5])
def test_it_refuses_a_quarter_outside_the_year(plan, quarter):
    with refused(PlanItem, "planitem_due_quarter_valid"):
        plan_item(plan, due_quarter=quarter)


@pytest.mark.parametrize("month", [1, 12])
def test_it_accepts_the_first_and_last_month(plan, month):
    plan_item(plan, due_month=month)
