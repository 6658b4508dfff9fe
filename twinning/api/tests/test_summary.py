"""The report summary of a twinning: the figures of reports.queries, by year, category and
origin, for all years or a span."""

from __future__ import annotations

import datetime

from twinning.activities.models import Activity, Contribution
from twinning.api.tests.conftest import token_client


def test_it_sums_a_twinning_by_year_category_and_origin(api_world):
    world = api_world.world
    activity = Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Quà Tết",
        start_date=datetime.date(2023, 1, 20),
    )
    Contribution.objects.create(
        activity=activity, contributor=world.sponsor, kind="cash", value_vnd=10_000_000
    )
    client = token_client(world.viewer, scope="read")
    body = client.get(f"/api/v1/twinnings/{world.twinning.pk}/summary").json()

    assert body["activities"] == 2
    assert body["value"]["total"] == 14_800_000
    assert body["value"]["direct"] == 10_000_000
    assert body["value"]["mobilised"] == 4_800_000
    assert body["value"]["in_kind"] == 4_800_000
    assert {row["year"]: row["value"]["total"] for row in body["by_year"]} == {
        2023: 10_000_000,
        2024: 4_800_000,
    }
    assert {row["category"]: row["activities"] for row in body["by_category"]} == {
        "gifts": 1,
        "health": 1,
    }
    assert body["beneficiaries_total"] == 20

    span = client.get(f"/api/v1/twinnings/{world.twinning.pk}/summary?year_from=2024").json()
    assert span["value"]["total"] == 4_800_000
    assert span["year_from"] == 2024
