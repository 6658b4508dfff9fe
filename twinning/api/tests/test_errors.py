"""Errors are JSON with the path of the offending field, in django-ninja's shape, whether the
request's types are wrong, the model's rules refuse it, or the database does."""

from __future__ import annotations

from django.db import IntegrityError

from twinning.activities.models import BeneficiaryCount, Contribution
from twinning.api.errors import constraint_fields
from twinning.api.tests.conftest import token_client


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_it_names_the_field_of_a_wrong_type(api_world):
    client = token_client(api_world.world.coordinator)
    response = _post(
        client,
        "/api/v1/activities",
        {
            "twinning_id": api_world.world.twinning.pk,
            "category": "gifts",
            "title": "x",
            "start_date": "05/03/2020",
        },
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "payload", "start_date"]
    assert {"loc", "msg", "type"} <= set(detail[0])


def test_it_names_the_field_the_model_refuses(api_world):
    client = token_client(api_world.world.coordinator)
    response = _post(
        client,
        "/api/v1/contributions",
        {
            "activity_id": api_world.own.activity.pk,
            "contributor_id": api_world.world.business.pk,
            "kind": "in_kind",
            "quantity": "600",
            "unit": "cái",
            "unit_value_vnd": 8000,
            "value_vnd": 4_000_000,
        },
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"] == ["body", "payload", "value_vnd"]
    assert "4.800.000" in detail[0]["msg"]


def test_it_names_the_field_of_a_unique_rule(api_world):
    client = token_client(api_world.world.coordinator)
    response = _post(
        client,
        "/api/v1/beneficiary-counts",
        {"activity_id": api_world.own.activity.pk, "group": "poor_households", "count": 3},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "group"]


def test_it_names_the_field_of_a_foreign_key_it_cannot_find(api_world):
    client = token_client(api_world.world.coordinator)
    response = _post(
        client,
        "/api/v1/contributions",
        {
            "activity_id": api_world.own.activity.pk,
            "contributor_id": 999_999,
            "kind": "cash",
            "value_vnd": 1,
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "contributor_id"]


def test_it_turns_a_refused_database_write_into_422_with_the_field(api_world, monkeypatch):
    # A race: full_clean passed, then another client wrote the same group first.
    monkeypatch.setattr(BeneficiaryCount, "full_clean", lambda self, **kwargs: None)
    client = token_client(api_world.world.coordinator)
    response = _post(
        client,
        "/api/v1/beneficiary-counts",
        {"activity_id": api_world.own.activity.pk, "group": "poor_households", "count": 3},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]
    assert response.json()["detail"][0]["loc"][2] in {"activity_id", "group"}


def test_it_finds_the_field_of_a_check_constraint_in_a_database_message():
    message = 'new row violates check constraint "contribution_cash_has_value"'
    assert constraint_fields(Contribution, message) == ["kind", "value_vnd"]
    assert isinstance(IntegrityError(message), Exception)


def test_it_names_the_field_of_a_rule_over_two_fields(api_world):
    client = token_client(api_world.world.coordinator)
    response = client.patch(
        f"/api/v1/activities/{api_world.own.activity.pk}",
        {"version": 1, "end_date": "2024-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "end_date"]


def test_it_refuses_a_plan_state_change_with_409_and_a_reason(api_world):
    client = token_client(api_world.world.approver)
    response = _post(client, f"/api/v1/plans/{api_world.own.draft_plan.pk}/approve", {"version": 1})
    assert response.status_code == 409
    assert response.json()["detail"][0]["type"] == "refused"


def test_it_refuses_a_dispute_without_a_reason(api_world):
    client = token_client(api_world.world.commune_officer)
    response = _post(
        client,
        f"/api/v1/activities/{api_world.own.activity.pk}/confirmation",
        {"version": 1, "confirmed": False},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "note"]


def test_it_refuses_text_with_nul_characters(api_world):
    client = token_client(api_world.world.coordinator)
    response = client.patch(
        f"/api/v1/activities/{api_world.own.activity.pk}",
        {"version": 1, "title": "a\x00b"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title"
