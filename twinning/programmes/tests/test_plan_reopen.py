"""A submitted plan goes back to draft: withdrawn by the coordinator or sent back by the approver."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:plan_reopen", args=[world.twinning.slug, 2025])


@pytest.mark.parametrize("role", ["coordinator", "approver"])
def test_it_returns_the_plan_to_draft(client, world, submitted_plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"expected_version": 1}).status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "draft"
    assert submitted_plan.submitted_at is None and submitted_plan.agreed_at is None


def test_it_refuses_a_draft(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(
        url(world), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already a draft" in response.text


def test_it_refuses_get(client, world, submitted_plan):
    client.force_login(world.coordinator)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "commune_officer"])
def test_it_is_403_for_read_only_roles(client, world, submitted_plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"expected_version": 1}).status_code == 403
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "submitted"


def test_it_is_404_for_another_organisation(client, world, submitted_plan):
    client.force_login(world.outsider)
    assert client.post(url(world), {"expected_version": 1}).status_code == 404
