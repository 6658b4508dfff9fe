"""Saving a year's indicator values: all or nothing, stale values refused with what changed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from twinning.core.versioning import save_if_unchanged
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("indicators:save", args=[world.twinning.slug])


def test_it_creates_changes_and_clears_values(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    power = Indicator.objects.get(code="households_with_electricity")
    water = Indicator.objects.get(code="hygienic_water")
    old = IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=poor, year=2023, value=45
    )
    gone = IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=water, year=2023, value=60
    )
    client.force_login(world.commune_officer)
    response = client.post(
        url(world),
        {
            "year": "2023",
            "poor_and_near_poor_rate-value": "40,5",
            "poor_and_near_poor_rate-is_lower_bound": "on",
            "poor_and_near_poor_rate-note": "Báo cáo UBND xã",
            "poor_and_near_poor_rate-expected_version": "1",
            "households_with_electricity-value": "100",
            "hygienic_water-value": "",
            "hygienic_water-expected_version": "1",
            "ntm_criterion_4_electricity-value": "1",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#profile")
    old.refresh_from_db()
    assert old.value == Decimal("40.5") and old.is_lower_bound and old.version == 2
    created = IndicatorValue.objects.get(indicator=power, year=2023)
    assert created.value == 100 and created.created_by == world.commune_officer
    assert not IndicatorValue.objects.filter(pk=gone.pk).exists()
    assert IndicatorValue.objects.get(indicator__code="ntm_criterion_4_electricity").value == 1
    assert old.history.latest().history_user == world.commune_officer


def test_errors_come_back_at_the_field_and_nothing_is_saved(client, world):
    client.force_login(world.commune_officer)
    response = client.post(
        url(world),
        {
            "year": "2023",
            "poor_and_near_poor_rate-value": "140",
            "households_with_electricity-value": "100",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "A percentage lies between 0 and 100." in response.text
    assert 'value="140"' in response.text and 'value="100"' in response.text
    assert not IndicatorValue.objects.exists()


def test_a_stale_value_is_refused_listing_the_change_and_keeping_the_input(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    value = IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=poor, year=2023, value=45
    )
    value.value = 44
    save_if_unchanged(value, 1)  # someone else, first
    client.force_login(world.commune_officer)
    data = {
        "year": "2023",
        "poor_and_near_poor_rate-value": "41",
        "poor_and_near_poor_rate-expected_version": "1",
        "households_with_electricity-value": "100",
    }
    response = client.post(url(world), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Someone else changed this record after you opened it." in response.text
    assert "now “44”, yours “41”" in response.text
    assert 'name="poor_and_near_poor_rate-value" value="41"' in response.text
    assert 'name="poor_and_near_poor_rate-expected_version" value="2"' in response.text
    value.refresh_from_db()
    assert value.value == 44
    assert not IndicatorValue.objects.filter(indicator__code="households_with_electricity").exists()

    again = client.post(url(world), data | {"poor_and_near_poor_rate-expected_version": "2"})
    assert again.status_code == 302
    value.refresh_from_db()
    assert value.value == 41


def test_it_refuses_get(client, world):
    client.force_login(world.commune_officer)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["coordinator", "approver", "viewer", "overseer"])
def test_it_is_403_for_roles_that_do_not_keep_the_profile(client, world, role):
    client.force_login(getattr(world, role))
    response = client.post(url(world), {"year": "2023", "population-value": "5000"})
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_it_is_404_for_another_organisation(client, world):
    client.force_login(world.outsider)
    response = client.post(url(world), {"year": "2023", "population-value": "5000"})
    assert response.status_code == 404


def test_a_locked_year_is_refused_with_the_reason_and_the_input_kept(client, world):
    from twinning.locks.locking import lock_year

    lock_year(world.twinning, 2023, world.approver)
    client.force_login(world.commune_officer)
    response = client.post(url(world), {"year": "2023", "population-value": "5123"})
    assert response.status_code == 200
    assert "is locked because its report was signed off" in response.text
    assert 'value="5123"' in response.text
    assert not IndicatorValue.objects.exists()
