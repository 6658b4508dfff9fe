"""A plan whose year is locked (its report signed off) can be read but not changed."""

import pytest
from django.urls import reverse

from twinning.locks.locking import lock_year
from twinning.programmes.models import AnnualPlan

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"programmes:{name}", args=[world.twinning.slug, 2025, *args])


def test_the_page_says_the_year_is_locked_and_offers_no_change(client, world, plan):
    lock_year(world.twinning, 2025, world.approver)
    client.force_login(world.coordinator)
    response = client.get(url(world, "plan"))
    assert response.context["year_locked"] is True
    assert response.context["editable"] is False
    assert url(world, "plan_submit") not in response.text
    assert url(world, "plan_item_add") not in response.text
    assert "is locked" in response.text


def test_a_change_is_refused_with_the_reason(client, world, plan):
    item = plan.items.get()
    lock_year(world.twinning, 2025, world.approver)
    client.force_login(world.coordinator)
    response = client.post(
        url(world, "plan_item_edit", item.pk),
        {"expected_version": 1, "category": "gifts", "title": "Đổi tên"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "is locked because its report was signed off" in response.text
    item.refresh_from_db()
    assert item.title != "Đổi tên"
    response = client.post(url(world, "plan_submit"), {"expected_version": 1}, follow=True)
    assert "is locked" in response.text
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.DRAFT


def test_a_plan_cannot_be_started_for_a_locked_year(client, world):
    lock_year(world.twinning, 2025, world.approver)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programmes:plan_start", args=[world.twinning.slug]), {"year": 2025}, follow=True
    )
    assert not AnnualPlan.objects.exists()
    assert "is locked" in response.text
