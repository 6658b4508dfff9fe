"""The history of the commune's indicator values."""

import pytest
from django.urls import reverse

from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("indicators:history", args=[world.twinning.slug])


def test_it_shows_who_changed_which_value(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    IndicatorValue.objects.create(admin_unit=world.commune, indicator=poor, year=2023, value=45)
    client.force_login(world.commune_officer)
    client.post(
        reverse("indicators:save", args=[world.twinning.slug]),
        {
            "year": "2023",
            "poor_and_near_poor_rate-value": "41",
            "poor_and_near_poor_rate-expected_version": "1",
        },
    )
    client.force_login(world.viewer)
    response = client.get(url(world), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    latest = response.context["page_obj"][0]
    assert latest.user == "commune_officer"
    assert latest.subject == "Poor and near-poor households — 2023"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [("value", "45", "41")]


def test_it_leaves_out_other_communes(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    IndicatorValue.objects.create(
        admin_unit=world.other_commune, indicator=poor, year=2023, value=45
    )
    client.force_login(world.viewer)
    assert len(client.get(url(world)).context["page_obj"]) == 0


def test_it_is_404_for_another_organisation(client, world):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
