"""E-mail goes to the SMTP server the environment names: a real server (aiosmtpd) started here
receives it, over STARTTLS or implicit TLS, after signing in with the configured account."""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import sys
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "twinning@so-cong-thuong.example.vn", "mat-khau thu 2026"


class Mailbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class Accounts:
    """An aiosmtpd authenticator that accepts one account and notes every attempt."""

    def __init__(self):
        self.attempts: list[tuple[str, str]] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.attempts.append((login, password))
        return AuthResult(success=(login, password) == (USER, PASSWORD))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """Return a self-signed certificate and key for localhost, made with openssl."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make the test server's certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def send_test_email(
    env: dict[str, str], trusted: Path | None = None
) -> subprocess.CompletedProcess:
    """Run `twinning sendtestemail` in a fresh process configured only by `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    if trusted:
        clean["SSL_CERT_FILE"] = str(trusted)  # the test server's certificate is the only CA
    return subprocess.run(
        [sys.executable, "-m", "twinning", "sendtestemail", "xa-dong-giang@example.vn"],
        env={**clean, "DEFAULT_FROM_EMAIL": "nhac-viec@example.vn", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_sends_through_an_smtp_server_with_starttls_and_a_password(certificate):
    mailbox, accounts = Mailbox(), Accounts()
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="localhost",
        port=port,
        authenticator=accounts,
        tls_context=_server_context(certificate),
        require_starttls=True,
        auth_required=True,
    )
    controller.start()
    try:
        result = send_test_email(
            {
                "EMAIL_HOST": "localhost",
                "EMAIL_PORT": str(port),
                "EMAIL_USE_TLS": "1",
                "EMAIL_HOST_USER": USER,
                "EMAIL_HOST_PASSWORD": PASSWORD,
                "EMAIL_TIMEOUT": "20",
            },
            trusted=certificate[0],
        )
    finally:
        controller.stop()

    assert result.returncode == 0, result.stderr
    assert accounts.attempts == [(USER, PASSWORD)]
    [(sender, recipients, content)] = mailbox.messages
    assert sender == "nhac-viec@example.vn"
    assert recipients == ["xa-dong-giang@example.vn"]
    assert "Test email from" in message_from_bytes(content)["Subject"]


def test_it_sends_over_implicit_tls(certificate):
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="localhost",
        port=port,
        ssl_context=_server_context(certificate),
        server_hostname="localhost",
    )
    controller.start()
    try:
        result = send_test_email(
            {"EMAIL_HOST": "localhost", "EMAIL_PORT": str(port), "EMAIL_USE_SSL": "yes"},
            trusted=certificate[0],
        )
    finally:
        controller.stop()

    assert result.returncode == 0, result.stderr
    assert [recipients for _s, recipients, _c in mailbox.messages] == [["xa-dong-giang@example.vn"]]


def test_it_refuses_a_server_whose_certificate_it_cannot_trust(certificate):
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(
        mailbox,
        hostname="localhost",
        port=port,
        tls_context=_server_context(certificate),
        require_starttls=True,
    )
    controller.start()
    try:
        result = send_test_email(
            {"EMAIL_HOST": "localhost", "EMAIL_PORT": str(port), "EMAIL_USE_TLS": "on"}
        )
    finally:
        controller.stop()

    assert result.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr
    assert mailbox.messages == []


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_USE_TLS": "1", "EMAIL_USE_SSL": "1"}, "exclude each other"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT=70000 is above the maximum 65535"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT='smtp' is not an integer"),
        ({"EMAIL_USE_TLS": "ture"}, "EMAIL_USE_TLS='ture' is not a boolean"),
        ({"EMAIL_HOST_USER": USER}, "must be set together"),
        ({"EMAIL_TIMEOUT": "0"}, "EMAIL_TIMEOUT=0 is below the minimum 1"),
        # smtplib sends AUTH as ASCII: refused at start rather than at the first reminder
        ({"EMAIL_HOST_USER": USER, "EMAIL_HOST_PASSWORD": "mật khẩu"}, "must be ASCII"),
    ],
)
def test_it_refuses_bad_email_settings_at_start_up(env, message):
    result = subprocess.run(
        [sys.executable, "-c", "import twinning.settings"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")},
            "EMAIL_HOST": "smtp.example.vn",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_it_picks_smtp_and_the_usual_ports_from_the_host_and_the_tls_mode():
    code = (
        "from twinning import settings as s; "
        "print(s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_TIMEOUT)"
    )

    def shown(**env) -> str:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
        result = subprocess.run(
            [sys.executable, "-c", code],
            env={**clean, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert shown() == "console localhost 25 30"
    assert shown(EMAIL_HOST="smtp.example.vn") == "smtp smtp.example.vn 25 30"
    assert shown(EMAIL_HOST="smtp.example.vn", EMAIL_USE_TLS="1") == "smtp smtp.example.vn 587 30"
    assert shown(EMAIL_HOST="mail.example.vn", EMAIL_USE_SSL="1", EMAIL_TIMEOUT="5") == (
        "smtp mail.example.vn 465 5"
    )
