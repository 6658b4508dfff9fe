"""The form in which the commune officer keeps the commune's indicators current."""

import pytest
from django.urls import reverse

from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db


def url(world, **params):
    address = reverse("indicators:edit", args=[world.twinning.slug])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_commune_officer_gets_one_row_per_indicator(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    IndicatorValue.objects.create(admin_unit=world.commune, indicator=poor, year=2023, value=41)
    client.force_login(world.commune_officer)
    response = client.get(url(world, year=2023))
    assert response.status_code == 200
    assert len(response.context["forms"]) == Indicator.objects.count()
    assert 'name="poor_and_near_poor_rate-value" value="41"' in response.text
    assert 'name="poor_and_near_poor_rate-expected_version" value="1"' in response.text
    assert 'for="id_poor_and_near_poor_rate-value"' in response.text


def test_it_is_404_for_an_implausible_year(client, world):
    client.force_login(world.commune_officer)
    assert client.get(url(world, year=1800)).status_code == 404
    assert client.get(url(world, year="x")).status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "approver", "viewer", "overseer"])
def test_it_is_403_for_roles_that_do_not_keep_the_profile(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(url(world)).status_code == 403


def test_it_is_404_for_another_organisation(client, world):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
