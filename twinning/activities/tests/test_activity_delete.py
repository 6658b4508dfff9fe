"""activities:delete — the coordinator deletes an activity after a confirmation page."""

import pytest
from django.urls import reverse

from twinning.activities.models import Activity, Contribution
from twinning.activities.tests.helpers import make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:delete", args=[activity.pk])


@pytest.fixture
def activity(world) -> Activity:
    return make_activity(world, contributions=2)


def test_it_asks_before_deleting(client, world, activity):
    response = sign_in(client, world.coordinator).get(url(activity))

    assert response.status_code == 200
    assert "Its 2 contributions are deleted with it" in response.content.decode()
    assert Activity.objects.exists()


def test_it_deletes_the_activity_and_keeps_its_history(client, world, activity):
    response = sign_in(client, world.coordinator).post(url(activity))

    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:twinning", args=[world.twinning.slug])
    assert not Activity.objects.exists()
    assert not Contribution.objects.exists()
    deletion = Activity.history.filter(id=activity.pk, history_type="-").get()
    assert deletion.history_user == world.coordinator


@pytest.mark.parametrize("role", ["viewer", "approver", "commune_officer", "overseer"])
def test_it_refuses_roles_that_do_not_delete(client, world, activity, role):
    sign_in(client, getattr(world, role))

    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity)).status_code == 403
    assert Activity.objects.exists()


def test_it_hides_the_activity_from_another_organisation(client, world, activity):
    sign_in(client, world.outsider)

    assert client.get(url(activity)).status_code == 404
    assert client.post(url(activity)).status_code == 404
    assert Activity.objects.exists()
