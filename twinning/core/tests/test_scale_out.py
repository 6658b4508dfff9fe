"""Scale-out, shown: two app processes (gunicorn, on two ports, the same settings) against the
same PostgreSQL database and the same Redis serve the same users. A session opened on one works
on the other; a change made through one is seen at once, totals included, through the other.

Runs where DATABASE_URL names PostgreSQL and REDIS_URL is set (CI's PostgreSQL pass); skipped
elsewhere, since one SQLite file and a per-process memory cache are a single-machine setup.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import override_settings

from twinning import settings as project_settings
from twinning.testing import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# What the app processes hash passwords with: the settings module's own list, not the fast
# hasher that the test suite puts in its place.
PRODUCTION_HASHERS = project_settings.PASSWORD_HASHERS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_processes(tmp_path):
    """Start two gunicorn processes on the test database (its rows are committed: this test
    runs in transactional mode) and return their base addresses."""
    if connection.vendor != "postgresql":
        pytest.skip("scale-out needs PostgreSQL (DATABASE_URL): one SQLite file is one machine")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("scale-out needs REDIS_URL (the cache and sessions the processes share)")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "SECRET_KEY": settings.SECRET_KEY,
        "DEBUG": "0",
        "STATIC_MANIFEST": "0",
        "TWINNING_VAR_DIR": str(tmp_path),
        "IMPORT_WORKER": "manual",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processes, bases = [], []
    try:
        for _ in range(2):
            port = free_port()
            processes.append(
                subprocess.Popen(
                    [str(gunicorn), "twinning.wsgi", "--bind", f"127.0.0.1:{port}",
                     "--workers", "1", "--threads", "2", "--log-level", "warning"],
                    env=env,
                    cwd=settings.PROJECT_DIR,
                )
            )  # fmt: skip
            bases.append(f"http://127.0.0.1:{port}")
        for process, base in zip(processes, bases, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, "an app process ended at once"
                try:
                    if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, f"{base} did not answer within 60 s"
                time.sleep(0.3)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def sign_in(base: str, user) -> requests.Session:
    """Sign `user` in on the app process at `base`, through its sign-in form."""
    # The tests hash passwords with a fast hasher that the app processes do not accept.
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def test_the_shared_state_is_outside_the_processes():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set")
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_two_processes_serve_the_same_users(world, two_processes):
    a, b = two_processes
    on_a = sign_in(a, world.coordinator)
    # The session opened on A works on B.
    on_b = requests.Session()
    on_b.cookies.update(dict(on_a.cookies.items()))
    home = on_b.get(f"{b}/", allow_redirects=False, timeout=10)
    assert home.status_code == 200
    assert world.coordinator.username in home.text

    api_headers = {"X-CSRFToken": on_a.cookies["csrftoken"], "Referer": f"{a}/"}
    summary_url = f"{b}/api/v1/twinnings/{world.twinning.pk}/summary"
    before = on_b.get(summary_url, timeout=10).json()

    # A change made through A...
    created = on_a.post(
        f"{a}/api/v1/activities",
        json={
            "twinning_id": world.twinning.pk,
            "category": "education",
            "title": "Vở cho học sinh điểm trường Tà Lang",
            "start_date": "2024-09-05",
        },
        headers=api_headers,
        timeout=10,
    )
    assert created.status_code == 201, created.text
    activity = created.json()
    given = on_a.post(
        f"{a}/api/v1/contributions",
        json={
            "activity_id": activity["id"],
            "contributor_id": world.business.pk,
            "kind": "cash",
            "value_vnd": 12_500_000,
        },
        headers=api_headers,
        timeout=10,
    )
    assert given.status_code == 201, given.text

    # ...is seen at once through B, totals included.
    page = on_b.get(f"{b}/twinnings/{world.twinning.slug}/", timeout=10)
    assert page.status_code == 200
    assert "Vở cho học sinh điểm trường Tà Lang" in page.text
    after = on_b.get(summary_url, timeout=10).json()
    assert after["activities"] == before["activities"] + 1
    assert after["value"]["total"] == before["value"]["total"] + 12_500_000

    # An edit through A, seen through B.
    edited = on_a.patch(
        f"{a}/api/v1/contributions/{given.json()['id']}",
        json={"version": given.json()["version"], "value_vnd": 20_000_000},
        headers=api_headers,
        timeout=10,
    )
    assert edited.status_code == 200, edited.text
    assert on_b.get(summary_url, timeout=10).json()["value"]["total"] == (
        before["value"]["total"] + 20_000_000
    )
    # Signing out on B ends the session on A too.
    on_b.post(f"{b}/accounts/logout/", headers={"X-CSRFToken": on_a.cookies["csrftoken"],
              "Referer": f"{b}/"}, timeout=10)  # fmt: skip
    assert on_a.get(f"{a}/", allow_redirects=False, timeout=10).status_code == 302
