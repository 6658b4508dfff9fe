"""Every endpoint × every role of World × the caller's own twinning and another department's.

The table STANDING says what each role may do on each twinning; each endpoint names what it
needs. Expected: 404 where the role cannot see the twinning (existence does not leak), 403
where it sees it without the right, the endpoint's success status otherwise. Lists answer 200
and include the twinning's row exactly when the role may see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from twinning.api.tests.conftest import ROLES, ApiWorld, Records, token_client

VIEW, EDIT, APPROVE, AGREE, PROFILE, RECIPIENTS = (
    "view",
    "edit",
    "approve",
    "agree",
    "profile",
    "recipients",
)
ANY = "any"  # reference data: every signed-in user

# What each role may do on World's twinning ("own": its sponsor is the department of the
# coordinator, approver and viewer; its partner is the commune officer's) and on the other
# department's ("other": the outsider's). None: the role does not see the twinning at all.
STANDING: dict[str, dict[str, set[str] | None]] = {
    "coordinator": {"own": {VIEW, EDIT, RECIPIENTS}, "other": None},
    "approver": {"own": {VIEW, APPROVE}, "other": None},
    "viewer": {"own": {VIEW}, "other": None},
    "commune_officer": {"own": {VIEW, AGREE, PROFILE, RECIPIENTS}, "other": None},
    "contributor": {"own": None, "other": None},
    "overseer": {"own": {VIEW}, "other": {VIEW}},
    "administrator": {"own": {VIEW}, "other": {VIEW}},
    "outsider": {"own": None, "other": {VIEW, EDIT, RECIPIENTS}},
}

# The business gave to World's twinning: it reads that contribution, and changes nothing.
CONTRIBUTOR_OWN = {
    "get contribution": 200,
    "update contribution": 403,
    "delete contribution": 403,
    "list contributions": 200,
}


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: Callable[[ApiWorld, Records], str]
    needs: str
    success: int = 200
    body: Callable[[ApiWorld, Records], dict] | None = None
    listed: Callable[[Records], int] | None = None  # a list: the id it shows when visible
    extra: dict = field(default_factory=dict)


def _t(r: Records) -> int:
    return r.twinning.pk


ENDPOINTS = [
    Endpoint("list twinnings", "get", lambda w, r: "/api/v1/twinnings", VIEW, listed=_t),
    Endpoint("get twinning", "get", lambda w, r: f"/api/v1/twinnings/{_t(r)}", VIEW),
    Endpoint("twinning summary", "get", lambda w, r: f"/api/v1/twinnings/{_t(r)}/summary", VIEW),
    Endpoint(
        "list plans",
        "get",
        lambda w, r: f"/api/v1/plans?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.draft_plan.pk,
    ),
    Endpoint(
        "create plan",
        "post",
        lambda w, r: "/api/v1/plans",
        EDIT,
        201,
        body=lambda w, r: {"twinning_id": _t(r), "year": 2026},
    ),
    Endpoint("get plan", "get", lambda w, r: f"/api/v1/plans/{r.draft_plan.pk}", VIEW),
    Endpoint(
        "update plan",
        "patch",
        lambda w, r: f"/api/v1/plans/{r.draft_plan.pk}",
        EDIT,
        body=lambda w, r: {"version": 1, "summary": "Kế hoạch năm 2024"},
    ),
    Endpoint(
        "delete plan",
        "delete",
        lambda w, r: f"/api/v1/plans/{r.draft_plan.pk}?version=1",
        EDIT,
        204,
    ),
    Endpoint(
        "submit plan",
        "post",
        lambda w, r: f"/api/v1/plans/{r.draft_plan.pk}/submit",
        EDIT,
        body=lambda w, r: {"version": 1},
    ),
    Endpoint(
        "approve plan",
        "post",
        lambda w, r: f"/api/v1/plans/{r.submitted_plan.pk}/approve",
        APPROVE,
        body=lambda w, r: {"version": 1},
    ),
    Endpoint(
        "agree plan",
        "post",
        lambda w, r: f"/api/v1/plans/{r.submitted_plan.pk}/agree",
        AGREE,
        body=lambda w, r: {"version": 1},
    ),
    Endpoint(
        "list plan items",
        "get",
        lambda w, r: f"/api/v1/plan-items?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.draft_item.pk,
    ),
    Endpoint(
        "create plan item",
        "post",
        lambda w, r: "/api/v1/plan-items",
        EDIT,
        201,
        body=lambda w, r: {"plan_id": r.draft_plan.pk, "category": "training", "title": "Tập huấn"},
    ),
    Endpoint("get plan item", "get", lambda w, r: f"/api/v1/plan-items/{r.draft_item.pk}", VIEW),
    Endpoint(
        "update plan item",
        "patch",
        lambda w, r: f"/api/v1/plan-items/{r.draft_item.pk}",
        EDIT,
        body=lambda w, r: {"version": 1, "budget_vnd": 10_000_000},
    ),
    Endpoint(
        "delete plan item",
        "delete",
        lambda w, r: f"/api/v1/plan-items/{r.draft_item.pk}?version=1",
        EDIT,
        204,
    ),
    Endpoint(
        "list activities",
        "get",
        lambda w, r: f"/api/v1/activities?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.activity.pk,
    ),
    Endpoint(
        "create activity",
        "post",
        lambda w, r: "/api/v1/activities",
        EDIT,
        201,
        body=lambda w, r: {
            "twinning_id": _t(r),
            "category": "gifts",
            "title": "Trao quà Trung thu",
            "start_date": "2024-09-15",
        },
    ),
    Endpoint("get activity", "get", lambda w, r: f"/api/v1/activities/{r.activity.pk}", VIEW),
    Endpoint(
        "update activity",
        "patch",
        lambda w, r: f"/api/v1/activities/{r.activity.pk}",
        EDIT,
        body=lambda w, r: {"version": 1, "reach_person_times": 120},
    ),
    Endpoint(
        "delete activity",
        "delete",
        lambda w, r: f"/api/v1/activities/{r.activity.pk}?version=1",
        EDIT,
        204,
    ),
    Endpoint(
        "answer activity",
        "post",
        lambda w, r: f"/api/v1/activities/{r.activity.pk}/confirmation",
        AGREE,
        body=lambda w, r: {"version": 1, "confirmed": True, "received_on": "2024-03-06"},
    ),
    Endpoint(
        "list recipients",
        "get",
        lambda w, r: f"/api/v1/activities/{r.activity.pk}/recipients",
        RECIPIENTS,
    ),
    Endpoint(
        "list contributions",
        "get",
        lambda w, r: f"/api/v1/contributions?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.contribution.pk,
    ),
    Endpoint(
        "create contribution",
        "post",
        lambda w, r: "/api/v1/contributions",
        EDIT,
        201,
        body=lambda w, r: {
            "activity_id": r.activity.pk,
            "contributor_id": w.world.business.pk,
            "kind": "cash",
            "value_vnd": 2_000_000,
        },
    ),
    Endpoint(
        "get contribution", "get", lambda w, r: f"/api/v1/contributions/{r.contribution.pk}", VIEW
    ),
    Endpoint(
        "update contribution",
        "patch",
        lambda w, r: f"/api/v1/contributions/{r.contribution.pk}",
        EDIT,
        body=lambda w, r: {"version": 1, "note": "Đã bàn giao"},
    ),
    Endpoint(
        "delete contribution",
        "delete",
        lambda w, r: f"/api/v1/contributions/{r.contribution.pk}?version=1",
        EDIT,
        204,
    ),
    Endpoint(
        "list beneficiary counts",
        "get",
        lambda w, r: f"/api/v1/beneficiary-counts?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.count.pk,
    ),
    Endpoint(
        "create beneficiary count",
        "post",
        lambda w, r: "/api/v1/beneficiary-counts",
        EDIT,
        201,
        body=lambda w, r: {"activity_id": r.activity.pk, "group": "students", "count": 35},
    ),
    Endpoint(
        "get beneficiary count",
        "get",
        lambda w, r: f"/api/v1/beneficiary-counts/{r.count.pk}",
        VIEW,
    ),
    Endpoint(
        "update beneficiary count",
        "patch",
        lambda w, r: f"/api/v1/beneficiary-counts/{r.count.pk}",
        EDIT,
        body=lambda w, r: {"count": 25, "women": 10},
    ),
    Endpoint(
        "delete beneficiary count",
        "delete",
        lambda w, r: f"/api/v1/beneficiary-counts/{r.count.pk}",
        EDIT,
        204,
    ),
    Endpoint("list indicators", "get", lambda w, r: "/api/v1/indicators", ANY),
    Endpoint("get indicator", "get", lambda w, r: f"/api/v1/indicators/{w.indicator.pk}", ANY),
    Endpoint(
        "list indicator values",
        "get",
        lambda w, r: f"/api/v1/indicator-values?twinning={_t(r)}",
        VIEW,
        listed=lambda r: r.indicator_value.pk,
    ),
    Endpoint(
        "create indicator value",
        "post",
        lambda w, r: "/api/v1/indicator-values",
        PROFILE,
        201,
        body=lambda w, r: {
            "twinning_id": _t(r),
            "indicator_id": w.indicator.pk,
            "year": 2023,
            "value": "45.5",
        },
    ),
    Endpoint(
        "get indicator value",
        "get",
        lambda w, r: f"/api/v1/indicator-values/{r.indicator_value.pk}",
        VIEW,
    ),
    Endpoint(
        "update indicator value",
        "patch",
        lambda w, r: f"/api/v1/indicator-values/{r.indicator_value.pk}",
        PROFILE,
        body=lambda w, r: {"version": 1, "value": "38.2"},
    ),
    Endpoint(
        "delete indicator value",
        "delete",
        lambda w, r: f"/api/v1/indicator-values/{r.indicator_value.pk}?version=1",
        PROFILE,
        204,
    ),
    Endpoint(
        "list organisations",
        "get",
        lambda w, r: "/api/v1/organisations?limit=200",
        VIEW,
        listed=lambda r: r.twinning.sponsor_id,
    ),
    Endpoint(
        "get organisation",
        "get",
        lambda w, r: f"/api/v1/organisations/{r.twinning.sponsor_id}",
        VIEW,
    ),
]


def expected_status(endpoint: Endpoint, role: str, target: str) -> int:
    """Return the status the table says `role` gets from `endpoint` on the `target` twinning."""
    if role == "contributor" and target == "own" and endpoint.name in CONTRIBUTOR_OWN:
        return CONTRIBUTOR_OWN[endpoint.name]
    if endpoint.needs == ANY or endpoint.listed is not None:
        return endpoint.success
    standing = STANDING[role][target]
    if standing is None:
        return 404
    return endpoint.success if endpoint.needs in standing else 403


def expected_listed(endpoint: Endpoint, role: str, target: str) -> bool:
    if role == "contributor" and target == "own" and endpoint.name == "list contributions":
        return True
    return STANDING[role][target] is not None


def test_it_covers_every_operation_of_the_api():
    from twinning.api.api import api

    operations = {
        (method.lower(), path)
        for path, methods in api.get_openapi_schema()["paths"].items()
        for method in methods
    }
    assert len(ENDPOINTS) == len(operations)


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name.replace(" ", "-"))
def test_it_answers_each_role_as_the_table_says(api_world, endpoint, role, target):
    records = api_world.records(target)
    client = token_client(getattr(api_world.world, role), personal_data=True)
    path = endpoint.path(api_world, records)
    call = getattr(client, endpoint.method)
    if endpoint.body is not None:
        response = call(path, endpoint.body(api_world, records), content_type="application/json")
    else:
        response = call(path)

    status = expected_status(endpoint, role, target)
    assert response.status_code == status, response.content
    if response.status_code != 204:
        assert response["Content-Type"].startswith("application/json")
    if endpoint.listed is not None:
        ids = {row["id"] for row in response.json()["items"]}
        assert (endpoint.listed(records) in ids) == expected_listed(endpoint, role, target)
