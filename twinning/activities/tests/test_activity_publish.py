"""activities:publish — the coordinator puts a confirmed activity on the public page, or takes
it off."""

import pytest
from django.urls import reverse
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.activities.tests.helpers import make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:publish", args=[activity.pk])


@pytest.fixture
def confirmed(world) -> Activity:
    return make_activity(world, confirmation="confirmed", confirmed_at=timezone.now())


def test_it_publishes_a_confirmed_activity_and_takes_it_off_again(client, world, confirmed):
    sign_in(client, world.coordinator)

    assert client.post(url(confirmed)).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.published

    client.post(url(confirmed))
    confirmed.refresh_from_db()
    assert not confirmed.published


def test_it_refuses_to_publish_what_the_commune_has_not_confirmed(client, world):
    activity = make_activity(world)

    response = sign_in(client, world.coordinator).post(url(activity), follow=True)

    activity.refresh_from_db()
    assert not activity.published
    assert "Only an activity the commune has confirmed can be published." in (
        response.content.decode()
    )


def test_it_refuses_get(client, world, confirmed):
    assert sign_in(client, world.coordinator).get(url(confirmed)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "approver", "commune_officer", "overseer"])
def test_it_refuses_roles_that_do_not_publish(client, world, confirmed, role):
    assert sign_in(client, getattr(world, role)).post(url(confirmed)).status_code == 403
    confirmed.refresh_from_db()
    assert not confirmed.published


def test_it_hides_the_activity_from_another_organisation(client, world, confirmed):
    assert sign_in(client, world.outsider).post(url(confirmed)).status_code == 404
