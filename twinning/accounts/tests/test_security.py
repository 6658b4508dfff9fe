"""Production settings, security headers, sign-in lockout and two-factor sign-in."""

import os
import secrets
import subprocess
import sys
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from twinning.testing import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def otp_without_throttle(settings):
    # A wrong code makes the device wait before the next try; the tests try again at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def test_it_passes_the_deployment_checks_in_production(tmp_path):
    env = {
        **os.environ,
        "TWINNING_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "twinning.example.gov.vn",
        "TWINNING_VAR_DIR": str(tmp_path),
        "DEBUG": "0",
    }
    # The browser tests set this in the test process; a production server never has it.
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "twinning", "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNING" not in output and "?:" not in output, output


def test_it_refuses_to_start_in_production_without_a_secret(tmp_path):
    env = {**os.environ, "TWINNING_MODE": "production", "ALLOWED_HOSTS": "x.example"}
    env.pop("SECRET_KEY", None)
    env["TWINNING_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "twinning", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_inline_script(client):
    response = client.get(LOGIN)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_it_turns_off_htmx_inline_indicator_style(client):
    response = client.get(LOGIN)
    assert b'name="htmx-config" content=\'{"includeIndicatorStyles": false}\'' in response.content
    assert b"<style" not in response.content
    assert b"<script>" not in response.content


def test_it_signs_in_through_the_form(client, world):
    response = client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_still_lets_the_test_client_sign_in(client, world):
    assert client.login(username="coordinator", password=PASSWORD)


def test_it_locks_out_after_five_failed_sign_ins(client, world):
    for _ in range(4):
        response = client.post(LOGIN, {"username": "coordinator", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 429
    # Even the right password is refused now, and the page says why.
    response = client.post(
        LOGIN, {"username": "coordinator", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert "Sign-in is blocked after 5 wrong passwords" in response.content.decode()
    # Vietnamese is the default language, and the message is translated.
    response = client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    assert "Đăng nhập bị khóa sau 5 lần nhập sai mật khẩu" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_it_does_not_lock_out_another_user(client, world):
    for _ in range(5):
        client.post(LOGIN, {"username": "coordinator", "password": "wrong"})
    response = client.post(LOGIN, {"username": "approver", "password": PASSWORD})
    assert response.status_code == 302


def _token(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def test_it_sets_up_two_factor_sign_in_with_a_qr_code(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 200
    assert b"data:image/svg+xml;base64," in response.content
    device = TOTPDevice.objects.get(user=world.coordinator)
    assert not device.confirmed

    response = client.post(reverse("accounts:two_factor_setup"), {"otp_token": "000000x"})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post(reverse("accounts:two_factor_setup"), {"otp_token": _token(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_it_asks_for_the_code_after_the_password(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="phone", confirmed=True)
    response = client.post(LOGIN, {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_verify"))

    verify = reverse("accounts:two_factor_verify")
    response = client.post(verify, {"otp_token": "123456", "next": "/"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302

    response = client.post(verify, {"otp_token": _token(device), "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/").status_code == 200


def test_it_does_not_follow_a_next_to_another_site(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="phone", confirmed=True)
    client.force_login(world.coordinator)
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"otp_token": _token(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == "/"


def test_it_requires_two_factor_of_overseers_and_administrators(client, world, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator", "province_overseer"]
    for user in (world.overseer, world.administrator):
        client.force_login(user)
        response = client.get("/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:two_factor_setup"))
    client.force_login(world.coordinator)
    assert client.get("/").status_code == 200


def test_it_will_not_turn_off_a_required_second_factor(client, world, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["province_overseer"]
    device = TOTPDevice.objects.create(user=world.overseer, name="phone", confirmed=True)
    client.force_login(world.overseer)
    client.post(reverse("accounts:two_factor_verify"), {"otp_token": _token(device)})
    client.post(
        reverse("accounts:two_factor_setup"),
        {"action": "disable", "otp_token": _token(device, 1)},
    )
    assert TOTPDevice.objects.filter(user=world.overseer).exists()


def test_it_turns_off_an_optional_second_factor(client, world):
    device = TOTPDevice.objects.create(user=world.coordinator, name="phone", confirmed=True)
    client.force_login(world.coordinator)
    client.post(reverse("accounts:two_factor_verify"), {"otp_token": _token(device)})
    response = client.post(
        reverse("accounts:two_factor_setup"),
        {"action": "disable", "otp_token": _token(device, 1)},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.coordinator).exists()
