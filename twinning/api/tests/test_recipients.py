"""Named recipients are personal data: returned only to a token created with the personal-data
permission whose owner may see them, and every read is logged."""

from __future__ import annotations

import json

from twinning.activities.models import PersonalDataAccess
from twinning.api.tests.conftest import token_client


def _recipients(api_world):
    return f"/api/v1/activities/{api_world.own.activity.pk}/recipients"


def test_it_returns_recipients_to_a_permitted_token_of_a_coordinator_and_logs_it(api_world):
    client = token_client(api_world.world.coordinator, scope="read", personal_data=True)
    response = client.get(_recipients(api_world))
    assert response.status_code == 200
    assert [row["full_name"] for row in response.json()] == ["Nguyễn Văn A"]
    log = PersonalDataAccess.objects.get()
    assert log.user == api_world.world.coordinator
    assert log.action == "api" and log.record_count == 1


def test_it_refuses_recipients_to_a_token_without_the_permission(api_world):
    client = token_client(api_world.world.coordinator, personal_data=False)
    response = client.get(_recipients(api_world))
    assert response.status_code == 403
    assert "Nguyễn" not in response.content.decode()


def test_it_refuses_recipients_to_a_permitted_token_whose_owner_may_not_see_them(api_world):
    for role in ("viewer", "approver", "overseer", "administrator"):
        client = token_client(getattr(api_world.world, role), personal_data=True)
        response = client.get(_recipients(api_world))
        assert response.status_code == 403, role
    outsider = token_client(api_world.world.outsider, personal_data=True)
    assert outsider.get(_recipients(api_world)).status_code == 404


def test_it_refuses_recipients_to_the_web_session(api_world):
    from django.test import Client

    from twinning.testing import PASSWORD

    client = Client()
    client.login(username="coordinator", password=PASSWORD)
    assert client.get(_recipients(api_world)).status_code == 403


def test_it_never_puts_a_recipient_in_any_other_response(api_world):
    client = token_client(api_world.world.coordinator, personal_data=True)
    activity = api_world.own.activity
    for path in (
        "/api/v1/activities",
        f"/api/v1/activities/{activity.pk}",
        "/api/v1/contributions",
        "/api/v1/beneficiary-counts",
        f"/api/v1/twinnings/{activity.twinning_id}/summary",
    ):
        body = json.dumps(client.get(path).json(), ensure_ascii=False)
        assert "Nguyễn Văn A" not in body, path
