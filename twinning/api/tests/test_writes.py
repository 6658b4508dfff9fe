"""Writes through the API keep the same rules as the web app: who wrote is in the history, a
new plan carries over unfinished items, what the commune has not confirmed is not published."""

from __future__ import annotations

from twinning.activities.models import Activity
from twinning.api.tests.conftest import token_client
from twinning.programmes.models import AnnualPlan


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_it_records_who_created_an_activity_in_its_history(api_world):
    world = api_world.world
    response = _post(
        token_client(world.coordinator),
        "/api/v1/activities",
        {
            "twinning_id": world.twinning.pk,
            "category": "exchange",
            "title": "Giao lưu văn nghệ",
            "start_date": "2024-11-18",
            "occasion": "national_unity_day",
        },
    )
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.created_by == world.coordinator
    assert activity.history.get().history_user == world.coordinator
    assert response.json()["version"] == 1


def test_it_starts_a_plan_with_the_unfinished_items_carried_over(api_world):
    world = api_world.world
    client = token_client(world.coordinator)
    response = _post(client, "/api/v1/plans", {"twinning_id": world.twinning.pk, "year": 2026})
    assert response.status_code == 201
    plan = AnnualPlan.objects.get(pk=response.json()["id"])
    assert plan.items.count() == 1  # the 2025 plan's scholarship item, not yet done

    again = _post(client, "/api/v1/plans", {"twinning_id": world.twinning.pk, "year": 2026})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "payload", "year"]


def test_it_does_not_publish_what_the_commune_has_not_confirmed(api_world):
    activity = api_world.own.activity
    response = token_client(api_world.world.coordinator).patch(
        f"/api/v1/activities/{activity.pk}",
        {"version": 1, "published": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "published"]
    activity.refresh_from_db()
    assert not activity.published and activity.version == 1


def test_it_refuses_a_plan_item_of_another_twinning(api_world):
    response = token_client(api_world.world.coordinator).patch(
        f"/api/v1/activities/{api_world.own.activity.pk}",
        {"version": 1, "plan_item_id": api_world.other.draft_item.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "plan_item_id"]
