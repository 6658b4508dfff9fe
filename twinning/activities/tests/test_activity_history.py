"""activities:history — who changed what and when; named recipients' history only for roles
that may see them, and each look logged."""

import pytest
from django.urls import reverse

from twinning.activities.models import Activity, PersonalDataAccess, Recipient
from twinning.activities.tests.helpers import add_rows, edit_data, make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:history", args=[activity.pk])


@pytest.fixture
def activity(world, client) -> Activity:
    """An activity created, then edited through the form by the coordinator."""
    activity = make_activity(world)
    data = edit_data(activity)
    data["title"] = "Trao 500 khẩu trang"
    data["contributions-0-quantity"] = "500"
    data["contributions-0-value_vnd"] = ""
    add_rows(data, "recipients", {"full_name": "Hộ bà Ka Bơ", "group": "poor_households"})
    data["recipients-0-kind"] = "household"
    sign_in(client, world.coordinator).post(reverse("activities:edit", args=[activity.pk]), data)
    PersonalDataAccess.objects.all().delete()
    client.logout()
    return activity


def test_it_lists_the_changed_fields_with_their_names_and_values(client, world, activity):
    response = sign_in(client, world.viewer, language="vi").get(url(activity))

    assert response.status_code == 200
    entries = response.context["entries"]
    title_change = next(e for e in entries if e.record == "Activity" or e.record == "Hoạt động")
    assert title_change.user == world.coordinator
    assert [(c.old, c.new) for c in title_change.changes] == [
        ("Tặng khẩu trang phòng dịch", "Trao 500 khẩu trang")
    ]
    value_change = next(e for e in entries if e.kind == "~" and "khẩu trang vải 1" in e.record)
    changes = {(c.old, c.new) for c in value_change.changes}
    assert ("4.800.000 đ", "4.000.000 đ") in changes
    assert ("600", "500") in changes


def test_it_leaves_out_recipients_for_the_viewer(client, world, activity):
    response = sign_in(client, world.viewer).get(url(activity))

    assert "Ka Bơ" not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "commune_officer"])
def test_it_shows_recipients_history_and_logs_the_look(client, world, activity, role):
    user = getattr(world, role)

    response = sign_in(client, user).get(url(activity))

    assert "Recipient: Hộ bà Ka Bơ" in response.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.action, log.reason, log.record_count) == (user, "view", "history", 1)


def test_it_keeps_the_history_of_deleted_rows(client, world, activity):
    Recipient.objects.all().delete()
    activity.contributions.all().delete()

    response = sign_in(client, world.coordinator).get(url(activity))

    kinds = {(e.kind, e.record.split(":")[0]) for e in response.context["entries"]}
    assert ("-", "Contribution") in kinds
    assert ("-", "Recipient") in kinds


def test_it_hides_the_activity_from_another_organisation(client, world, activity):
    assert sign_in(client, world.outsider).get(url(activity)).status_code == 404
