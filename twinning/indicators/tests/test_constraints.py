"""The database refuses indicator values and ethnic compositions that break the rules.

The indicators and the 54 ethnic groups are reference data every installation has (loaded by
a migration), so the tests use them as they are.
"""

from decimal import Decimal

import pytest

from twinning.core.tests.refusals import refused
from twinning.indicators.models import EthnicComposition, EthnicGroup, Indicator, IndicatorValue


@pytest.fixture
def poor_household_rate(db) -> Indicator:
    return Indicator.objects.get(code="poor_household_rate")


@pytest.fixture
def k_ho(db) -> EthnicGroup:
    return EthnicGroup.objects.get(name="Cơ-ho")


def value_of(indicator, unit, year=2023, value="21.5") -> IndicatorValue:
    return IndicatorValue.objects.create(
        admin_unit=unit, indicator=indicator, year=year, value=Decimal(value)
    )


def test_it_refuses_two_values_of_an_indicator_for_one_unit_and_year(world, poor_household_rate):
    value_of(poor_household_rate, world.commune)
    with refused(IndicatorValue, "indicatorvalue_once_a_year"):
        value_of(poor_household_rate, world.commune, value="22")


def test_it_accepts_values_for_other_years_and_other_units(world, poor_household_rate):
    value_of(poor_household_rate, world.commune, year=2022)
    value_of(poor_household_rate, world.commune, year=2023)
    value_of(poor_household_rate, world.other_commune, year=2023)


@pytest.mark.parametrize("year", [1989, 2101])
def test_it_refuses_an_implausible_year(world, poor_household_rate, year):
    with refused(IndicatorValue, "indicatorvalue_year_plausible"):
        value_of(poor_household_rate, world.commune, year=year)


def test_it_refuses_a_negative_value(world):
    population = Indicator.objects.get(code="population")
    with refused(IndicatorValue, "indicatorvalue_not_negative"):
        value_of(population, world.commune, value="-1")


def test_it_accepts_a_value_of_zero(world, poor_household_rate):
    value_of(poor_household_rate, world.commune, value="0")


def composition(unit, group, **fields) -> EthnicComposition:
    return EthnicComposition.objects.create(
        admin_unit=unit, year=2023, ethnic_group=group, **fields
    )


def test_it_refuses_a_group_twice_in_one_unit_and_year(world, k_ho):
    composition(world.commune, k_ho, share_percent=Decimal("60"))
    with refused(EthnicComposition, "ethnic_composition_once"):
        composition(world.commune, k_ho, share_percent=Decimal("61"))


@pytest.mark.parametrize("share", ["-0.01", "100.01"])
def test_it_refuses_a_share_outside_0_to_100(world, k_ho, share):
    with refused(EthnicComposition, "ethnic_share_is_percentage"):
        composition(world.commune, k_ho, share_percent=Decimal(share))


@pytest.mark.parametrize("share", ["0", "100"])
def test_it_accepts_a_share_of_0_or_100(world, k_ho, share):
    composition(world.commune, k_ho, share_percent=Decimal(share))


def test_it_refuses_a_negative_population(world, k_ho):
    with refused(EthnicComposition, "population"):
        composition(world.commune, k_ho, population=-1)


def test_it_refuses_an_indicator_code_twice(db):
    with refused(Indicator, "code"):
        Indicator.objects.create(code="population", name="Dân số (lần hai)", unit="people")


def test_it_refuses_an_ethnic_group_code_or_name_twice(db):
    with refused(EthnicGroup, "code"):
        EthnicGroup.objects.create(code="16", name="Nhóm thử")
    with refused(EthnicGroup, "name"):
        EthnicGroup.objects.create(code="99", name="Cơ-ho")
