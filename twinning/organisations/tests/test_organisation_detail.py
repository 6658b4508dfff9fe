"""An organisation's page and statement: what it gave, when, where it went, who it reached."""

import datetime

import pytest
from django.urls import reverse

from twinning.organisations.models import Organisation
from twinning.programmes.tests.factories import (
    add_activity,
    add_beneficiaries,
    add_contribution,
)
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db


def url(organisation):
    return reverse("organisations:detail", args=[organisation.slug])


@pytest.fixture
def gifts(world):
    masks = add_activity(
        world.twinning,
        "Khẩu trang",
        category="health",
        start_date=datetime.date(2020, 4, 1),
        place="Thôn 1",
    )
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1_500, unit_value_vnd=8_000)
    add_beneficiaries(masks, "residents", 1_500)
    fans = add_activity(
        world.other_twinning,
        "Quạt cho trường học",
        category="education",
        start_date=datetime.date(2021, 9, 1),
    )
    add_contribution(fans, world.business, item="Quạt", quantity=30, unit_value_vnd=300_000)
    add_beneficiaries(fans, "schools", 2)
    return masks, fans


def test_a_contributor_sees_everything_it_gave_and_where_it_went(client, world, gifts):
    client.force_login(world.contributor)
    response = client.get(url(world.business), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert 'data-testid="delivered">21.000.000 đ<' in response.text
    assert "Quạt cho trường học" in response.text and "Khẩu trang" in response.text
    assert "Thôn 1" in response.text
    assert "Trường học" in response.text or "Schools" in response.text
    assert response.context["is_own"]


def test_a_contributor_lands_on_its_statement(client, world, gifts):
    client.force_login(world.contributor)
    response = client.get(reverse("accounts:home"))
    assert response.status_code == 200
    assert response.context["organisation"] == world.business
    assert response.context["totals"].delivered_vnd == 21_000_000


def test_a_coordinator_sees_only_what_went_to_their_twinning(client, world, gifts):
    client.force_login(world.coordinator)
    response = client.get(url(world.business))
    assert response.context["totals"].delivered_vnd == 12_000_000
    assert "Quạt cho trường học" not in response.text


def test_the_overseer_sees_all_of_the_province(client, world, gifts):
    client.force_login(world.overseer)
    assert client.get(url(world.business)).context["totals"].delivered_vnd == 21_000_000


def test_the_outsider_gets_404_for_a_business_of_another_twinning_only(client, world):
    masks = add_activity(world.twinning, "Khẩu trang")
    add_contribution(masks, world.business, kind="cash", value_vnd=1_000)
    client.force_login(world.outsider)
    assert client.get(url(world.business)).status_code == 404
    assert client.get(url(world.sponsor)).status_code == 404


def test_a_sponsor_page_lists_its_twinnings(client, world):
    client.force_login(world.viewer)
    response = client.get(url(world.sponsor))
    assert reverse("programmes:twinning", args=[world.twinning.slug]) in response.text


def test_a_predecessors_gifts_count_for_its_successor(client, world):
    old = Organisation.objects.create(
        name="Công ty cũ", kind="business", succeeded_by=world.business
    )
    add_contribution(add_activity(world.twinning, "Tết"), old, kind="cash", value_vnd=5_000_000)
    client.force_login(world.contributor)
    assert client.get(url(world.business)).context["totals"].delivered_vnd == 5_000_000


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    for n in range(count):
        activity = add_activity(
            world.twinning, f"A{n}", start_date=datetime.date(2016 + n % 8, 1, 1)
        )
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        add_beneficiaries(activity, "children", 3)
    client.force_login(world.contributor)
    with django_assert_max_num_queries(16):
        response = client.get(url(world.business))
    assert response.status_code == 200


def test_a_contributor_gets_no_link_to_activities_it_may_not_open(client, world, gifts):
    masks, _fans = gifts
    client.force_login(world.contributor)
    assert reverse("activities:detail", args=[masks.pk]) not in client.get(url(world.business)).text
    client.force_login(world.coordinator)
    assert reverse("activities:detail", args=[masks.pk]) in client.get(url(world.business)).text
