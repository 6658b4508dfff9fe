"""Synthetic data: deterministic for a seed, marked synthetic, valid against every constraint."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from twinning.activities.models import Activity, Contribution, expected_value
from twinning.demo.synthetic import SCALES, generate
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
