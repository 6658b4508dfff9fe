"""activities:detail — everything about an activity, and named recipients only for those who
may see them (each look logged)."""

import pytest
from django.urls import reverse

from twinning.activities.models import (
    Activity,
    BeneficiaryCount,
    Output,
    PersonalDataAccess,
    Recipient,
)
from twinning.activities.tests.helpers import make_activity, sign_in

pytestmark = pytest.mark.django_db


def url(activity):
    return reverse("activities:detail", args=[activity.pk])


@pytest.fixture
def activity(world) -> Activity:
    activity = make_activity(world)
    Output.objects.create(activity=activity, quantity=600, unit="chiếc", description="khẩu trang")
    BeneficiaryCount.objects.create(activity=activity, group="residents", count=600, women=310)
    Recipient.objects.create(activity=activity, full_name="Hộ bà Ka Bơ", group="poor_households")
    return activity


def test_it_shows_the_activity_with_its_total(client, world, activity):
    response = sign_in(client, world.viewer, language="vi").get(url(activity))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Tặng khẩu trang phòng dịch" in page
    assert "4.800.000 đ" in page
    assert "10/04/2020" in page
    assert "khẩu trang vải 1" in page
    assert reverse("programmes:twinning", args=[world.twinning.slug]) in page


def test_it_writes_a_date_known_only_to_the_month_as_the_month(client, world):
    activity = make_activity(world, date_precision="month", start_date="2016-08-01")
    activity.refresh_from_db()

    page = sign_in(client, world.viewer, language="vi").get(url(activity)).content.decode()

    assert "08/2016" in page
    assert "01/08/2016" not in page


def test_it_leaves_out_named_recipients_for_the_viewer(client, world, activity):
    response = sign_in(client, world.viewer).get(url(activity))

    assert response.context["recipients"] is None
    assert "Ka Bơ" not in response.content.decode()
    assert 'id="recipients"' not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "commune_officer"])
def test_it_shows_named_recipients_and_logs_the_look(client, world, activity, role):
    user = getattr(world, role)

    response = sign_in(client, user).get(url(activity))

    assert "Hộ bà Ka Bơ" in response.content.decode()
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.action, log.activity, log.record_count) == (user, "view", activity, 1)
    assert log.path == url(activity)


@pytest.mark.parametrize("role", ["overseer", "approver", "administrator"])
def test_it_leaves_out_named_recipients_for_other_readers(client, world, activity, role):
    response = sign_in(client, getattr(world, role)).get(url(activity))

    assert response.status_code == 200
    assert "Ka Bơ" not in response.content.decode()
    assert not PersonalDataAccess.objects.exists()


def test_it_offers_the_commune_officer_to_confirm(client, world, activity):
    page = sign_in(client, world.commune_officer).get(url(activity)).content.decode()

    assert reverse("activities:confirm", args=[activity.pk]) in page
    assert reverse("activities:edit", args=[activity.pk]) not in page


def test_it_offers_the_coordinator_to_edit_and_not_to_confirm(client, world, activity):
    page = sign_in(client, world.coordinator).get(url(activity)).content.decode()

    assert reverse("activities:edit", args=[activity.pk]) in page
    assert reverse("activities:confirm", args=[activity.pk]) not in page


def test_it_shows_the_commune_dispute_to_the_coordinator(client, world, activity):
    from django.utils import timezone

    Activity.objects.filter(pk=activity.pk).update(
        confirmation="disputed",
        confirmed_by=world.commune_officer,
        confirmed_at=timezone.now(),
        confirmation_note="Chỉ nhận được 500 chiếc",
    )

    page = sign_in(client, world.coordinator).get(url(activity)).content.decode()

    assert 'data-confirmation="disputed"' in page
    assert "Chỉ nhận được 500 chiếc" in page


def test_it_hides_the_activity_from_another_organisation(client, world, activity):
    assert sign_in(client, world.outsider).get(url(activity)).status_code == 404


def test_it_hides_the_activity_from_a_contributor_business(client, world, activity):
    assert sign_in(client, world.contributor).get(url(activity)).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, count):
    activity = make_activity(world, contributions=count)
    sign_in(client, world.coordinator)

    with django_assert_max_num_queries(20):
        response = client.get(url(activity))

    assert len(response.context["contributions"]) == count
