"""full_clean() on activities and what belongs to them: what is wrong, and on which field.

Rules that involve two fields of equal weight (a dispute and its reason, women and the count)
come from named database constraints, which Django reports as errors of the whole record.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone, translation

from twinning.activities.models import Activity, BeneficiaryCount, Contribution

TET_2020 = datetime.date(2020, 1, 20)


def errors_of(instance) -> dict[str, list[str]]:
    """Return full_clean()'s errors, in English whatever the default language."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    with translation.override("en"):
        return caught.value.message_dict


@pytest.fixture
def activity(world) -> Activity:
    return Activity.objects.create(
        twinning=world.twinning, category="gifts", title="Tặng quà Tết", start_date=TET_2020
    )


def masks(activity, world, quantity="600", unit_value=8_000, value=None, **fields):
    fields = {"origin": "mobilised", "kind": "in_kind", "item": "khẩu trang vải", **fields}
    return Contribution(
        activity=activity,
        contributor=world.business,
        quantity=None if quantity is None else Decimal(quantity),
        unit="cái",
        unit_value_vnd=unit_value,
        value_vnd=value,
        **fields,
    )


# Contribution


def test_it_fills_the_value_from_quantity_and_unit_value(activity, world):
    contribution = masks(activity, world, "600", 8_000, None)
    contribution.full_clean()
    assert contribution.value_vnd == 4_800_000


def test_it_fills_a_fractional_product_rounded_half_up(activity, world):
    contribution = masks(activity, world, "1.5", 3, None)
    contribution.full_clean()
    assert contribution.value_vnd == 5


def test_it_accepts_a_value_that_matches(activity, world):
    masks(activity, world, "1500", 8_000, 12_000_000).full_clean()


def test_it_reports_a_mismatched_value_on_the_value_with_the_expected_amount(activity, world):
    errors = errors_of(masks(activity, world, "600", 8_000, 4_800_001))
    assert errors == {
        "value_vnd": ["The value must equal the quantity times the unit value (4,800,000)."]
    }


def test_it_writes_the_expected_amount_as_the_language_groups_numbers(activity, world):
    contribution = masks(activity, world, "600", 8_000, 4_800_001)
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        contribution.full_clean()
    assert "4.800.000" in caught.value.message_dict["value_vnd"][0]


def test_it_refuses_cash_without_its_value(activity, world):
    cash = masks(activity, world, None, None, None, kind="cash", item="")
    assert errors_of(cash) == {"value_vnd": ["A cash contribution needs its value."]}


def test_it_asks_for_the_unit_of_a_quantity_of_goods(activity, world):
    goods = masks(activity, world, "30", None, None)
    goods.unit = ""
    assert errors_of(goods) == {"unit": ["Give the unit of the quantity."]}


@pytest.mark.parametrize("field", ["quantity", "unit_value_vnd", "value_vnd"])
def test_it_refuses_a_negative_amount_on_its_field(activity, world, field):
    contribution = masks(activity, world, None, None, None)
    setattr(contribution, field, -1)
    assert "Ensure this value is greater than or equal to 0." in errors_of(contribution)[field]


def test_it_refuses_a_delivery_before_its_pledge(activity, world):
    late = masks(
        activity,
        world,
        status="delivered",
        pledged_on=TET_2020,
        delivered_on=TET_2020 - datetime.timedelta(days=1),
    )
    assert NON_FIELD_ERRORS in errors_of(late)


# Activity


def test_it_accepts_a_plain_activity(activity):
    activity.full_clean()


def test_it_refuses_a_dispute_without_a_reason(activity):
    activity.confirmation = Activity.Confirmation.DISPUTED
    activity.confirmed_at = timezone.now()
    assert errors_of(activity) == {NON_FIELD_ERRORS: ["A dispute needs a reason."]}


def test_it_refuses_to_publish_what_the_commune_has_not_confirmed(activity):
    activity.published = True
    assert errors_of(activity) == {
        NON_FIELD_ERRORS: ["Only activities the commune confirmed can be published."]
    }


def test_it_refuses_an_activity_that_ends_before_it_starts(activity):
    activity.end_date = TET_2020 - datetime.timedelta(days=1)
    assert errors_of(activity) == {
        NON_FIELD_ERRORS: ["The end date cannot be before the start date."]
    }


def test_it_refuses_an_answer_from_the_commune_without_its_time(activity):
    activity.confirmation = Activity.Confirmation.CONFIRMED
    assert NON_FIELD_ERRORS in errors_of(activity)


# Beneficiary counts


def test_it_refuses_more_women_than_people(activity):
    count = BeneficiaryCount(activity=activity, group="students", count=30, women=31)
    assert errors_of(count) == {NON_FIELD_ERRORS: ["Women cannot outnumber the count."]}


def test_it_refuses_more_ethnic_minority_people_than_people(activity):
    count = BeneficiaryCount(activity=activity, group="students", count=30, ethnic_minority=31)
    assert errors_of(count) == {
        NON_FIELD_ERRORS: ["Ethnic-minority beneficiaries cannot outnumber the count."]
    }


def test_it_refuses_a_negative_count_on_the_count(activity):
    assert "count" in errors_of(BeneficiaryCount(activity=activity, group="students", count=-1))


def test_it_refuses_the_same_group_twice(activity):
    BeneficiaryCount.objects.create(activity=activity, group="students", count=30)
    assert NON_FIELD_ERRORS in errors_of(
        BeneficiaryCount(activity=activity, group="students", count=5)
    )
