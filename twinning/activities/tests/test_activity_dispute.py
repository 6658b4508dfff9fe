"""activities:dispute — the commune officer says what is not right, with a reason."""

import pytest
from django.urls import reverse
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.activities.tests.helpers import make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:dispute", args=[activity.pk])


@pytest.fixture
def activity(world) -> Activity:
    return make_activity(world)


def answer(activity, reason="Chỉ nhận được 500 chiếc"):
    return {"dispute-expected_version": activity.version, "dispute-reason": reason}


def test_it_records_the_dispute_with_its_reason(client, world, activity):
    response = sign_in(client, world.commune_officer).post(url(activity), answer(activity))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.confirmation == "disputed"
    assert activity.confirmation_note == "Chỉ nhận được 500 chiếc"
    assert activity.confirmed_by == world.commune_officer


def test_it_needs_a_reason(client, world, activity):
    response = sign_in(client, world.commune_officer).post(url(activity), answer(activity, ""))

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Say what is not right, so the sponsor can correct it."
    ]
    activity.refresh_from_db()
    assert activity.confirmation == "pending"


def test_it_takes_a_published_activity_off_the_public_page(client, world, activity):
    Activity.objects.filter(pk=activity.pk).update(
        confirmation="confirmed", confirmed_at=timezone.now(), published=True
    )
    activity.refresh_from_db()

    sign_in(client, world.commune_officer).post(url(activity), answer(activity))

    activity.refresh_from_db()
    assert (activity.confirmation, activity.published) == ("disputed", False)


def test_the_coordinator_sees_the_disputed_badge(client, world, activity):
    sign_in(client, world.commune_officer).post(url(activity), answer(activity))

    response = sign_in(client, world.coordinator).get(
        reverse("activities:detail", args=[activity.pk])
    )
    page = response.content.decode()
    assert 'data-confirmation="disputed"' in page
    assert "Chỉ nhận được 500 chiếc" in page


@pytest.mark.parametrize("role", ["coordinator", "viewer", "approver", "overseer"])
def test_it_refuses_roles_that_do_not_answer_for_the_commune(client, world, activity, role):
    sign_in(client, getattr(world, role))

    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), answer(activity)).status_code == 403
    activity.refresh_from_db()
    assert activity.confirmation == "pending"


def test_it_hides_the_activity_from_another_organisation(client, world, activity):
    sign_in(client, world.outsider)

    assert client.get(url(activity)).status_code == 404
    assert client.post(url(activity), answer(activity)).status_code == 404
