"""IndicatorValue.full_clean(): a value that makes sense for its indicator's unit."""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from twinning.indicators.models import EthnicComposition, EthnicGroup, Indicator, IndicatorValue


def errors_of(instance) -> dict[str, list[str]]:
    """Return full_clean()'s errors, in English whatever the default language."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    with translation.override("en"):
        return caught.value.message_dict


def value_of(world, code: str, value: str, year: int = 2023) -> IndicatorValue:
    return IndicatorValue(
        admin_unit=world.commune,
        indicator=Indicator.objects.get(code=code),
        year=year,
        value=Decimal(value),
    )


def test_it_refuses_120_per_cent(world):
    assert errors_of(value_of(world, "poor_household_rate", "120")) == {
        "value": ["A percentage lies between 0 and 100."]
    }


def test_it_refuses_a_negative_percentage(world):
    assert errors_of(value_of(world, "households_with_electricity", "-0.5")) == {
        "value": ["A percentage lies between 0 and 100."]
    }


@pytest.mark.parametrize("value", ["0", "21.5", "100"])
def test_it_accepts_a_percentage_from_0_to_100(world, value):
    value_of(world, "poor_household_rate", value).full_clean()


def test_it_refuses_a_negative_count(world):
    assert errors_of(value_of(world, "population", "-1")) == {
        "value": ["This indicator cannot be negative."]
    }


def test_it_accepts_a_count_above_100(world):
    value_of(world, "households", "1250").full_clean()


@pytest.mark.parametrize("value", ["0", "1"])
def test_it_accepts_met_or_not_met(world, value):
    value_of(world, "ntm_criterion_4_electricity", value).full_clean()


@pytest.mark.parametrize("value", ["2", "0.5"])
def test_it_refuses_anything_else_for_met_or_not_met(world, value):
    assert errors_of(value_of(world, "ntm_criterion_4_electricity", value)) == {
        "value": ["Give 1 for met or 0 for not met."]
    }


def test_it_refuses_an_implausible_year_on_the_year(world):
    assert list(errors_of(value_of(world, "population", "1000", year=1989))) == ["year"]


def test_it_refuses_a_second_value_for_the_same_year(world):
    value_of(world, "population", "4200").save()
    assert NON_FIELD_ERRORS in errors_of(value_of(world, "population", "4300"))


def test_it_refuses_an_ethnic_share_above_100_on_the_share(world):
    share = EthnicComposition(
        admin_unit=world.commune,
        year=2023,
        ethnic_group=EthnicGroup.objects.get(name="Raglai"),
        share_percent=Decimal("101"),
    )
    assert list(errors_of(share)) == ["share_percent"]
