"""List filters: twinning, year, category, status, contributor."""

from __future__ import annotations

import datetime

from twinning.activities.models import Activity
from twinning.api.tests.conftest import token_client


def _ids(client, path: str) -> set[int]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_it_filters_activities(api_world):
    world = api_world.world
    own = api_world.own.activity
    planned = Activity.objects.create(
        twinning=world.twinning,
        category="education",
        title="Học bổng",
        start_date=datetime.date(2025, 9, 5),
        status="planned",
    )
    client = token_client(world.overseer, scope="read")
    assert _ids(client, "/api/v1/activities?year=2025") == {planned.pk}
    assert _ids(client, "/api/v1/activities?category=health") == {
        own.pk,
        api_world.other.activity.pk,
    }
    assert _ids(client, f"/api/v1/activities?status=planned&twinning={world.twinning.pk}") == {
        planned.pk
    }
    assert _ids(client, f"/api/v1/activities?contributor={world.business.pk}") == {own.pk}


def test_it_filters_contributions_plans_and_values(api_world):
    world = api_world.world
    client = token_client(world.administrator, scope="read")
    assert _ids(client, f"/api/v1/contributions?contributor={world.business.pk}") == {
        api_world.own.contribution.pk
    }
    assert _ids(client, "/api/v1/contributions?status=pledged") == set()
    assert _ids(client, f"/api/v1/plans?status=submitted&twinning={world.twinning.pk}") == {
        api_world.own.submitted_plan.pk
    }
    assert _ids(client, "/api/v1/plan-items?year=2024&category=gifts") == {
        api_world.own.draft_item.pk,
        api_world.other.draft_item.pk,
    }
    assert _ids(client, f"/api/v1/indicator-values?twinning={world.other_twinning.pk}") == {
        api_world.other.indicator_value.pk
    }


def test_it_refuses_an_unknown_category_with_the_path_of_the_parameter(api_world):
    client = token_client(api_world.world.coordinator, scope="read")
    response = client.get("/api/v1/activities?category=fireworks")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "category"]
