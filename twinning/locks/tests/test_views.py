"""The pages that lock and unlock a twinning's year."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from twinning.activities.models import Activity
from twinning.locks.locking import YearLocked, is_locked, lock_year
from twinning.locks.models import YearLock

pytestmark = pytest.mark.django_db


def _list(world):
    return reverse("locks:list", args=[world.twinning.slug])


def _lock(world):
    return reverse("locks:lock", args=[world.twinning.slug])


def _unlock(world, year=2023):
    return reverse("locks:unlock", args=[world.twinning.slug, year])


def test_it_lists_the_locks_to_anyone_who_sees_the_twinning(client, world):
    lock_year(world.twinning, 2023, world.approver, "Báo cáo số 12/BC-SCT")
    client.force_login(world.viewer)
    response = client.get(_list(world))
    assert response.status_code == 200
    assert "Báo cáo số 12/BC-SCT" in response.content.decode()
    assert _unlock(world) not in response.content.decode()  # no unlock form for a viewer


def test_it_hides_the_locks_from_an_outsider(client, world):
    client.force_login(world.outsider)
    assert client.get(_list(world)).status_code == 404


def test_the_approver_locks_a_year(client, world):
    client.force_login(world.approver)
    response = client.post(_lock(world), {"year": 2023, "note": "Báo cáo số 12/BC-SCT"})
    assert response.status_code == 302
    lock = YearLock.objects.get()
    assert (lock.year, lock.locked_by, lock.note) == (2023, world.approver, "Báo cáo số 12/BC-SCT")


def test_the_approver_unlocks_a_year_with_a_reason(client, world):
    lock_year(world.twinning, 2023, world.approver)
    client.force_login(world.approver)
    response = client.post(_unlock(world), {"reason": "Sửa số liệu theo biên bản bàn giao"})
    assert response.status_code == 302
    assert not is_locked(world.twinning, 2023)
    lock = YearLock.objects.get()
    assert lock.unlocked_by == world.approver and lock.reason.startswith("Sửa số liệu")


def test_unlocking_without_a_reason_is_refused(client, world):
    lock_year(world.twinning, 2023, world.approver)
    client.force_login(world.approver)
    response = client.post(_unlock(world), {"reason": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert is_locked(world.twinning, 2023)
    assert "Give the reason for unlocking the year." in response.content.decode()


def test_locking_and_unlocking_refuse_get(client, world):
    client.force_login(world.approver)
    assert client.get(_lock(world)).status_code == 405
    assert client.get(_unlock(world)).status_code == 405
    assert not YearLock.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "coordinator", "commune_officer", "overseer"])
def test_roles_without_the_approvers_right_get_403(client, world, role):
    lock_year(world.twinning, 2023, world.approver)
    client.force_login(getattr(world, role))
    assert client.post(_lock(world), {"year": 2024}).status_code == 403
    assert client.post(_unlock(world), {"reason": "because"}).status_code == 403
    assert is_locked(world.twinning, 2023) and not is_locked(world.twinning, 2024)


@pytest.mark.parametrize("role", ["outsider", "contributor"])
def test_users_outside_the_twinning_get_404(client, world, role):
    lock_year(world.twinning, 2023, world.approver)
    client.force_login(getattr(world, role))
    assert client.post(_lock(world), {"year": 2024}).status_code == 404
    assert client.post(_unlock(world), {"reason": "because"}).status_code == 404
    assert is_locked(world.twinning, 2023)


def test_signed_out_users_are_sent_to_sign_in(client, world):
    response = client.post(_lock(world), {"year": 2024})
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_change_to_a_locked_year_through_a_page_gets_a_clear_409(client, world, rf):
    """Whatever view attempts it, the refusal reaches the user as a page, not a server error."""
    from twinning.locks.middleware import YearLockedMiddleware

    activity = Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Quà Tết",
        start_date=datetime.date(2023, 1, 15),
    )
    lock_year(world.twinning, 2023, world.approver)

    def view(request):
        activity.save()

    request = rf.post("/twinnings/x/activities/1/edit/")
    request.user = world.coordinator
    middleware = YearLockedMiddleware(view)
    with pytest.raises(YearLocked) as caught, transaction.atomic():
        view(request)
    exc = caught.value
    with translation.override("en"):
        response = middleware.process_exception(request, exc)
    assert response.status_code == 409
    assert "2023 is locked" in response.content.decode()
    # In the default language, Vietnamese.
    response = middleware.process_exception(request, exc)
    assert "Năm 2023 đã bị khóa" in response.content.decode()
    api = rf.post("/api/v1/activities/1")
    response = middleware.process_exception(api, exc)
    assert response.status_code == 409 and response["Content-Type"] == "application/json"
