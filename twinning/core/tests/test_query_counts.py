"""Every page the benchmark measures runs the same number of queries with N rows and with 3N
rows, so that a regression to one query per row (N+1) fails here, not at a whole country's scale.

Each test renders the page once to warm up (session, caches filled on first use), counts the
queries of a second rendering, adds twice as many rows again and counts once more.
"""

from __future__ import annotations

import datetime
import math

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from twinning.activities.models import BeneficiaryCount
from twinning.geo.models import AdminUnit
from twinning.organisations.models import Organisation
from twinning.programmes.models import Twinning
from twinning.programmes.tests.factories import add_activity, add_contribution, add_plan

N = 25  # more than one page of the twinning's timeline (20 a page)
# The home pages list 20 items and count the rest only when there are more (one query more,
# whatever the number): start above that, a third of the activities being pending.
HOME_N = 66


def queries_of(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)


def add_activities(world, count: int, start: int = 0) -> None:
    """Activities over several years, each with two contributions (direct and mobilised) and
    a beneficiary count, some pending or disputed (what the home pages list)."""
    for n in range(start, start + count):
        activity = add_activity(
            world.twinning,
            f"Hoạt động {n}",
            category=["gifts", "education", "health"][n % 3],
            start_date=datetime.date(2016 + n % 8, 1 + n % 12, 1 + n % 28),
            confirmation=["pending", "confirmed", "disputed"][n % 3],
        )
        add_contribution(activity, world.sponsor, kind="cash", value_vnd=1_000_000 + n)
        add_contribution(activity, world.business, quantity=10 + n, unit_value_vnd=8_000)
        BeneficiaryCount.objects.create(activity=activity, group="poor_households", count=5 + n)


def add_twinnings(world, count: int, start: int = 0) -> None:
    sponsor = Organisation.objects.create(name=f"Sở {start}", kind="provincial_agency")
    for n in range(start, start + count):
        commune = AdminUnit.objects.create(
            code=f"8{n:04d}", name=f"Xã {n}", level="commune", parent=world.commune.parent
        )
        partner = Organisation.objects.create(name=f"UBND xã {n}", kind="commune_committee")
        twinning = Twinning.objects.create(
            programme=world.programme,
            sponsor=sponsor,
            partner_unit=commune,
            partner_organisation=partner,
            signed_on=datetime.date(2016, 8, 1),
        )
        activity = add_activity(twinning, f"A{n}")
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        add_plan(twinning, datetime.date.today().year)


def counts_at_n_and_3n(client, world, grow, url_for, n=N, **headers) -> tuple[int, int]:
    grow(world, n)
    client.get(url_for(world), **headers)  # warm up
    # Both counts from an empty cache: the cached fragments' own queries are counted too.
    cache.clear()
    at_n = queries_of(client, url_for(world), **headers)
    grow(world, 2 * n, start=n)
    cache.clear()
    at_3n = queries_of(client, url_for(world), **headers)
    return at_n, at_3n


def twinning_url(world) -> str:
    return reverse("programmes:twinning", kwargs={"slug": world.twinning.slug})


def timeline_last_page_url(world) -> str:
    last = math.ceil(world.twinning.activities.count() / 20)
    return f"{twinning_url(world)}?page={last}"


@pytest.mark.parametrize(
    ("user", "url_for", "n"),
    [
        ("coordinator", twinning_url, N),
        ("viewer", twinning_url, N),
        ("coordinator", timeline_last_page_url, N),
        ("coordinator", lambda world: reverse("accounts:home"), HOME_N),
        ("commune_officer", lambda world: reverse("accounts:home"), HOME_N),
        ("overseer", lambda world: reverse("programmes:overview"), N),
    ],
    ids=["twinning", "twinning-viewer", "timeline-late-page", "home", "home-commune", "overview"],
)
def test_a_page_runs_as_many_queries_with_three_times_the_activities(
    client, world, user, url_for, n
):
    client.force_login(world.users[user])
    at_n, at_3n = counts_at_n_and_3n(client, world, add_activities, url_for, n)
    assert at_n == at_3n


def test_the_timeline_late_page_is_a_late_page(client, world):
    add_activities(world, 3 * N)
    client.force_login(world.coordinator)
    response = client.get(timeline_last_page_url(world))
    assert (
        response.context["page_obj"].number == 4 == response.context["page_obj"].paginator.num_pages
    )


def test_the_overview_runs_as_many_queries_with_three_times_the_twinnings(client, world):
    client.force_login(world.overseer)
    at_n, at_3n = counts_at_n_and_3n(
        client, world, add_twinnings, lambda world: reverse("programmes:overview")
    )
    assert at_n == at_3n


@pytest.mark.parametrize("user", ["coordinator", "overseer"])
def test_the_api_activity_list_runs_as_many_queries_with_three_times_the_rows(client, world, user):
    client.force_login(world.users[user])
    url = "/api/v1/activities?limit=50"
    at_n, at_3n = counts_at_n_and_3n(client, world, add_activities, lambda world: url)
    assert at_n == at_3n
    assert len(client.get(url).json()["items"]) == 50


def test_the_api_activity_list_late_page_runs_as_many_queries(client, world):
    """A page reached through the cursor costs what the first page costs."""
    client.force_login(world.coordinator)
    add_activities(world, 3 * N)
    first = client.get("/api/v1/activities?limit=20").json()
    url = f"/api/v1/activities?limit=20&cursor={first['next_cursor']}"
    client.get(url)
    late = client.get(url).json()
    assert late["items"] and {i["id"] for i in late["items"]}.isdisjoint(
        i["id"] for i in first["items"]
    )
    assert queries_of(client, "/api/v1/activities?limit=20") == queries_of(client, url)
