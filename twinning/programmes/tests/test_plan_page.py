"""The yearly plan page: plan versus actual, and the buttons each role gets."""

import datetime

import pytest
from django.urls import reverse

from twinning.programmes.tests.factories import add_activity, add_contribution, add_item, add_plan

pytestmark = pytest.mark.django_db


def url(world, year=2025, **params):
    address = reverse("programmes:plan", args=[world.twinning.slug, year])
    if params:
        address += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return address


@pytest.mark.parametrize(
    "role", ["coordinator", "approver", "viewer", "commune_officer", "overseer", "administrator"]
)
def test_it_shows_the_plan_to_each_role_that_may_see_the_twinning(client, world, plan, role):
    client.force_login(getattr(world, role))
    response = client.get(url(world))
    assert response.status_code == 200
    assert "Trao quà Tết cho gia đình chính sách" in response.text


def test_it_is_404_for_another_organisation(client, world, plan):
    client.force_login(world.outsider)
    assert client.get(url(world)).status_code == 404


def test_it_sets_each_item_against_its_activities(client, world, plan):
    item = plan.items.get()
    activity = add_activity(
        world.twinning, "Trao 50 suất quà", start_date=datetime.date(2025, 1, 20), plan_item=item
    )
    add_contribution(activity, world.sponsor, quantity=50, unit="suất", unit_value_vnd=500_000)
    client.force_login(world.viewer)
    response = client.get(url(world), HTTP_ACCEPT_LANGUAGE="vi")
    row = response.context["versus"].items[0]
    assert row.done and row.actual_value == 25_000_000 and row.actual_quantity == 50
    assert reverse("activities:detail", args=[activity.pk]) in response.text
    assert "25.000.000 đ" in response.text


def test_it_lists_the_years_activities_outside_the_plan(client, world, plan):
    add_activity(world.twinning, "Ngoài kế hoạch", start_date=datetime.date(2025, 3, 1))
    client.force_login(world.viewer)
    assert "Ngoài kế hoạch" in client.get(url(world)).text


def test_the_coordinator_gets_the_editing_forms_of_a_draft(client, world, plan):
    client.force_login(world.coordinator)
    response = client.get(url(world))
    assert reverse("programmes:plan_item_add", args=[world.twinning.slug, 2025]) in response.text
    assert reverse("programmes:plan_submit", args=[world.twinning.slug, 2025]) in response.text


def test_a_viewer_gets_no_button_that_changes_the_plan(client, world, submitted_plan):
    client.force_login(world.viewer)
    response = client.get(url(world))
    for name in ["plan_item_add", "plan_submit", "plan_approve", "plan_agree", "plan_reopen"]:
        assert reverse(f"programmes:{name}", args=[world.twinning.slug, 2025]) not in response.text


def test_the_approver_gets_the_approve_button_of_a_submitted_plan(client, world, submitted_plan):
    client.force_login(world.approver)
    response = client.get(url(world))
    assert reverse("programmes:plan_approve", args=[world.twinning.slug, 2025]) in response.text
    assert (
        reverse("programmes:plan_item_add", args=[world.twinning.slug, 2025]) not in response.text
    )


def test_the_commune_officer_gets_the_agree_button_of_a_submitted_plan(
    client, world, submitted_plan
):
    client.force_login(world.commune_officer)
    response = client.get(url(world))
    assert reverse("programmes:plan_agree", args=[world.twinning.slug, 2025]) in response.text


def test_no_one_edits_the_items_of_a_submitted_plan(client, world, submitted_plan):
    client.force_login(world.coordinator)
    response = client.get(url(world))
    assert response.context["editable"] is False
    assert (
        reverse("programmes:plan_item_add", args=[world.twinning.slug, 2025]) not in response.text
    )


def test_it_returns_an_items_form_to_htmx(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.get(url(world, edit=item.pk), HTTP_HX_REQUEST="true")
    assert response.text.startswith(f'<div class="list-group-item plan-item" id="item-{item.pk}"')
    assert 'name="expected_version" value="1"' in response.text
    assert "<html" not in response.text


def test_it_shows_an_items_form_in_the_page_without_htmx(client, world, plan):
    item = plan.items.get()
    client.force_login(world.coordinator)
    response = client.get(url(world, edit=item.pk))
    assert "<html" in response.text
    assert reverse("programmes:plan_item_edit", args=[world.twinning.slug, 2025, item.pk]) in (
        response.text
    )


def test_a_viewer_asking_for_an_items_form_gets_the_plain_page(client, world, plan):
    client.force_login(world.viewer)
    response = client.get(url(world, edit=plan.items.get().pk))
    assert response.context["edit_form"] is None


def test_a_year_without_a_plan_offers_to_start_it(client, world):
    add_plan(world.twinning, 2024)
    client.force_login(world.coordinator)
    year = datetime.date.today().year
    response = client.get(url(world, year=year))
    assert response.status_code == 200
    assert reverse("programmes:plan_start", args=[world.twinning.slug]) in response.text
    assert "2024" in response.text


def test_a_year_far_outside_the_twinning_is_404(client, world):
    client.force_login(world.coordinator)
    assert client.get(url(world, year=2001)).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(
    client, world, plan, count, django_assert_max_num_queries
):
    for n in range(count):
        item = add_item(plan, f"Mục {n}", target_unit="cái")
        activity = add_activity(
            world.twinning, f"A{n}", start_date=datetime.date(2025, 5, 1), plan_item=item
        )
        add_contribution(activity, world.business, quantity=2, unit_value_vnd=1_000)
        add_activity(world.twinning, f"Ngoài {n}", start_date=datetime.date(2025, 6, 1))
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(url(world))
    assert response.status_code == 200
