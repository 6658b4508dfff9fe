"""Deleting an item of a draft plan."""

import pytest
from django.urls import reverse

from twinning.programmes.models import PlanItem
from twinning.programmes.tests.factories import add_activity

pytestmark = pytest.mark.django_db


def url(world, item):
    return reverse("programmes:plan_item_delete", args=[world.twinning.slug, 2025, item.pk])


def test_it_deletes_the_item(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.post(url(world, item), {"expected_version": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.text == ""
    assert not PlanItem.objects.filter(pk=item.pk).exists()
    assert PlanItem.history.filter(id=item.pk, history_type="-").get().history_user == (
        world.coordinator
    )


def test_it_refuses_an_item_that_changed_meanwhile(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.post(
        url(world, item), {"expected_version": 7}, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert "Someone else changed this item" in response.text


def test_it_refuses_an_item_with_activities(client, world, plan):
    item = plan.items.get()
    add_activity(world.twinning, "Trao quà", plan_item=item)
    client.force_login(world.coordinator)
    response = client.post(
        url(world, item), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert "Activities are recorded under this item" in response.text


def test_it_refuses_get(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(url(world, plan.items.get())).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_edit(client, world, plan, role):
    item = plan.items.get()
    client.force_login(getattr(world, role))
    assert client.post(url(world, item), {"expected_version": 1}).status_code == 403
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_it_is_404_for_another_organisation(client, world, plan):
    client.force_login(world.outsider)
    assert client.post(url(world, plan.items.get()), {"expected_version": 1}).status_code == 404
