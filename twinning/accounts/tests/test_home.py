"""Each role's home page: what needs the user now."""

import datetime

import pytest
from django.urls import reverse

from twinning.programmes.tests.factories import add_activity, add_item, add_plan
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def home(client, user):
    client.force_login(user)
    return client.get(reverse("accounts:home"))


def plan_url(world, year):
    return reverse("programmes:plan", args=[world.twinning.slug, year])


def test_the_approver_sees_the_plans_awaiting_approval(client, world):
    add_plan(world.twinning, 2025, status="submitted")
    add_plan(world.other_twinning, 2025, status="submitted")
    response = home(client, world.approver)
    assert [p.twinning for p in response.context["plans_to_approve"]] == [world.twinning]
    assert plan_url(world, 2025) in response.text


def test_the_coordinator_has_no_plan_to_approve(client, world):
    add_plan(world.twinning, 2025, status="submitted")
    assert home(client, world.coordinator).context["plans_to_approve"] == []


def test_the_commune_officer_sees_plans_to_agree_and_activities_to_confirm(client, world):
    add_plan(world.twinning, 2024, status="approved")
    add_plan(world.twinning, 2023, status="approved", agreed_at=datetime.datetime.now(datetime.UTC))
    add_plan(world.twinning, 2025)  # a draft is not for the commune yet
    pending = add_activity(world.twinning, "Trao quà Tết")
    add_activity(world.twinning, "Đã xác nhận", confirmation="confirmed")
    add_activity(world.other_twinning, "Của xã khác")
    response = home(client, world.commune_officer)
    assert [p.year for p in response.context["plans_to_agree"]] == [2024]
    assert response.context["activities_to_confirm"] == [pending]
    assert reverse("activities:detail", args=[pending.pk]) in response.text


def test_the_coordinator_sees_disputes_this_years_plan_and_recent_changes(client, world):
    disputed = add_activity(world.twinning, "Quạt", confirmation="disputed")
    plan = add_plan(world.twinning, THIS_YEAR)
    add_item(plan, "Trung thu")
    response = home(client, world.coordinator)
    assert response.context["disputed_activities"] == [disputed]
    assert response.context["this_year_plans"] == [(world.twinning, plan)]
    subjects = [change["subject"] for change in response.context["recent_changes"]]
    assert "Quạt" in subjects and f"Plan {THIS_YEAR}: Trung thu" in subjects
    assert len(subjects) <= 10


def test_recent_changes_keep_to_the_latest_ten(client, world):
    for n in range(15):
        add_activity(world.twinning, f"A{n}")
    changes = home(client, world.coordinator).context["recent_changes"]
    assert len(changes) == 10
    assert changes[0]["subject"] == "A14"


def test_the_overseer_gets_the_overview(client, world):
    response = home(client, world.overseer)
    assert reverse("programmes:overview") in response.text
    assert response.context["recent_changes"] == []


def test_every_role_sees_only_its_twinnings(client, world):
    response = home(client, world.outsider)
    assert list(response.context["twinnings"]) == [world.other_twinning]


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    for n in range(count):
        add_activity(world.twinning, f"A{n}", confirmation="disputed" if n % 2 else "pending")
        add_plan(world.twinning, 1995 + n, status="submitted")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("accounts:home")).status_code == 200
    client.force_login(world.commune_officer)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("accounts:home")).status_code == 200
