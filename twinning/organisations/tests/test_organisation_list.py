"""The list of organisations: those connected to what the user may see, searchable."""

import pytest
from django.urls import reverse

from twinning.organisations.models import Organisation
from twinning.programmes.tests.factories import add_activity, add_contribution
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [organisation.name for organisation in response.context["page_obj"]]


def test_a_coordinator_sees_the_parties_and_contributors_of_their_twinning(client, world):
    add_contribution(
        add_activity(world.twinning, "Quạt"), world.business, kind="cash", value_vnd=1_000
    )
    client.force_login(world.coordinator)
    response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
    assert sorted(names(response)) == sorted(
        [world.sponsor.name, world.partner.name, world.business.name]
    )


def test_the_outsider_does_not_see_the_other_twinnings_contributors(client, world):
    add_contribution(
        add_activity(world.twinning, "Quạt"), world.business, kind="cash", value_vnd=1_000
    )
    client.force_login(world.outsider)
    assert world.business.name not in names(client.get(reverse("organisations:list")))


def test_the_overseer_sees_the_provinces_organisations(client, world):
    client.force_login(world.overseer)
    found = names(client.get(reverse("organisations:list")))
    assert world.sponsor.name in found and world.other_partner.name in found


def test_it_searches_by_name_and_filters_by_kind(client, world):
    client.force_login(world.administrator)
    assert names(client.get(reverse("organisations:list"), {"q": "Ánh Dương"})) == [
        world.business.name
    ]
    found = names(client.get(reverse("organisations:list"), {"kind": "commune_committee"}))
    assert sorted(found) == sorted([world.partner.name, world.other_partner.name])


def test_it_pages_the_list(client, world):
    for n in range(30):
        Organisation.objects.create(name=f"Công ty {n:02d}", kind="business")
    client.force_login(world.administrator)
    first = client.get(reverse("organisations:list"))
    assert len(first.context["page_obj"]) == 25
    assert first.context["page_obj"].paginator.num_pages == 2


def test_htmx_gets_only_the_table(client, world):
    client.force_login(world.administrator)
    response = client.get(
        reverse("organisations:list"),
        {"q": "UBND"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="organisation-table",
    )
    assert response.text.startswith('<div id="organisation-table"')


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    for n in range(count):
        business = Organisation.objects.create(name=f"Công ty {n}", kind="business")
        add_contribution(
            add_activity(world.twinning, f"A{n}"), business, kind="cash", value_vnd=1_000
        )
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("organisations:list"))
    assert response.status_code == 200
