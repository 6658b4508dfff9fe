"""Synthetic data: deterministic for a seed, marked synthetic, valid against every constraint."""

import datetime
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from twinning.activities.models import Activity, Contribution, expected_value
from twinning.demo.synthetic import SCALES, bulk_load_settings, generate
from twinning.programmes.models import Twinning


class Rollback(Exception):
    pass


def fingerprint() -> str:
    rows = Contribution.objects.order_by(
        "activity__twinning__slug", "activity__ref", "pk"
    ).values_list(
        "activity__twinning__slug",
        "activity__ref",
        "activity__start_date",
        "kind",
        "quantity",
        "value_vnd",
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


@pytest.mark.django_db
def test_it_writes_the_same_data_for_the_same_seed():
    prints = []
    for _ in range(2):
        with pytest.raises(Rollback), transaction.atomic():
            generate("tiny", 7, verbose=False)
            prints.append(fingerprint())
            raise Rollback
    assert prints[0] == prints[1]


@pytest.mark.django_db
def test_it_marks_everything_synthetic_and_keeps_the_rules():
    counts = generate("tiny", 3, verbose=False)
    scale = SCALES["tiny"]
    assert counts["twinnings"] == scale.provinces * scale.twinnings_per_province
    assert counts["activities"] == counts["twinnings"] * 11 * scale.activities_per_year
    assert counts["contributions"] == counts["activities"] * scale.contributions_per_activity
    assert (
        not Twinning.objects.exclude(provenance="synthetic")
        .filter(slug__startswith="syn-")
        .exists()
    )
    assert set(Activity.objects.values_list("provenance", flat=True)) == {"synthetic"}
    for c in Contribution.objects.exclude(quantity=None):
        assert c.value_vnd == expected_value(c.quantity, c.unit_value_vnd)


@pytest.mark.django_db
def test_it_refuses_to_write_the_same_seed_twice():
    call_command("generate", "--scale", "tiny", "--seed", "5", "--quiet")
    with pytest.raises(CommandError, match="already exists"):
        call_command("generate", "--scale", "tiny", "--seed", "5", "--quiet")


@pytest.mark.django_db
def test_it_leaves_the_summary_of_totals_exact():
    from twinning.reports import summary
    from twinning.reports.models import ActivitySummary, ContributionSummary

    counts = generate("tiny", 11, verbose=False)
    assert counts["contribution summary"] == ContributionSummary.objects.count() > 0
    assert counts["activity summary"] == ActivitySummary.objects.count() > 0
    assert summary.differences() == []
    # A change through the app afterwards is added to the rows written in bulk.
    activity = Activity.objects.filter(twinning__slug__startswith="syn-tiny-11-").first()
    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert summary.differences() == []


@pytest.mark.django_db
def test_rows_written_after_generation_get_fresh_ids():
    """The generator numbers its activities itself; the next activity the app creates (the
    database's own sequence on PostgreSQL) must not collide with them."""
    generate("tiny", 13, verbose=False)
    highest = Activity.objects.order_by("-pk").values_list("pk", flat=True).first()
    twinning = Twinning.objects.filter(slug__startswith="syn-tiny-13-").first()
    activity = Activity.objects.create(
        twinning=twinning,
        category="education",
        title="After the synthetic data",
        start_date=datetime.date(2025, 3, 1),
    )
    assert activity.pk > highest
    assert Contribution.objects.filter(activity__twinning=twinning).count() == (
        11 * SCALES["tiny"].activities_per_year * SCALES["tiny"].contributions_per_activity
    )


@pytest.mark.django_db
def test_the_connection_settings_of_the_bulk_load_are_put_back():
    if connection.vendor != "sqlite":
        pytest.skip("the bulk-load settings are SQLite's")

    def pragmas():
        with connection.cursor() as cursor:
            values = []
            for name in ("synchronous", "cache_size", "temp_store"):
                cursor.execute(f"PRAGMA {name}")
                values.append(cursor.fetchone()[0])
            return values

    before = pragmas()
    with bulk_load_settings():
        assert pragmas() != before
    assert pragmas() == before
    generate("tiny", 17, verbose=False)
    assert pragmas() == before
