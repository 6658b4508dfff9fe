"""The sponsor's approver approves a submitted plan."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:plan_approve", args=[world.twinning.slug, 2025])


def test_it_approves_the_plan_recording_who_and_when(client, world, submitted_plan):
    client.force_login(world.approver)
    response = client.post(
        url(world), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "approved"
    assert submitted_plan.approved_by == world.approver
    assert submitted_plan.approved_at is not None
    assert "The plan is approved." in response.text
    assert submitted_plan.history.latest().history_user == world.approver


def test_it_refuses_a_draft(client, world, plan):
    client.force_login(world.approver)
    response = client.post(
        url(world), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    plan.refresh_from_db()
    assert plan.status == "draft"
    assert "Only a submitted plan can be approved." in response.text


def test_it_refuses_get(client, world, submitted_plan):
    client.force_login(world.approver)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "coordinator", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_approve(client, world, submitted_plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"expected_version": 1}).status_code == 403
    submitted_plan.refresh_from_db()
    assert submitted_plan.status == "submitted"


def test_it_is_404_for_another_organisation(client, world, submitted_plan):
    client.force_login(world.outsider)
    assert client.post(url(world), {"expected_version": 1}).status_code == 404
