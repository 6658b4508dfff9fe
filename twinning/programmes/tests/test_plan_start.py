"""Starting a year's plan: from the previous one, carrying over what is not done."""

import datetime

import pytest
from django.urls import reverse

from twinning.programmes.models import AnnualPlan
from twinning.programmes.tests.factories import add_activity, add_item, add_plan

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def url(world):
    return reverse("programmes:plan_start", args=[world.twinning.slug])


def test_it_starts_a_draft_plan(client, world):
    client.force_login(world.coordinator)
    response = client.post(url(world), {"year": THIS_YEAR})
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:plan", args=[world.twinning.slug, THIS_YEAR])
    plan = AnnualPlan.objects.get(twinning=world.twinning, year=THIS_YEAR)
    assert plan.status == "draft"
    assert plan.history.get().history_user == world.coordinator


def test_it_carries_over_the_items_not_done(client, world):
    previous = add_plan(world.twinning, THIS_YEAR - 1, status="approved")
    done = add_item(previous, "Trung thu", category="festival")
    add_activity(world.twinning, "Trung thu", plan_item=done, status="done")
    planned_only = add_item(
        previous,
        "Sửa điện trường học",
        category="infrastructure",
        budget_vnd=30_000_000,
        target_quantity=1,
        target_unit="trường",
    )
    add_activity(world.twinning, "Khảo sát", plan_item=planned_only, status="planned")
    untouched = add_item(previous, "Tập huấn", category="training", due_quarter=3)

    client.force_login(world.coordinator)
    client.post(url(world), {"year": THIS_YEAR})

    plan = AnnualPlan.objects.get(twinning=world.twinning, year=THIS_YEAR)
    carried = list(plan.items.order_by("position", "pk"))
    assert [i.carried_over_from for i in carried] == [planned_only, untouched]
    assert carried[0].budget_vnd == 30_000_000 and carried[0].target_unit == "trường"
    assert carried[1].due_quarter == 3
    assert carried[0].history.get().history_user == world.coordinator


def test_it_refuses_a_second_plan_for_the_same_year(client, world):
    add_plan(world.twinning, THIS_YEAR)
    client.force_login(world.coordinator)
    response = client.post(url(world), {"year": THIS_YEAR}, follow=True)
    assert AnnualPlan.objects.filter(twinning=world.twinning, year=THIS_YEAR).count() == 1
    assert "already exists" in response.text


def test_it_refuses_a_year_before_the_twinning(client, world):
    client.force_login(world.coordinator)
    response = client.post(url(world), {"year": 2010}, follow=True)
    assert not AnnualPlan.objects.exists()
    assert "Choose a year" in response.text


def test_it_refuses_get(client, world):
    client.force_login(world.coordinator)
    assert client.get(url(world)).status_code == 405


@pytest.mark.parametrize("role", ["viewer", "overseer", "approver", "commune_officer"])
def test_it_is_403_for_roles_that_do_not_edit(client, world, role):
    client.force_login(getattr(world, role))
    assert client.post(url(world), {"year": THIS_YEAR}).status_code == 403
    assert not AnnualPlan.objects.exists()


def test_it_is_404_for_another_organisation(client, world):
    client.force_login(world.outsider)
    assert client.post(url(world), {"year": THIS_YEAR}).status_code == 404
