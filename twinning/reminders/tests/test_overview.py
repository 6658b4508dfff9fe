import datetime

import pytest
from django.apps import apps
from django.utils import timezone

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def test_it_shows_the_overseer_which_twinnings_have_not_reported(client, world):
    try:
        year_lock = apps.get_model("locks", "YearLock")
    except LookupError:
        year_lock = None
    if year_lock is not None:
        year_lock.objects.create(
            twinning=world.twinning, year=YEAR, locked_by=world.approver, locked_at=timezone.now()
        )
    client.force_login(world.overseer)

    response = client.get(f"/reminders/overview/?year={YEAR}")

    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-twinning="{world.other_twinning.slug}" data-reported="no"' in page
    if year_lock is not None:
        assert f'data-twinning="{world.twinning.slug}" data-reported="yes"' in page
        assert 'data-missing-count="1"' in page


def test_it_lists_only_the_twinnings_the_user_may_see(client, world):
    client.force_login(world.outsider)

    page = client.get("/reminders/overview/").content.decode()

    assert world.other_twinning.slug in page
    assert f'data-twinning="{world.twinning.slug}"' not in page


def test_it_filters_those_not_reported(client, world):
    client.force_login(world.overseer)

    page = client.get(f"/reminders/overview/?year={YEAR}&missing=1").content.decode()

    assert 'data-reported="no"' in page
    assert 'data-reported="yes"' not in page


def test_it_asks_a_visitor_to_sign_in(client, world):
    response = client.get("/reminders/overview/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_marks_a_twinning_signed_after_the_year_as_not_due(client, world):
    world.other_twinning.signed_on = datetime.date(YEAR + 1, 1, 15)
    world.other_twinning.save()
    client.force_login(world.overseer)

    page = client.get(f"/reminders/overview/?year={YEAR}").content.decode()

    assert f'data-twinning="{world.other_twinning.slug}" data-reported="not-due"' in page


def test_it_shows_what_is_due_on_the_home_page(client, world):
    # The other twinning has had no activity since it was signed in 2017: it is due a reminder.
    client.force_login(world.outsider)

    page = client.get("/").content.decode()

    assert 'data-reminder="inactive"' in page
