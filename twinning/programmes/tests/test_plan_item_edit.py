"""Editing a plan item in place; a stale save is refused and keeps what the user typed."""

import pytest
from django.urls import reverse

from twinning.core.versioning import save_if_unchanged

pytestmark = pytest.mark.django_db


def url(world, item):
    return reverse("programmes:plan_item_edit", args=[world.twinning.slug, 2025, item.pk])


def data(item, **changes):
    values = {
        "expected_version": str(item.version),
        "category": item.category,
        "title": item.title,
        "target_quantity": "50",
        "target_unit": item.target_unit,
        "budget_vnd": "",
        "due_month": "",
        "due_quarter": "1",
        "responsible_unit": "",
        "target_beneficiaries": "",
    }
    return values | changes


def test_it_saves_the_item_and_bumps_its_version(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.post(url(world, item), data(item, title="Quà Tết 2025"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Quà Tết 2025" and item.due_quarter == 1 and item.version == 2


def test_htmx_gets_the_row_back(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.post(
        url(world, item), data(item, title="Quà Tết 2025"), HTTP_HX_REQUEST="true"
    )
    assert response.text.startswith(f'<div class="list-group-item plan-item" id="item-{item.pk}"')
    assert "Quà Tết 2025" in response.text


def test_a_stale_save_is_refused_listing_what_changed_and_keeping_the_input(client, world, plan):
    item = plan.items.get()
    opened = data(item, title="Quà Tết của tôi")
    item.title = "Quà Tết của người khác"
    save_if_unchanged(item, 1)  # someone else saves first

    client.force_login(world.coordinator)
    response = client.post(
        url(world, item), opened, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en"
    )

    item.refresh_from_db()
    assert item.title == "Quà Tết của người khác"
    text = response.text
    assert "Someone else changed this record after you opened it." in text
    assert "Quà Tết của người khác" in text  # what they saved
    assert 'value="Quà Tết của tôi"' in text  # what the user typed, kept
    assert 'name="expected_version" value="2"' in text  # saving again overwrites knowingly

    again = client.post(url(world, item), opened | {"expected_version": "2"})
    assert again.status_code == 302
    item.refresh_from_db()
    assert item.title == "Quà Tết của tôi"


def test_errors_come_back_at_the_field(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.post(
        url(world, item),
        data(item, target_quantity="-3"),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "greater than or equal to 0" in response.text
    assert 'value="-3"' in response.text


def test_it_refuses_get(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(url(world, plan.items.get())).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_edit(client, world, plan, role):
    item = plan.items.get()
    client.force_login(getattr(world, role))
    assert client.post(url(world, item), data(item, title="X")).status_code == 403


def test_it_is_404_for_another_organisation(client, world, plan):
    item = plan.items.get()
    client.force_login(world.outsider)
    assert client.post(url(world, item), data(item, title="X")).status_code == 404
