"""Optimistic locking: an update or delete carries the version it started from; a stale one
is a 409 whose body holds the record as it is stored now, and nothing is written."""

from __future__ import annotations

from twinning.api.tests.conftest import token_client


def test_it_answers_a_stale_activity_update_with_409_and_the_current_version(api_world):
    client = token_client(api_world.world.coordinator)
    activity = api_world.own.activity
    path = f"/api/v1/activities/{activity.pk}"
    first = client.patch(path, {"version": 1, "title": "Một"}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["version"] == 2

    second = client.patch(path, {"version": 1, "title": "Hai"}, content_type="application/json")
    assert second.status_code == 409
    body = second.json()
    assert body["detail"][0]["loc"] == ["body", "payload", "version"]
    assert body["detail"][0]["type"] == "stale_version"
    assert body["current"]["version"] == 2
    assert body["current"]["title"] == "Một"
    activity.refresh_from_db()
    assert activity.title == "Một"


def test_it_refuses_a_stale_delete(api_world):
    client = token_client(api_world.world.coordinator)
    contribution = api_world.own.contribution
    client.patch(
        f"/api/v1/contributions/{contribution.pk}",
        {"version": 1, "note": "đã giao"},
        content_type="application/json",
    )
    response = client.delete(f"/api/v1/contributions/{contribution.pk}?version=1")
    assert response.status_code == 409
    assert response.json()["current"]["note"] == "đã giao"
    contribution.refresh_from_db()


def test_it_refuses_a_stale_plan_item_and_indicator_value(api_world):
    world = api_world.world
    item = api_world.own.draft_item
    coordinator = token_client(world.coordinator)
    path = f"/api/v1/plan-items/{item.pk}"
    assert (
        coordinator.patch(path, {"version": 1, "title": "A"}, content_type="application/json")
    ).status_code == 200
    stale = coordinator.patch(path, {"version": 1, "title": "B"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "A"

    officer = token_client(world.commune_officer)
    value = api_world.own.indicator_value
    path = f"/api/v1/indicator-values/{value.pk}"
    assert (
        officer.patch(path, {"version": 1, "value": "35"}, content_type="application/json")
    ).status_code == 200
    stale = officer.patch(path, {"version": 1, "value": "30"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["current"]["value"] == "35.000"


def test_it_answers_a_stale_approval_with_409(api_world):
    plan = api_world.own.submitted_plan
    plan.summary = "changed"
    plan.version = 2
    plan.save()
    response = token_client(api_world.world.approver).post(
        f"/api/v1/plans/{plan.pk}/approve", {"version": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_it_sends_a_confirmed_activity_back_to_the_commune_when_what_was_given_changes(
    api_world,
):
    world = api_world.world
    activity = api_world.own.activity
    answered = token_client(world.commune_officer).post(
        f"/api/v1/activities/{activity.pk}/confirmation",
        {"version": 1, "confirmed": True},
        content_type="application/json",
    )
    assert answered.json()["confirmation"] == "confirmed"

    token_client(world.coordinator).patch(
        f"/api/v1/contributions/{api_world.own.contribution.pk}",
        {"version": 1, "quantity": "500", "value_vnd": 4_000_000},
        content_type="application/json",
    )
    activity.refresh_from_db()
    assert activity.confirmation == "pending"
