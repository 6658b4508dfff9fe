"""The permission matrix: every route of the URL configuration (web pages, the JSON API's
operations, the admin) × every role of the test World and an anonymous visitor × the role's own
organisation's data and another organisation's, answered as RULES says
(twinning/core/tests/permission_rules.py).

A route without a rule fails `test_every_route_has_a_rule`, so a new view cannot arrive without
one. A refused POST (or PATCH, DELETE) must leave every table it could touch as it was; an
allowed one must have changed something (it works). The world is built once for the module;
each case runs inside its own transaction, rolled back after it.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings

from twinning.core.tests.permission_rules import (
    ROLES,
    RULES,
    Route,
    admin_url,
    all_routes,
    build_context,
    expected,
    rule_for,
)

ROUTES = all_routes()


def _cases() -> list[tuple[Route, str, str, str]]:
    cases = []
    for route in ROUTES:
        rule = rule_for(route.name)
        if rule is None:
            continue  # test_every_route_has_a_rule names it
        if rule.api:
            methods = [rule.api_method]
        elif route.name.startswith("admin:"):
            methods = ["GET", "POST"]
        else:
            methods = ["GET", "POST"]
        scopes = ["own", "other"] if rule.scoped else ["any"]
        for method in methods:
            for role in ROLES:
                if route.name.startswith("admin:") and method == "POST" and role == "administrator":
                    continue  # the admin's own forms are Django's; only refusals are tried
                for scope in scopes:
                    cases.append((route, method, role, scope))
    return cases


CASES = _cases()


def test_every_route_has_a_rule():
    missing = [route.name for route in ROUTES if rule_for(route.name) is None]
    assert not missing, f"routes without an access rule in permission_rules.RULES: {missing}"


def test_every_rule_names_a_route():
    names = {route.name for route in ROUTES}
    stale = [name for name in RULES if name != "admin:*" and name not in names]
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_the_api_routes_carry_their_methods():
    api = [route for route in ROUTES if route.name.startswith("api-v1:") and route.methods]
    assert len(api) == 42
    for route in api:
        assert RULES[route.name].api_method in route.methods, route.name


def test_the_matrix_size(capsys):
    routes = {route.name for route, *_ in CASES}
    combinations = {(route.name, role, scope) for route, _method, role, scope in CASES}
    with capsys.disabled():
        print(
            f"\npermission matrix: {len(routes)} routes × {len(ROLES)} roles × own/other data: "
            f"{len(combinations)} (route, role, scope) combinations, {len(CASES)} requests"
        )
    assert len(routes) == len(ROUTES)


# --- the world, once for the module ----------------------------------------------------


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """Build the World, its records and a signed-in session per role once; roll it all back
    at the end of the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media),
        ),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            context = build_context()
            sessions = {}
            for role in ROLES[:-1]:
                client = Client()
                client.force_login(getattr(context.world, role))
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield context, sessions
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# Every table a route could change: a refused request must leave them all as they were.
WATCHED = [
    "programmes.AnnualPlan",
    "programmes.PlanItem",
    "activities.Activity",
    "activities.Contribution",
    "activities.Output",
    "activities.BeneficiaryCount",
    "activities.Recipient",
    "activities.Attachment",
    "indicators.IndicatorValue",
    "locks.YearLock",
    "reports.ReportDraft",
    "api.ApiToken",
    "imports.ImportJob",
    "reports.ExportJob",
    "organisations.Organisation",
    "organisations.Membership",
]


def snapshot() -> dict:
    """Return every row of the watched tables and the users' passwords (raw SQL: this runs
    after each of the 2,000 writes tried, and the ORM would make it the matrix's main cost)."""
    from django.apps import apps
    from django.db import connection

    state = {}
    with connection.cursor() as cursor:
        for label in WATCHED:
            meta = apps.get_model(label)._meta
            table, pk = connection.ops.quote_name(meta.db_table), meta.pk.column
            cursor.execute(f"SELECT * FROM {table} ORDER BY {connection.ops.quote_name(pk)}")
            state[label] = cursor.fetchall()
        users = connection.ops.quote_name(get_user_model()._meta.db_table)
        cursor.execute(f"SELECT id, password, is_active FROM {users} ORDER BY id")
        state["users"] = cursor.fetchall()
    return state


def _request(client: Client, method: str, url: str, body, api: bool):
    if method == "GET":
        return client.get(url)
    call = getattr(client, method.lower())
    if api:
        return call(url, json.dumps(body or {}), content_type="application/json")
    if method == "POST":
        return client.post(url, body or {})
    return call(url)


def _groups() -> list[tuple[Route, str]]:
    seen: dict[tuple[str, str], tuple[Route, str]] = {}
    for route, method, _role, _scope in CASES:
        seen.setdefault((route.name, method), (route, method))
    return list(seen.values())


GROUPS = _groups()


def _try(context, sessions, route, method, role, scope, before) -> str | None:
    """Make one request in a transaction rolled back after it; return what went wrong."""
    rule = rule_for(route.name)
    records = context.records("own" if scope == "any" else scope)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    with transaction.atomic():
        try:
            url = admin_url(route, context) if route.name.startswith("admin:") else None
            url = url or rule.url(context, records, role)
            body = rule.body(context, records, role) if rule.body and method != "GET" else None
            response = _request(client, method, url, body, rule.api)
            outcome = expected(rule, route, method, role, scope)
            if response.status_code != outcome.status:
                detail = b"(file)" if response.streaming else response.content[:200]
                return (
                    f"{method} {url}: {response.status_code}, expected {outcome.status}: {detail!r}"
                )
            if outcome.location and not response["Location"].startswith(outcome.location):
                return f"{method} {url}: sent to {response['Location']}, not {outcome.location}"
            if before is not None:
                after = snapshot()
                if not outcome.allowed and after != before:
                    return f"{method} {url}: refused ({outcome.status}) but data changed"
                if outcome.allowed and rule.body is not None and rule.changes and after == before:
                    return f"{method} {url}: allowed but nothing changed: it does not work"
            return None
        finally:
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method"), GROUPS, ids=[f"{route.name}-{method}" for route, method in GROUPS]
)
def test_the_route_answers_every_role_as_its_rule_says(matrix, route, method, settings):
    """One test per route and method; each role × own/other is one request, and a failure
    names them all: route, method, role, scope, status and what was expected."""
    context, sessions = matrix
    before = snapshot() if method != "GET" else None
    failures = []
    for case_route, case_method, role, scope in CASES:
        if case_route != route or case_method != method:
            continue
        problem = _try(context, sessions, route, method, role, scope, before)
        if problem:
            failures.append(f"{route.name} as {role} on {scope} data: {problem}")
    assert not failures, "\n".join(failures)
