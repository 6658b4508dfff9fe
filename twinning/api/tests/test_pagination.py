"""Cursor pagination: walking a list page by page returns every row exactly once, in order,
even when rows share the sort key; a cursor of another list or a made-up one is a 422."""

from __future__ import annotations

import datetime

from twinning.activities.models import Activity, Contribution
from twinning.api.tests.conftest import token_client


def _walk(client, path: str, limit: int) -> tuple[list[int], int]:
    ids: list[int] = []
    pages = 0
    cursor = None
    while True:
        query = f"{path}{'&' if '?' in path else '?'}limit={limit}"
        if cursor:
            query += f"&cursor={cursor}"
        body = client.get(query).json()
        pages += 1
        ids.extend(row["id"] for row in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            return ids, pages


def test_it_walks_all_activities_exactly_once(api_world):
    twinning = api_world.world.twinning
    # Three to a day: the keyset must break ties on the id.
    for n in range(23):
        Activity.objects.create(
            twinning=twinning,
            category="gifts",
            title=f"Hoạt động {n}",
            start_date=datetime.date(2023, 1, 1) + datetime.timedelta(days=n // 3),
        )
    client = token_client(api_world.world.coordinator)
    ids, pages = _walk(client, f"/api/v1/activities?twinning={twinning.pk}", limit=5)
    expected = list(
        Activity.objects.filter(twinning=twinning)
        .order_by("start_date", "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 24
    assert ids == expected
    assert pages == 5


def test_it_walks_a_filtered_list_exactly_once(api_world):
    activity = api_world.own.activity
    for n in range(11):
        Contribution.objects.create(
            activity=activity,
            contributor=api_world.world.business,
            kind="cash",
            value_vnd=1_000 * (n + 1),
        )
    client = token_client(api_world.world.coordinator)
    ids, _pages = _walk(
        client, f"/api/v1/contributions?contributor={api_world.world.business.pk}", 4
    )
    expected = set(
        Contribution.objects.filter(contributor=api_world.world.business).values_list(
            "pk", flat=True
        )
    )
    assert len(ids) == len(set(ids)) == len(expected) == 12
    assert set(ids) == expected


def test_it_refuses_a_made_up_cursor_with_the_path_of_the_parameter(api_world):
    client = token_client(api_world.world.coordinator)
    response = client.get("/api/v1/activities?cursor=bm90LWEtY3Vyc29y")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_it_refuses_a_cursor_of_another_list(api_world):
    for n in range(3):
        Activity.objects.create(
            twinning=api_world.world.twinning,
            category="gifts",
            title=f"x{n}",
            start_date=datetime.date(2022, 1, 1),
        )
    client = token_client(api_world.world.coordinator)
    cursor = client.get("/api/v1/activities?limit=1").json()["next_cursor"]
    assert cursor
    response = client.get(f"/api/v1/plans?cursor={cursor}")
    assert response.status_code == 422
