"""Personal access tokens: created and revoked by their owner in the web app, the secret shown
once and stored only as its SHA-256, refused once revoked or expired, read-only refused on
writes."""

from __future__ import annotations

import datetime
import hashlib

from django.test import Client
from django.utils import timezone

from twinning.api.models import ApiToken
from twinning.api.tests.conftest import token_client
from twinning.api.tokens import create_token
from twinning.testing import PASSWORD


def _signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_it_shows_the_secret_once_and_stores_only_its_hash(world):
    client = _signed_in(world.coordinator)
    response = client.post(
        "/account/tokens/", {"name": "Báo cáo tỉnh", "scope": "read", "personal_data": ""}
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("twn_")
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"

    token = ApiToken.objects.get(user=world.coordinator)
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix)
    assert secret not in {token.name, token.prefix, token.secret_hash}
    assert token.scope == "read" and not token.personal_data

    page = client.get("/account/tokens/")
    assert secret not in page.content.decode()
    assert token.prefix in page.content.decode()


def test_it_creates_a_write_token_with_personal_data_and_an_expiry(world):
    client = _signed_in(world.coordinator)
    tomorrow = timezone.localdate() + datetime.timedelta(days=30)
    client.post(
        "/account/tokens/",
        {"name": "Đồng bộ", "scope": "write", "personal_data": "on", "expires_on": tomorrow},
    )
    token = ApiToken.objects.get(user=world.coordinator)
    assert token.scope == "write" and token.personal_data
    assert timezone.localtime(token.expires_at).date() == tomorrow


def test_it_refuses_an_expiry_in_the_past(world):
    client = _signed_in(world.coordinator)
    response = client.post(
        "/account/tokens/", {"name": "x", "scope": "read", "expires_on": "2020-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_it_asks_for_a_sign_in_before_the_token_page(world):
    response = Client().get("/account/tokens/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_revokes_a_token_which_then_authenticates_no_more(world):
    new = create_token(world.coordinator, "CI")
    api = Client(headers={"Authorization": f"Bearer {new.secret}"})
    assert api.get("/api/v1/twinnings").status_code == 200

    response = _signed_in(world.coordinator).post(f"/account/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 302
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
    assert api.get("/api/v1/twinnings").status_code == 401


def test_it_does_not_let_a_user_revoke_someone_elses_token(world):
    new = create_token(world.coordinator, "CI")
    response = _signed_in(world.outsider).post(f"/account/tokens/{new.token.pk}/revoke/")
    assert response.status_code == 404
    new.token.refresh_from_db()
    assert new.token.revoked_at is None


def test_it_refuses_an_expired_token(world):
    new = create_token(world.coordinator, "old")
    ApiToken.objects.filter(pk=new.token.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    api = Client(headers={"Authorization": f"Bearer {new.secret}"})
    assert api.get("/api/v1/twinnings").status_code == 401


def test_it_refuses_a_made_up_token_with_json(world):
    response = Client(headers={"Authorization": "Bearer twn_guess"}).get("/api/v1/twinnings")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_it_records_when_a_token_was_last_used(world):
    new = create_token(world.coordinator, "CI")
    assert new.token.last_used_at is None
    Client(headers={"Authorization": f"Bearer {new.secret}"}).get("/api/v1/twinnings")
    new.token.refresh_from_db()
    assert new.token.last_used_at is not None


def test_it_refuses_every_write_of_a_read_only_token(api_world):
    world = api_world.world
    client = token_client(world.coordinator, scope="read")
    activity = api_world.own.activity
    assert client.get(f"/api/v1/activities/{activity.pk}").status_code == 200

    response = client.patch(
        f"/api/v1/activities/{activity.pk}",
        {"version": 1, "title": "Đổi tên"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only."}
    created = client.post(
        "/api/v1/plans",
        {"twinning_id": world.twinning.pk, "year": 2026},
        content_type="application/json",
    )
    assert created.status_code == 403
    deleted = client.delete(f"/api/v1/activities/{activity.pk}?version=1")
    assert deleted.status_code == 403
    activity.refresh_from_db()
    assert activity.title == "Tặng khẩu trang vải" and activity.version == 1


def test_it_lets_the_web_app_use_its_session_with_csrf_on_writes(api_world):
    world = api_world.world
    client = Client(enforce_csrf_checks=True)
    assert client.login(username="coordinator", password=PASSWORD)
    assert client.get("/api/v1/twinnings").status_code == 200

    path = f"/api/v1/plans/{api_world.own.draft_plan.pk}"
    body = {"version": 1, "summary": "Tóm tắt"}
    refused = client.patch(path, body, content_type="application/json")
    assert refused.status_code == 403

    client.get("/account/tokens/")  # sets the CSRF cookie, as any page of the web app does
    csrf = client.cookies["csrftoken"].value
    accepted = client.patch(
        path, body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["summary"] == "Tóm tắt"
    assert world.coordinator.pk == accepted.wsgi_request.user.pk


def test_it_lets_an_administrator_revoke_a_leaked_token_without_seeing_a_secret(world):
    new = create_token(world.coordinator, "leaked")
    client = _signed_in(world.administrator)
    page = client.get("/admin/api/apitoken/")
    assert page.status_code == 200
    assert new.token.prefix in page.content.decode()
    assert new.secret not in page.content.decode()
    client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [new.token.pk]},
    )
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None
