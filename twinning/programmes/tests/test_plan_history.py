"""The history of a plan and its items: who changed what and when."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(world):
    return reverse("programmes:plan_history", args=[world.twinning.slug, 2025])


def test_it_shows_who_changed_which_field(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    client.post(
        reverse("programmes:plan_item_edit", args=[world.twinning.slug, 2025, item.pk]),
        {
            "expected_version": 1,
            "category": "gifts",
            "title": "Quà Tết 2025",
            "target_quantity": "60",
            "target_unit": "suất",
        },
    )
    client.post(
        reverse("programmes:plan_submit", args=[world.twinning.slug, 2025]), {"expected_version": 1}
    )
    world.coordinator.first_name = "Lan"
    world.coordinator.save()

    response = client.get(url(world), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    entries = list(response.context["page_obj"])
    submitted = entries[0]
    assert submitted.subject == "Plan 2025" and submitted.user == "Lan"
    assert ("status", "Draft", "Submitted") in [(c.label, c.old, c.new) for c in submitted.changes]
    edited = entries[1]
    assert edited.subject == "Item: Quà Tết 2025"
    labels = {c.label: (c.old, c.new) for c in edited.changes}
    assert labels["title"] == ("Trao quà Tết cho gia đình chính sách", "Quà Tết 2025")
    assert labels["target quantity"] == ("50", "60")
    assert "version" not in labels
    assert "<del>Trao quà Tết cho gia đình chính sách</del>" in response.text


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_every_role_that_sees_the_twinning_sees_the_history(client, world, plan, role):
    client.force_login(getattr(world, role))
    assert client.get(url(world)).status_code == 200


def test_it_is_404_for_another_organisation(client, world, plan):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404
