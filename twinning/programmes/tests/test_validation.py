"""full_clean() on twinnings and plans: what is wrong, and on which field."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from twinning.programmes.models import AnnualPlan, PlanItem, Programme, Twinning


def errors_of(instance) -> dict[str, list[str]]:
    """Return full_clean()'s errors, in English whatever the default language."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    with translation.override("en"):
        return caught.value.message_dict


@pytest.fixture
def plan(world) -> AnnualPlan:
    return AnnualPlan.objects.create(twinning=world.twinning, year=2023)


def test_it_accepts_the_world_s_twinning(world):
    world.twinning.full_clean()


def test_it_refuses_a_partner_that_is_not_a_commune(world):
    district = world.commune.parent
    twinning = Twinning(
        programme=world.programme,
        sponsor=world.other_sponsor,
        partner_unit=district,
        partner_organisation=world.partner,
        signed_on=datetime.date(2020, 1, 1),
    )
    assert errors_of(twinning) == {"partner_unit": ["The partner must be a commune."]}


def test_it_refuses_a_twinning_that_ends_before_it_was_signed(world):
    world.twinning.ended_on = datetime.date(2016, 7, 31)
    assert NON_FIELD_ERRORS in errors_of(world.twinning)


def test_it_refuses_a_twinning_of_an_organisation_with_itself(world):
    world.twinning.partner_organisation = world.sponsor
    assert NON_FIELD_ERRORS in errors_of(world.twinning)


def test_it_refuses_the_same_twinning_twice_in_a_programme(world):
    twice = Twinning(
        programme=world.programme,
        sponsor=world.sponsor,
        partner_unit=world.commune,
        partner_organisation=world.partner,
        signed_on=datetime.date(2020, 1, 1),
    )
    assert errors_of(twice) == {
        NON_FIELD_ERRORS: [
            "Twinning with this Programme, Sponsor and Partner commune already exists."
        ]
    }


def test_it_refuses_a_programme_that_ends_before_it_begins(db):
    programme = Programme(name="Kết nghĩa", start_year=2016, end_year=2015)
    assert NON_FIELD_ERRORS in errors_of(programme)


def test_it_refuses_a_second_plan_for_the_same_year(plan):
    assert errors_of(AnnualPlan(twinning=plan.twinning, year=plan.year)) == {
        NON_FIELD_ERRORS: ["Annual plan with this Twinning and Year already exists."]
    }


def test_it_refuses_an_implausible_plan_year_on_the_year(world):
    assert "year" in errors_of(AnnualPlan(twinning=world.twinning, year=1989))


def test_it_refuses_a_plan_item_due_in_both_a_month_and_a_quarter(plan):
    item = PlanItem(plan=plan, category="gifts", title="Quà Tết", due_month=1, due_quarter=1)
    assert errors_of(item) == {"due_quarter": ["Give a due month or a due quarter, not both."]}


@pytest.mark.parametrize(
    ("field", "value"),
    [("due_month", 13), ("due_quarter", 5), ("budget_vnd", -1), ("target_quantity", -1)],
)
def test_it_refuses_an_out_of_range_plan_item_value_on_its_field(plan, field, value):
    item = PlanItem(plan=plan, category="gifts", title="Quà Tết", **{field: value})
    assert list(errors_of(item)) == [field]


def test_it_accepts_a_plan_item_due_in_a_quarter(plan):
    PlanItem(plan=plan, category="gifts", title="Quà Tết", due_quarter=1).full_clean()
