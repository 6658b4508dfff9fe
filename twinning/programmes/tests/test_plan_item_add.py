"""Adding an item to a draft plan, in place with HTMX or with a plain form."""

import pytest
from django.urls import reverse

from twinning.programmes.models import PlanItem

pytestmark = pytest.mark.django_db

VALID = {
    "expected_version": "1",
    "category": "education",
    "title": "Tặng vở cho học sinh nghèo",
    "target_quantity": "1.500",
    "target_unit": "quyển",
    "budget_vnd": "12.000.000",
    "due_month": "9",
    "due_quarter": "",
    "responsible_unit": "Văn phòng Sở",
    "target_beneficiaries": "Học sinh nghèo vượt khó",
}


def url(world):
    return reverse("programmes:plan_item_add", args=[world.twinning.slug, 2025])


def test_it_adds_the_item_at_the_end_of_the_plan(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(url(world), VALID, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    item = plan.items.order_by("position").last()
    assert item.title == "Tặng vở cho học sinh nghèo"
    assert item.budget_vnd == 12_000_000
    assert item.due_month == 9 and item.position == 1
    assert item.history.get().history_user == world.coordinator


def test_it_reads_grouped_vietnamese_numbers(client, world, plan):
    client.force_login(world.coordinator)
    client.post(
        url(world),
        VALID | {"target_quantity": "1,5", "budget_vnd": "4.800.000 đ"},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    item = plan.items.order_by("position").last()
    assert item.budget_vnd == 4_800_000
    assert str(item.target_quantity) == "1.500"


def test_htmx_gets_the_new_row_and_a_blank_form(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(url(world), VALID, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#plan-items"
    assert response["HX-Reswap"] == "beforeend"
    item = plan.items.order_by("position").last()
    assert response.text.startswith(f'<div class="list-group-item plan-item" id="item-{item.pk}"')
    assert 'id="plan-item-add" class="card mt-3" hx-swap-oob="true"' in response.text


def test_errors_come_back_at_the_field_with_what_was_typed(client, world, plan):
    client.force_login(world.coordinator)
    data = VALID | {"title": "", "budget_vnd": "12,5 triệu", "due_quarter": "3"}
    response = client.post(url(world), data, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not PlanItem.objects.filter(title="").exists()
    assert plan.items.count() == 1
    text = response.text
    assert "This field is required." in text
    assert "Enter a whole number of đồng" in text
    assert "Give a due month or a due quarter, not both." in text
    assert 'value="12,5 triệu"' in text
    assert 'value="Văn phòng Sở"' in text
    assert "is-invalid" in text


def test_without_htmx_errors_show_in_the_whole_page(client, world, plan):
    client.force_login(world.coordinator)
    response = client.post(url(world), VALID | {"title": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "<html" in response.text and "This field is required." in response.text


def test_it_refuses_items_on_a_submitted_plan(client, world, submitted_plan):
    client.force_login(world.coordinator)
    response = client.post(url(world), VALID, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="en")
    assert submitted_plan.items.count() == 1
    assert "can no longer be changed" in response.text


def test_it_refuses_get(client, world, plan):
    client.force_login(world.coordinator)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_edit(client, world, plan, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), VALID).status_code == 403
    assert plan.items.count() == 1


def test_it_is_404_for_another_organisation(client, world, plan):
    client.force_login(world.outsider)
    assert client.post(url(world), VALID).status_code == 404


def test_it_is_404_for_a_year_without_plan(client, world):
    client.force_login(world.coordinator)
    assert client.post(url(world), VALID).status_code == 404
