"""The measurements, run on a scratch copy of the bench data (the environment names it).

Usage: python -m bench.measure '<stamp json>' <output.json>
"""

from __future__ import annotations

import json
import math
import sys
import time
from collections import defaultdict

from bench.common import django_setup, median, percentile, sizes, write_json

TARGETS = {
    "dashboard_ratio": 20,  # at least, summary versus GROUP BY over the base tables
    "dashboard_ms": 50,  # at most, at nation scale
    "page_p95_ms": 150,
    "load_rps": 150,
    "import_ratio": 2,
    "export_ratio": 1.5,
    "export_peak_mb": 250,
    "word_report_s": 1,
}


def timed(function, repeats: int) -> tuple[float, object]:
    """Run `function` `repeats` times; return the median time in ms and the last result."""
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return median(times), result


# --- 1. dashboard totals -----------------------------------------------------------------------


def dashboard_from_summary(twinning_ids) -> dict:
    """What a dashboard shows, from the summary, through the function the reports use (whole
    programmes are read from the programme-level summary, other twinnings per twinning)."""
    from twinning.reports import queries

    totals = queries.summary_totals(twinning_ids, per_twinning=False)
    return {
        "value": vars(totals.value),
        "pledged": totals.pledged_vnd,
        "by_year": {year: split.total for year, split in totals.by_year.items()},
        "by_category": {c: split.total for c, split in totals.by_category.items()},
        "activities_by_year": totals.activities_by_year,
        "activities_by_category": totals.activities_by_category,
    }


def dashboard_from_base_tables(twinning_ids) -> dict:
    """The same figures with a plain GROUP BY over contributions and activities."""
    from django.db.models import Count, F, Sum
    from django.db.models.functions import ExtractYear

    from twinning.activities.models import Activity, Contribution
    from twinning.reports.queries import ValueSplit

    value, pledged = ValueSplit(), 0
    by_year: dict[int, ValueSplit] = defaultdict(ValueSplit)
    by_category: dict[str, ValueSplit] = defaultdict(ValueSplit)
    rows = (
        Contribution.objects.filter(activity__twinning__in=twinning_ids)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .order_by()
        .values(
            "origin",
            "kind",
            "status",
            category=F("activity__category"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"))
    )
    for row in rows:
        amount = row["total"] or 0
        if row["status"] == Contribution.Status.PLEDGED:
            pledged += amount
            continue
        value.add(row["origin"], row["kind"], amount)
        by_year[row["year"]].add(row["origin"], row["kind"], amount)
        by_category[row["category"]].add(row["origin"], row["kind"], amount)
    activities_by_year: dict[int, int] = defaultdict(int)
    activities_by_category: dict[str, int] = defaultdict(int)
    for row in (
        Activity.objects.filter(twinning__in=twinning_ids)
        .exclude(status=Activity.Status.CANCELLED)
        .order_by()
        .values("category", year=ExtractYear("start_date"))
        .annotate(n=Count("pk"))
    ):
        activities_by_year[row["year"]] += row["n"]
        activities_by_category[row["category"]] += row["n"]
    return {
        "value": vars(value),
        "pledged": pledged,
        "by_year": {year: split.total for year, split in sorted(by_year.items())},
        "by_category": {c: split.total for c, split in by_category.items()},
        "activities_by_year": dict(sorted(activities_by_year.items())),
        "activities_by_category": dict(activities_by_category),
    }


def top_contributors(twinning_ids) -> list:
    """The ten largest delivering contributors, with a plain GROUP BY over the base tables."""
    from django.db.models import F, Sum

    from twinning.activities.models import Activity, Contribution

    # NULLS LAST: a contributor whose delivered gifts have no known value is not a top one
    # (PostgreSQL sorts NULL first in a descending order, SQLite last).
    return [
        (row["contributor_id"], row["total"] or 0)
        for row in Contribution.objects.filter(
            activity__twinning__in=twinning_ids, status=Contribution.Status.DELIVERED
        )
        .exclude(activity__status=Activity.Status.CANCELLED)
        .order_by()
        .values("contributor_id")
        .annotate(total=Sum("value_vnd"))
        .order_by(F("total").desc(nulls_last=True), "contributor_id")[:10]
    ]


def top_contributors_from_summary(twinning_ids) -> list:
    """The same, through the reports' function (the contributor summary for whole programmes)."""
    from twinning.reports import queries

    return [(row.contributor_id, row.value_vnd) for row in queries.top_contributors(twinning_ids)]


def measure_dashboards(stamp: dict, repeats: int) -> dict:
    from twinning.programmes.models import Twinning

    scopes = {
        "province": list(
            Twinning.objects.filter(programme_id=stamp["programme_id"]).values_list("pk", flat=True)
        ),
        "nation": list(Twinning.objects.values_list("pk", flat=True)),
    }
    out = {}
    for name, ids in scopes.items():
        summary_ms, from_summary = timed(lambda ids=ids: dashboard_from_summary(ids), repeats)
        base_ms, from_base = timed(lambda ids=ids: dashboard_from_base_tables(ids), repeats)
        # The bench refuses to report a speed-up of figures that differ.
        assert from_summary == from_base, f"{name}: summary {from_summary} != base {from_base}"
        top_summary_ms, top_summary = timed(
            lambda ids=ids: top_contributors_from_summary(ids), repeats
        )
        top_ms, top = timed(lambda ids=ids: top_contributors(ids), repeats)
        assert top_summary == top, f"{name}: top contributors {top_summary} != base {top}"
        out[name] = {
            "twinnings": len(ids),
            "summary_ms": round(summary_ms, 2),
            "group_by_ms": round(base_ms, 2),
            "ratio": round(base_ms / summary_ms, 1),
            "same_numbers": True,
            "total_vnd": from_summary["value"]["total"],
            "top_contributors_summary_ms": round(top_summary_ms, 2),
            "top_contributors_ms": round(top_ms, 2),
            "top_contributors_ratio": round(top_ms / top_summary_ms, 1),
        }
        print(f"  dashboard {name}: {out[name]}")
    return out


# --- 2. server time of pages -------------------------------------------------------------------


def measure_pages(stamp: dict, requests: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from twinning.activities.models import Activity
    from twinning.programmes.models import Twinning

    users = {
        role: get_user_model().objects.get(username=name) for role, name in stamp["users"].items()
    }
    clients = {}
    for role, user in users.items():
        client = Client(HTTP_ACCEPT_LANGUAGE="vi")
        client.force_login(user)
        clients[role] = client
    api = Client(HTTP_AUTHORIZATION=f"Bearer {stamp['tokens']['national_read']}")
    twinning = Twinning.objects.get(slug=stamp["twinning"])
    timeline_pages = math.ceil(Activity.objects.filter(twinning=twinning).count() / 20)
    overview_pages = math.ceil(Twinning.objects.count() / 50)
    # A late page of the API list: follow the cursor 20 pages in.
    from urllib.parse import urlencode

    cursor_url, late_page = "/api/v1/activities?limit=50", 1
    for _ in range(20):
        cursor = api.get(cursor_url).json().get("next_cursor")
        if not cursor:
            break
        cursor_url = "/api/v1/activities?" + urlencode({"limit": 50, "cursor": cursor})
        late_page += 1
    pages = [
        ("home (coordinator)", "coordinator", "/"),
        ("twinning page", "coordinator", f"/twinnings/{twinning.slug}/"),
        (
            f"twinning timeline, page {timeline_pages} of {timeline_pages}",
            "coordinator",
            f"/twinnings/{twinning.slug}/?page={timeline_pages}",
        ),
        ("province overview (province overseer)", "overseer", "/overview/"),
        (
            f"overview, national, page {overview_pages} of {overview_pages}",
            "national",
            f"/overview/?page={overview_pages}",
        ),
        ("API activities, first page", "api", "/api/v1/activities?limit=50"),
        (f"API activities, page {late_page}", "api", cursor_url),
    ]
    out = {}
    for label, role, url in pages:
        client = api if role == "api" else clients[role]
        for _ in range(2):  # warm up
            response = client.get(url)
            assert response.status_code == 200, (label, url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # now: the log is emptied when the next request starts
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, url, response.status_code)
        out[label] = {
            "url": url,
            "requests": requests,
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "queries": query_count,
        }
        print(f"  page {label}: {out[label]}")
    return out


# --- 5b. the Word report -----------------------------------------------------------------------


def measure_word_report(stamp: dict) -> dict:
    from twinning.programmes.models import Twinning
    from twinning.reports.render_docx import render_docx
    from twinning.reports.twinning_report import build_report

    twinning = Twinning.objects.get(slug=stamp["demo_twinning"])

    def word():
        return render_docx(build_report(twinning, 2016, 2023, language="vi"))

    ms, document = timed(word, 5)
    assert document[:2] == b"PK"
    return {
        "twinning": twinning.slug,
        "years": "2016-2023",
        "median_ms": round(ms, 1),
        "bytes": len(document),
    }


def main(stamp: dict, out_path: str) -> None:
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import children, load

    call_command("migrate", verbosity=0, interactive=False)  # data made by an older schema

    size = sizes()
    result = {"vendor": connection.vendor, "sizes": vars(size), "targets": TARGETS}
    print(f"[{connection.vendor}] 1. dashboard totals")
    result["dashboards"] = measure_dashboards(stamp, size.repeats)
    print(f"[{connection.vendor}] 2. pages")
    result["pages"] = measure_pages(stamp, size.page_requests)
    print(f"[{connection.vendor}] 5b. Word report")
    result["word_report"] = measure_word_report(stamp)
    print(f"  {result['word_report']}")
    connection.close()
    print(f"[{connection.vendor}] 3. load run")
    result["load"] = load.run(stamp, size.load_seconds, size.load_clients)
    print(f"  {result['load']}")
    print(f"[{connection.vendor}] 4. import")
    result["import"] = children.measure_import(stamp, size.import_rows)
    print(f"  {result['import']}")
    print(f"[{connection.vendor}] 5. export")
    result["export"] = children.measure_export(stamp, size.export_rows)
    print(f"  {result['export']}")
    write_json(__import__("pathlib").Path(out_path), result)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), sys.argv[2])
