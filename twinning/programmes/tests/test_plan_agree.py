"""The commune's officer agrees the plan for the commune."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:plan_agree", args=[world.twinning.slug, 2025])


def test_it_records_the_communes_agreement(client, world, submitted_plan):
    client.force_login(world.commune_officer)
    response = client.post(url(world), {"expected_version": 1})
    assert response.status_code == 302
    submitted_plan.refresh_from_db()
    assert submitted_plan.agreed_by == world.commune_officer
    assert submitted_plan.agreed_at is not None
    assert submitted_plan.status == "submitted"


def test_an_approved_and_agreed_plan_is_adopted(client, world, submitted_plan):
    client.force_login(world.approver)
    client.post(
        reverse("programmes:plan_approve", args=[world.twinning.slug, 2025]),
        {"expected_version": 1},
    )
    client.force_login(world.commune_officer)
    client.post(url(world), {"expected_version": 2})
    submitted_plan.refresh_from_db()
    assert submitted_plan.is_adopted


def test_it_refuses_a_draft(client, world, plan):
    client.force_login(world.commune_officer)
    response = client.post(
        url(world), {"expected_version": 1}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    plan.refresh_from_db()
    assert plan.agreed_at is None
    assert "once the sponsor has submitted it" in response.text


def test_it_refuses_to_agree_twice(client, world, submitted_plan):
    client.force_login(world.commune_officer)
    client.post(url(world), {"expected_version": 1})
    response = client.post(
        url(world), {"expected_version": 2}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already agreed" in response.text


def test_it_refuses_get(client, world, submitted_plan):
    client.force_login(world.commune_officer)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "coordinator", "approver"])
def test_it_is_403_for_roles_that_do_not_agree(client, world, submitted_plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"expected_version": 1}).status_code == 403
    submitted_plan.refresh_from_db()
    assert submitted_plan.agreed_at is None


def test_it_is_404_for_another_organisation(client, world, submitted_plan):
    client.force_login(world.outsider)
    assert client.post(url(world), {"expected_version": 1}).status_code == 404
