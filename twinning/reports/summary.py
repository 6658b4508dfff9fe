"""The summary kept exact on every write.

`ContributionSummary` and `ActivitySummary` hold, per twinning × year × category (and for
contributions × origin × kind × status), what the reports and dashboards add up. Every save and
delete of an Activity or a Contribution applies the difference between the old row (read from the
database before the write) and the new one, with F() increments, so two writers never lose each
other's change. The signals run inside the caller's transaction: the app's write paths (actions,
admin, imports, the demo loader) all run in `transaction.atomic`, so the row and its summary are
committed together. `QuerySet.update()` and raw SQL bypass signals; `twinning rebuild_summary`
rebuilds from scratch and reports any difference.

Only activities that are not cancelled, and their contributions, are counted (as in queries.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from twinning.activities.models import Activity, Contribution
from twinning.reports.models import ActivitySummary, ContributionSummary

CANCELLED = Activity.Status.CANCELLED

# (twinning_id, year, category) of a counted activity; None when it does not count.
ActivityKey = tuple[int, int, str]
# ActivityKey + (origin, kind, status)
ContributionKey = tuple[int, int, str, str, str, str]


def _activity_key(twinning_id, start_date_year, category, status) -> ActivityKey | None:
    if status == CANCELLED or twinning_id is None:
        return None
    return (twinning_id, start_date_year, category)


def _stored_activity_key(activity_id) -> ActivityKey | None:
    row = (
        Activity.objects.filter(pk=activity_id)
        .values("twinning_id", "category", "status", year=ExtractYear("start_date"))
        .first()
    )
    if row is None:
        return None
    return _activity_key(row["twinning_id"], row["year"], row["category"], row["status"])


def _stored_contribution(pk) -> tuple[ContributionKey | None, int] | None:
    """Return (key, value) of the stored contribution, or None if there is no such row."""
    row = (
        Contribution.objects.filter(pk=pk)
        .values(
            "origin",
            "kind",
            "status",
            "value_vnd",
            twinning_id=F("activity__twinning_id"),
            category=F("activity__category"),
            activity_status=F("activity__status"),
            year=ExtractYear("activity__start_date"),
        )
        .first()
    )
    if row is None:
        return None
    base = _activity_key(row["twinning_id"], row["year"], row["category"], row["activity_status"])
    key = None if base is None else (*base, row["origin"], row["kind"], row["status"])
    return key, row["value_vnd"] or 0


def _bump(model, lookup: dict, changes: dict[str, int]) -> None:
    """Add `changes` to the row at `lookup`, creating it when an increment finds none."""
    changes = {name: delta for name, delta in changes.items() if delta}
    if not changes:
        return
    updated = model.objects.filter(**lookup).update(
        **{name: F(name) + delta for name, delta in changes.items()}
    )
    if updated:
        return
    try:
        # A savepoint, so that a concurrent insert of the same key fails alone; then update.
        with transaction.atomic():
            model.objects.create(**lookup, **changes)
    except IntegrityError:
        model.objects.filter(**lookup).update(
            **{name: F(name) + delta for name, delta in changes.items()}
        )


def _bump_contributions(key: ContributionKey, value: int, count: int) -> None:
    twinning_id, year, category, origin, kind, status = key
    _bump(
        ContributionSummary,
        {
            "twinning_id": twinning_id,
            "year": year,
            "category": category,
            "origin": origin,
            "kind": kind,
            "status": status,
        },
        {"value_vnd": value, "contributions": count},
    )


def _bump_activities(key: ActivityKey, count: int) -> None:
    twinning_id, year, category = key
    _bump(
        ActivitySummary,
        {"twinning_id": twinning_id, "year": year, "category": category},
        {"activities": count},
    )


def add_deltas(
    activity_deltas: dict[ActivityKey, int],
    contribution_deltas: dict[ContributionKey, tuple[int, int] | list[int]],
) -> None:
    """Add counted changes to the summary in the caller's transaction: for writes that send no
    signals, such as the bulk inserts of an import. Keys as in `aggregate_activities()` and
    `aggregate_contributions()`; contribution deltas are (value, count)."""
    for key, count in activity_deltas.items():
        _bump_activities(key, count)
    for key, (value, count) in contribution_deltas.items():
        _bump_contributions(key, value, count)


# --- contributions ---------------------------------------------------------------------------


def _contribution_pre_save(sender, instance: Contribution, raw=False, **kwargs):
    instance._summary_old = _stored_contribution(instance.pk) if instance.pk else None


def _contribution_post_save(sender, instance: Contribution, raw=False, **kwargs):
    old = getattr(instance, "_summary_old", None)
    instance._summary_old = None
    new = _stored_contribution(instance.pk)
    if old == new:
        return
    if old is not None and old[0] is not None:
        _bump_contributions(old[0], -old[1], -1)
    if new is not None and new[0] is not None:
        _bump_contributions(new[0], new[1], 1)


def _contribution_pre_delete(sender, instance: Contribution, **kwargs):
    # Read now: in a cascade the activity may be gone by the time post_delete runs.
    instance._summary_old = _stored_contribution(instance.pk)


def _contribution_post_delete(sender, instance: Contribution, **kwargs):
    old = getattr(instance, "_summary_old", None)
    instance._summary_old = None
    if old is not None and old[0] is not None:
        _bump_contributions(old[0], -old[1], -1)


# --- activities ------------------------------------------------------------------------------


def _activity_pre_save(sender, instance: Activity, raw=False, **kwargs):
    instance._summary_old = (
        ("stored", _stored_activity_key(instance.pk)) if instance.pk else ("new", None)
    )


def _contribution_groups(activity_id) -> list[tuple[tuple[str, str, str], int, int]]:
    return [
        ((row["origin"], row["kind"], row["status"]), row["total"] or 0, row["n"])
        for row in Contribution.objects.filter(activity_id=activity_id)
        .order_by()
        .values("origin", "kind", "status")
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    ]


def _activity_post_save(sender, instance: Activity, created=False, raw=False, **kwargs):
    state, old = getattr(instance, "_summary_old", ("new", None))
    instance._summary_old = None
    new = _stored_activity_key(instance.pk)
    if old == new:
        return
    if old is not None:
        _bump_activities(old, -1)
    if new is not None:
        _bump_activities(new, 1)
    if state == "new" and created:
        return  # a new activity has no contributions yet
    # The activity moved (twinning, year, category) or was cancelled or restored: its
    # contributions move with it.
    for (origin, kind, status), value, count in _contribution_groups(instance.pk):
        if old is not None:
            _bump_contributions((*old, origin, kind, status), -value, -count)
        if new is not None:
            _bump_contributions((*new, origin, kind, status), value, count)


def _activity_pre_delete(sender, instance: Activity, **kwargs):
    instance._summary_old = ("stored", _stored_activity_key(instance.pk))


def _activity_post_delete(sender, instance: Activity, **kwargs):
    # Its contributions were deleted before it (cascade) and took themselves out.
    _state, old = getattr(instance, "_summary_old", ("stored", None))
    instance._summary_old = None
    if old is not None:
        _bump_activities(old, -1)


def connect() -> None:
    uid = "reports.summary."
    pre_save.connect(_contribution_pre_save, Contribution, dispatch_uid=uid + "c-pre-save")
    post_save.connect(_contribution_post_save, Contribution, dispatch_uid=uid + "c-post-save")
    pre_delete.connect(_contribution_pre_delete, Contribution, dispatch_uid=uid + "c-pre-del")
    post_delete.connect(_contribution_post_delete, Contribution, dispatch_uid=uid + "c-post-del")
    pre_save.connect(_activity_pre_save, Activity, dispatch_uid=uid + "a-pre-save")
    post_save.connect(_activity_post_save, Activity, dispatch_uid=uid + "a-post-save")
    pre_delete.connect(_activity_pre_delete, Activity, dispatch_uid=uid + "a-pre-del")
    post_delete.connect(_activity_post_delete, Activity, dispatch_uid=uid + "a-post-del")


# --- from scratch ------------------------------------------------------------------------------


def aggregate_contributions() -> dict[ContributionKey, tuple[int, int]]:
    """Return value and count by key, computed with GROUP BY over the base tables."""
    rows = (
        Contribution.objects.exclude(activity__status=CANCELLED)
        .order_by()
        .values(
            "origin",
            "kind",
            "status",
            twinning_id=F("activity__twinning_id"),
            category=F("activity__category"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    return {
        (r["twinning_id"], r["year"], r["category"], r["origin"], r["kind"], r["status"]): (
            r["total"] or 0,
            r["n"],
        )
        for r in rows
    }


def aggregate_activities() -> dict[ActivityKey, int]:
    rows = (
        Activity.objects.exclude(status=CANCELLED)
        .order_by()
        .values("twinning_id", "category", year=ExtractYear("start_date"))
        .annotate(n=Count("pk"))
    )
    return {(r["twinning_id"], r["year"], r["category"]): r["n"] for r in rows}


def stored_contributions() -> dict[ContributionKey, tuple[int, int]]:
    """Return the summary's contribution rows (rows that add up to nothing left out)."""
    return {
        (r.twinning_id, r.year, r.category, r.origin, r.kind, r.status): (
            r.value_vnd,
            r.contributions,
        )
        for r in ContributionSummary.objects.all()
        if r.value_vnd or r.contributions
    }


def stored_activities() -> dict[ActivityKey, int]:
    return {
        (r.twinning_id, r.year, r.category): r.activities
        for r in ActivitySummary.objects.all()
        if r.activities
    }


@dataclass
class Difference:
    table: str
    key: tuple
    stored: object
    actual: object


def differences() -> list[Difference]:
    """Return every key where the summary differs from the aggregate over the base tables."""
    found = []
    for table, stored, actual in [
        ("contributions", stored_contributions(), aggregate_contributions()),
        ("activities", stored_activities(), aggregate_activities()),
    ]:
        for key in sorted(set(stored) | set(actual), key=str):
            if stored.get(key) != actual.get(key):
                found.append(Difference(table, key, stored.get(key), actual.get(key)))
    return found


@transaction.atomic
def rebuild() -> list[Difference]:
    """Rebuild the summary from the base tables; return the differences it corrected."""
    found = differences()
    ContributionSummary.objects.all().delete()
    ActivitySummary.objects.all().delete()
    ContributionSummary.objects.bulk_create(
        [
            ContributionSummary(
                twinning_id=key[0],
                year=key[1],
                category=key[2],
                origin=key[3],
                kind=key[4],
                status=key[5],
                value_vnd=value,
                contributions=count,
            )
            for key, (value, count) in aggregate_contributions().items()
        ],
        batch_size=1000,
    )
    ActivitySummary.objects.bulk_create(
        [
            ActivitySummary(twinning_id=key[0], year=key[1], category=key[2], activities=count)
            for key, count in aggregate_activities().items()
        ],
        batch_size=1000,
    )
    return found
