import os
from pathlib import Path

import pytest

from twinning.testing import World

# One setting for the whole suite: passwords hashed with a fast hasher. Argon2 costs about
# 0.3 s per user (2.7 s per test world); no test here is about password storage, and the few
# that hand users to another process (gunicorn) hash theirs with the production hashers.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_configure(config):
    from django.test.utils import override_settings

    override_settings(PASSWORD_HASHERS=FAST_HASHERS).enable()
    _separate_redis_per_worker()


def _separate_redis_per_worker() -> None:
    """Give each pytest-xdist worker its own Redis database: the autouse fixture below empties
    the cache (FLUSHDB) before every test, which must not empty another worker's mid-test."""
    from django.conf import settings
    from django.test.utils import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw") or not settings.REDIS_URL:
        return
    base, _, db = settings.REDIS_URL.rpartition("/")
    index = (int(db) if db.isdigit() else 0) - int(worker[2:])
    if index < 0:
        index += 16
    url = f"{base}/{index}"
    os.environ["REDIS_URL"] = url  # for the app processes that tests start
    caches = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": url}}
    override_settings(CACHES=caches, REDIS_URL=url).enable()


CHROMIUM = Path(os.environ.get("TWINNING_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results"


def _transactional(item) -> bool:
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    return bool(marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in names or "live_server" in names
    )


def pytest_collection_modifyitems(items):
    """Mark the transactional tests (browser, live server, other processes) `transactional`,
    and give each a serialized rollback.

    Such a test ends by emptying every table, the rows the migrations wrote included (reference
    indicators, ethnic groups, the change markers' reference row). Django's own runner runs
    these tests after all others and restores those rows from a copy when the next one starts;
    `make test` does the same with two passes (`-m "not transactional"`, then
    `-m transactional`), since pytest-xdist would otherwise mix them on a worker."""
    for item in items:
        if not _transactional(item):
            continue
        item.add_marker(pytest.mark.transactional)
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            if not marker.kwargs.get("serialized_rollback"):
                kwargs = {**marker.kwargs, "serialized_rollback": True}
                item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
        elif "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


@pytest.fixture(autouse=True)
def _default_language():
    """End every test in the default language: a request or an override that activated another
    one in this thread must not decide which language the next test's code runs in."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: with REDIS_URL set (the PostgreSQL pass of CI) the
    cache outlives tests and runs, and a fragment or a throttle left by another test must not
    decide this one."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db) -> World:
    """Return the small test world (two twinnings, one user per role)."""
    return World.build()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    """Return Debian's Chromium driven by Playwright (never a downloaded browser).

    Without /usr/bin/chromium the browser tests are skipped, except where
    TWINNING_REQUIRE_BROWSER=1 (CI), where they fail.
    """
    if not CHROMIUM.exists():
        if os.environ.get("TWINNING_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # to set up data are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, browser, live_server):
    """Return a fresh browser page; a failing test leaves a screenshot in test-results/."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def sign_in(page, username: str, password: str) -> None:
    """Sign in through the real form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
