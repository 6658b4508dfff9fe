"""The coordinator submits a draft plan for approval."""

import pytest
from django.urls import reverse

from twinning.programmes.tests.factories import add_plan

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:plan_submit", args=[world.twinning.slug, 2025])


def test_it_submits_the_plan(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(url(world), {"expected_version": 1})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert plan.submitted_by == world.coordinator and plan.submitted_at is not None
    assert plan.version == 2


def test_it_refuses_an_empty_plan(client, world):
    empty = add_plan(world.twinning, 2025)
    client.force_login(world.coordinator)
    response = client.post(
        url(world), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    empty.refresh_from_db()
    assert empty.status == "draft"
    assert "Add at least one item" in response.text


def test_it_refuses_a_stale_version(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(
        url(world), {"expected_version": 9}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert "Someone else changed this plan" in response.text


def test_it_refuses_get(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_edit(client, world, plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"expected_version": 1}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_it_is_404_for_another_organisation(client, world, plan):
    client.force_login(world.outsider)
    assert client.post(url(world), {"expected_version": 1}).status_code == 404
