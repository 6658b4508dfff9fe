"""activities:confirm — the commune officer confirms that the support was received."""

import datetime

import pytest
from django.urls import reverse

from twinning.activities.models import Activity
from twinning.activities.tests.helpers import make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:confirm", args=[activity.pk])


@pytest.fixture
def activity(world) -> Activity:
    return make_activity(world)


def answer(activity, **fields):
    return {
        "confirm-expected_version": activity.version,
        "confirm-received_on": "12/04/2020",
        "confirm-note": "Đã nhận đủ 600 chiếc",
        **fields,
    }


def test_it_shows_the_form_to_the_commune_officer(client, world, activity):
    response = sign_in(client, world.commune_officer).get(url(activity))

    assert response.status_code == 200
    assert b'name="confirm-received_on"' in response.content


def test_it_records_the_confirmation(client, world, activity):
    response = sign_in(client, world.commune_officer).post(url(activity), answer(activity))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.confirmation == "confirmed"
    assert activity.confirmed_by == world.commune_officer
    assert activity.confirmed_at is not None
    assert activity.received_on == datetime.date(2020, 4, 12)
    assert activity.confirmation_note == "Đã nhận đủ 600 chiếc"
    assert activity.version == 2


def test_it_answers_an_htmx_request_with_the_confirmation_card_only(client, world, activity):
    response = sign_in(client, world.commune_officer).post(
        url(activity), answer(activity), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section class="card')
    assert 'data-confirmation="confirmed"' in page
    assert '<span id="header-confirmation" hx-swap-oob="true">' in page  # the page's badge too
    assert "<html" not in page


def test_the_coordinator_then_sees_it_confirmed(client, world, activity):
    sign_in(client, world.commune_officer).post(url(activity), answer(activity))

    page = sign_in(client, world.coordinator).get(reverse("activities:detail", args=[activity.pk]))
    assert 'data-confirmation="confirmed"' in page.content.decode()
    assert "Đã nhận đủ 600 chiếc" in page.content.decode()


def test_it_refuses_to_confirm_figures_changed_since_the_page_was_read(client, world, activity):
    stale = answer(activity)
    Activity.objects.filter(pk=activity.pk).update(version=2)

    response = sign_in(client, world.commune_officer).post(url(activity), stale)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.confirmation == "pending"


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
