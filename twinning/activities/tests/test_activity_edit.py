"""activities:edit — the coordinator corrects an activity; a save that started from an older
version is refused with what the other person changed, and nothing is written."""

import pytest
from django.urls import reverse
from django.utils import timezone

from twinning.activities.models import Activity, Contribution, PersonalDataAccess, Recipient
from twinning.activities.tests.helpers import add_rows, edit_data, make_activity, sign_in
from twinning.core.versioning import save_if_unchanged

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:edit", args=[activity.pk])


@pytest.fixture
def activity(world) -> Activity:
    return make_activity(world)


def test_it_shows_the_form_filled_in(client, world, activity):
    response = sign_in(client, world.coordinator, language="vi").get(url(activity))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Tặng khẩu trang phòng dịch"' in page
    assert 'value="10/04/2020"' in page
    assert 'value="4.800.000"' in page
    assert f'name="expected_version" value="{activity.version}"' in page


def test_it_saves_changes_and_moves_the_version_on(client, world, activity):
    data = edit_data(activity)
    data["title"] = "Trao 600 khẩu trang"
    data["contributions-0-quantity"] = "500"
    data["contributions-0-value_vnd"] = ""

    response = sign_in(client, world.coordinator).post(url(activity), data)

    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.title, activity.version) == ("Trao 600 khẩu trang", 2)
    contribution = activity.contributions.get()
    assert (contribution.value_vnd, contribution.version) == (4_000_000, 2)
    record = activity.history.first()
    assert record.history_user == world.coordinator


def test_it_removes_a_row_marked_for_removal(client, world, activity):
    data = edit_data(activity)
    data["contributions-0-DELETE"] = "on"

    sign_in(client, world.coordinator).post(url(activity), data)

    assert not Contribution.objects.exists()


def test_it_adds_a_row_next_to_the_stored_ones(client, world, activity):
    data = add_rows(
        edit_data(activity),
        "contributions",
        {
            "contributor": world.business.pk,
            "kind": "in_kind",
            "item": "quạt treo tường",
            "quantity": "30",
            "unit": "cái",
            "status": "pledged",
        },
    )

    response = sign_in(client, world.coordinator).post(url(activity), data)

    assert response.status_code == 302
    fans = activity.contributions.get(item="quạt treo tường")
    assert (fans.origin, fans.status, fans.value_vnd) == ("mobilised", "pledged", None)


def test_it_refuses_a_stale_edit_and_lists_what_the_other_person_changed(client, world, activity):
    data = edit_data(activity)  # the coordinator opens the form...
    other = Activity.objects.get(pk=activity.pk)  # ...and a colleague saves first
    other.place = "Nhà văn hoá thôn 3"
    save_if_unchanged(other, other.version)
    contribution = Contribution.objects.get()
    contribution.unit_value_vnd, contribution.value_vnd = 7_000, 4_200_000
    save_if_unchanged(contribution, contribution.version)
    data["title"] = "Tiêu đề của tôi"

    response = sign_in(client, world.coordinator).post(url(activity), data)

    assert response.status_code == 200
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.title, stored.place, stored.version) == (
        "Tặng khẩu trang phòng dịch",
        "Nhà văn hoá thôn 3",
        2,
    )
    assert Contribution.objects.get().value_vnd == 4_200_000
    conflict = response.context["conflict"]
    activity_changes = {c.label: (c.theirs, c.yours) for c in conflict[0].changes}
    assert activity_changes == {"Place": ("Nhà văn hoá thôn 3", "Thôn 1")}  # not the title
    contribution_changes = {c.label for c in conflict[1].changes}
    assert contribution_changes == {"Unit value (VND)", "Value (VND)"}
    page = response.content.decode()
    assert "Someone else saved this activity after you opened it" in page
    assert 'value="Tiêu đề của tôi"' in page  # what the user typed is kept
    assert 'name="expected_version" value="2"' in page  # saving again is now possible


def test_it_saves_after_the_editor_read_the_conflict(client, world, activity):
    data = edit_data(activity)
    other = Activity.objects.get(pk=activity.pk)
    other.place = "Nhà văn hoá thôn 3"
    save_if_unchanged(other, other.version)
    data["title"] = "Tiêu đề của tôi"
    sign_in(client, world.coordinator)
    refused = client.post(url(activity), data)
    data["expected_version"] = refused.context["form"]["expected_version"].value()

    response = client.post(url(activity), data)

    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).title == "Tiêu đề của tôi"


def test_it_asks_the_commune_again_when_what_was_given_changes(client, world, activity):
    Activity.objects.filter(pk=activity.pk).update(
        confirmation="confirmed",
        confirmed_by=world.commune_officer,
        confirmed_at=timezone.now(),
        published=True,
    )
    activity.refresh_from_db()
    data = edit_data(activity)
    data["contributions-0-quantity"] = "700"
    data["contributions-0-value_vnd"] = ""

    sign_in(client, world.coordinator).post(url(activity), data)

    activity.refresh_from_db()
    assert (activity.confirmation, activity.published, activity.confirmed_by) == (
        "pending",
        False,
        None,
    )


def test_it_logs_the_named_recipients_it_shows_in_the_form(client, world, activity):
    Recipient.objects.create(activity=activity, full_name="Hộ ông Ka Sô", group="poor_households")

    response = sign_in(client, world.coordinator).get(url(activity))

    assert "Hộ ông Ka Sô" in response.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.action, log.record_count) == (world.coordinator, "view", 1)


def test_it_saves_named_recipients(client, world, activity):
    data = add_rows(
        edit_data(activity),
        "recipients",
        {"full_name": "Hộ bà Ka Bơ", "kind": "household", "group": "poor_households"},
    )

    sign_in(client, world.coordinator).post(url(activity), data)

    assert Recipient.objects.get().full_name == "Hộ bà Ka Bơ"
    assert PersonalDataAccess.objects.filter(action="change").exists()


@pytest.mark.parametrize("role", ["viewer", "approver", "commune_officer", "overseer"])
def test_it_refuses_roles_that_do_not_edit(client, world, activity, role):
    data = edit_data(activity)
    data["title"] = "Đổi tên"
    sign_in(client, getattr(world, role))

    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), data).status_code == 403
    assert Activity.objects.get(pk=activity.pk).title == "Tặng khẩu trang phòng dịch"


def test_it_hides_the_activity_from_another_organisation(client, world, activity):
    data = edit_data(activity)
    sign_in(client, world.outsider)

    assert client.get(url(activity)).status_code == 404
    assert client.post(url(activity), data).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, count):
    activity = make_activity(world, contributions=count)
    sign_in(client, world.coordinator)

    with django_assert_max_num_queries(20):
        response = client.get(url(activity))

    assert len(response.context["formsets"].contributions.forms) == count


def test_it_keeps_the_form_when_the_year_is_locked(client, world, activity):
    locking = pytest.importorskip("twinning.locks.locking")
    locking.lock_year(world.twinning, 2020, world.approver)
    data = edit_data(activity)
    data["title"] = "Đổi tên"

    response = sign_in(client, world.coordinator).post(url(activity), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'value="Đổi tên"' in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).title == "Tặng khẩu trang phòng dịch"
