"""The summary kept exact on every write.

`ContributionSummary` and `ActivitySummary` hold, per twinning × year × category (and for
contributions × origin × kind × status), what the reports and dashboards add up. Coarser tables,
kept by the same delta path, serve what covers whole programmes or the nation:
`ProgrammeContributionSummary` and `ProgrammeActivitySummary` (the same keys with the programme in
place of the twinning), `ContributorSummary` (contributor × programme × year × status: top
contributors) and `TwinningTotals` (one row per twinning: the overview).

Every save and delete of an Activity or a Contribution applies the difference between the old row
(read from the database before the write) and the new one, with F() increments, so two writers
never lose each other's change; all of it goes through `add_deltas`, which bulk writers (imports)
call too. The signals run inside the caller's transaction: the app's write paths (actions, admin,
imports, the demo loader) all run in `transaction.atomic`, so the row and its summary are committed
together. A twinning moved to another programme takes its totals with it (Twinning signals).
`QuerySet.update()` and raw SQL bypass signals; `twinning rebuild_summary` rebuilds from scratch and
reports any difference.

Only activities that are not cancelled, and their contributions, are counted (as in queries.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from twinning.activities.models import Activity, Contribution
from twinning.programmes.models import Twinning
from twinning.reports.models import (
    ActivitySummary,
    ContributionSummary,
    ContributorSummary,
    ProgrammeActivitySummary,
    ProgrammeContributionSummary,
    TwinningTotals,
)

CANCELLED = Activity.Status.CANCELLED
DELIVERED = Contribution.Status.DELIVERED
PLEDGED = Contribution.Status.PLEDGED

# (twinning_id, year, category) of a counted activity; None when it does not count.
ActivityKey = tuple[int, int, str]
# ActivityKey + (origin, kind, status)
ContributionKey = tuple[int, int, str, str, str, str]
# ContributionKey + (contributor_id,): what `add_deltas` takes, so every table can be kept.
ContributorContributionKey = tuple[int, int, str, str, str, str, int]
# (programme_id, year, category) and (programme_id, year, category, origin, kind, status)
ProgrammeActivityKey = tuple[int, int, str]
ProgrammeContributionKey = tuple[int, int, str, str, str, str]
# (contributor_id, programme_id, year, status)
ContributorKey = tuple[int, int, int, str]

TOTALS_FIELDS = (
    "activities",
    "contributions",
    "total_vnd",
    "direct_vnd",
    "mobilised_vnd",
    "cash_vnd",
    "in_kind_vnd",
    "service_vnd",
    "pledged_vnd",
)
KIND_FIELDS = {
    Contribution.Kind.CASH: "cash_vnd",
    Contribution.Kind.IN_KIND: "in_kind_vnd",
    Contribution.Kind.SERVICE: "service_vnd",
}


def _totals_changes(origin: str, kind: str, status: str, value: int, count: int) -> dict:
    """Return what a (value, count) of contributions adds to a twinning's totals row."""
    changes = {"contributions": count}
    if status == PLEDGED:
        changes["pledged_vnd"] = value
        return changes
    changes["total_vnd"] = value
    changes["direct_vnd" if origin == Contribution.Origin.DIRECT else "mobilised_vnd"] = value
    changes[KIND_FIELDS.get(kind, "service_vnd")] = value
    return changes


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


def _stored_contribution(pk) -> tuple[ContributorContributionKey | None, int] | None:
    """Return (key, value) of the stored contribution, or None if there is no such row."""
    row = (
        Contribution.objects.filter(pk=pk)
        .values(
            "origin",
            "kind",
            "status",
            "value_vnd",
            "contributor_id",
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
    key = (
        None
        if base is None
        else (*base, row["origin"], row["kind"], row["status"], row["contributor_id"])
    )
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


def _add_pair(target: dict, key, value: int, count: int) -> None:
    old = target.get(key, (0, 0))
    target[key] = (old[0] + value, old[1] + count)


def _bump_programme_level(
    activity_deltas: dict[ProgrammeActivityKey, int],
    contribution_deltas: dict[ProgrammeContributionKey, tuple[int, int]],
    contributor_deltas: dict[ContributorKey, tuple[int, int]],
) -> None:
    for (programme_id, year, category), count in activity_deltas.items():
        _bump(
            ProgrammeActivitySummary,
            {"programme_id": programme_id, "year": year, "category": category},
            {"activities": count},
        )
    for (programme_id, year, category, origin, kind, status), (
        value,
        count,
    ) in contribution_deltas.items():
        _bump(
            ProgrammeContributionSummary,
            {
                "programme_id": programme_id,
                "year": year,
                "category": category,
                "origin": origin,
                "kind": kind,
                "status": status,
            },
            {"value_vnd": value, "contributions": count},
        )
    for (contributor_id, programme_id, year, status), (value, count) in contributor_deltas.items():
        _bump(
            ContributorSummary,
            {
                "contributor_id": contributor_id,
                "programme_id": programme_id,
                "year": year,
                "status": status,
            },
            {"value_vnd": value, "contributions": count},
        )


def add_deltas(
    activity_deltas: dict[ActivityKey, int],
    contribution_deltas: dict[ContributorContributionKey, tuple[int, int] | list[int]],
) -> None:
    """Add counted changes to every summary table in the caller's transaction: the path of the
    signals, and of writes that send none, such as the bulk inserts of an import.

    Activity keys are (twinning, year, category) -> count; contribution keys are (twinning, year,
    category, origin, kind, status, contributor) -> (value, count). Keys that cancel out are
    added up first, so each table row is touched once."""
    activities: dict[ActivityKey, int] = defaultdict(int)
    for key, count in activity_deltas.items():
        activities[tuple(key)] += count
    contributions: dict[ContributorContributionKey, tuple[int, int]] = {}
    for key, (value, count) in contribution_deltas.items():
        if len(key) != 7:
            raise ValueError(f"contribution key without its contributor: {key!r}")
        _add_pair(contributions, tuple(key), value or 0, count)
    activities = {key: n for key, n in activities.items() if n}
    contributions = {key: vc for key, vc in contributions.items() if vc != (0, 0)}
    if not activities and not contributions:
        return
    twinning_ids = {key[0] for key in activities} | {key[0] for key in contributions}
    programme_of = dict(
        Twinning.objects.filter(pk__in=twinning_ids).values_list("pk", "programme_id")
    )

    fine: dict[ContributionKey, tuple[int, int]] = {}
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    programme_activities: dict[ProgrammeActivityKey, int] = defaultdict(int)
    programme_contributions: dict[ProgrammeContributionKey, tuple[int, int]] = {}
    contributors: dict[ContributorKey, tuple[int, int]] = {}
    for (twinning_id, year, category), count in activities.items():
        totals[twinning_id]["activities"] += count
        programme_id = programme_of.get(twinning_id)
        if programme_id is not None:
            programme_activities[(programme_id, year, category)] += count
    for key, (value, count) in contributions.items():
        twinning_id, year, category, origin, kind, status, contributor_id = key
        _add_pair(fine, key[:6], value, count)
        for name, delta in _totals_changes(origin, kind, status, value, count).items():
            totals[twinning_id][name] += delta
        programme_id = programme_of.get(twinning_id)
        if programme_id is not None:
            _add_pair(
                programme_contributions,
                (programme_id, year, category, origin, kind, status),
                value,
                count,
            )
            _add_pair(contributors, (contributor_id, programme_id, year, status), value, count)

    for (twinning_id, year, category), count in activities.items():
        _bump(
            ActivitySummary,
            {"twinning_id": twinning_id, "year": year, "category": category},
            {"activities": count},
        )
    for (twinning_id, year, category, origin, kind, status), (value, count) in fine.items():
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
    for twinning_id, changes in totals.items():
        _bump(TwinningTotals, {"twinning_id": twinning_id}, changes)
    _bump_programme_level(programme_activities, programme_contributions, contributors)


# --- contributions ---------------------------------------------------------------------------


def _contribution_pre_save(sender, instance: Contribution, raw=False, **kwargs):
    instance._summary_old = _stored_contribution(instance.pk) if instance.pk else None


def _contribution_post_save(sender, instance: Contribution, raw=False, **kwargs):
    old = getattr(instance, "_summary_old", None)
    instance._summary_old = None
    new = _stored_contribution(instance.pk)
    if old == new:
        return
    deltas: dict[ContributorContributionKey, tuple[int, int]] = {}
    if old is not None and old[0] is not None:
        _add_pair(deltas, old[0], -old[1], -1)
    if new is not None and new[0] is not None:
        _add_pair(deltas, new[0], new[1], 1)
    add_deltas({}, deltas)


def _contribution_pre_delete(sender, instance: Contribution, **kwargs):
    # Read now: in a cascade the activity may be gone by the time post_delete runs.
    instance._summary_old = _stored_contribution(instance.pk)


def _contribution_post_delete(sender, instance: Contribution, **kwargs):
    old = getattr(instance, "_summary_old", None)
    instance._summary_old = None
    if old is not None and old[0] is not None:
        add_deltas({}, {old[0]: (-old[1], -1)})


# --- activities ------------------------------------------------------------------------------


def _activity_pre_save(sender, instance: Activity, raw=False, **kwargs):
    instance._summary_old = (
        ("stored", _stored_activity_key(instance.pk)) if instance.pk else ("new", None)
    )


def _contribution_groups(activity_id) -> list[tuple[tuple[str, str, str, int], int, int]]:
    return [
        (
            (row["origin"], row["kind"], row["status"], row["contributor_id"]),
            row["total"] or 0,
            row["n"],
        )
        for row in Contribution.objects.filter(activity_id=activity_id)
        .order_by()
        .values("origin", "kind", "status", "contributor_id")
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    ]


def _activity_post_save(sender, instance: Activity, created=False, raw=False, **kwargs):
    state, old = getattr(instance, "_summary_old", ("new", None))
    instance._summary_old = None
    new = _stored_activity_key(instance.pk)
    if old == new:
        return
    activity_deltas: dict[ActivityKey, int] = defaultdict(int)
    if old is not None:
        activity_deltas[old] -= 1
    if new is not None:
        activity_deltas[new] += 1
    contribution_deltas: dict[ContributorContributionKey, tuple[int, int]] = {}
    if not (state == "new" and created):  # a new activity has no contributions yet
        # The activity moved (twinning, year, category) or was cancelled or restored: its
        # contributions move with it.
        for rest, value, count in _contribution_groups(instance.pk):
            if old is not None:
                _add_pair(contribution_deltas, (*old, *rest), -value, -count)
            if new is not None:
                _add_pair(contribution_deltas, (*new, *rest), value, count)
    add_deltas(activity_deltas, contribution_deltas)


def _activity_pre_delete(sender, instance: Activity, **kwargs):
    instance._summary_old = ("stored", _stored_activity_key(instance.pk))


def _activity_post_delete(sender, instance: Activity, **kwargs):
    # Its contributions were deleted before it (cascade) and took themselves out.
    _state, old = getattr(instance, "_summary_old", ("stored", None))
    instance._summary_old = None
    if old is not None:
        add_deltas({old: -1}, {})


# --- twinnings: a move to another programme takes the programme-level totals with it ----------


def _twinning_pre_save(sender, instance: Twinning, raw=False, **kwargs):
    instance._summary_programme = (
        Twinning.objects.filter(pk=instance.pk).values_list("programme_id", flat=True).first()
        if instance.pk
        else None
    )


def _twinning_deltas(twinning_id: int, programme_id: int, sign: int):
    """Return the programme-level deltas of everything a twinning counts, times `sign`."""
    activities = {
        (programme_id, row["year"], row["category"]): sign * row["activities"]
        for row in ActivitySummary.objects.filter(twinning_id=twinning_id).values(
            "year", "category", "activities"
        )
    }
    contributions = {
        (programme_id, row["year"], row["category"], row["origin"], row["kind"], row["status"]): (
            sign * row["value_vnd"],
            sign * row["contributions"],
        )
        for row in ContributionSummary.objects.filter(twinning_id=twinning_id).values(
            "year", "category", "origin", "kind", "status", "value_vnd", "contributions"
        )
    }
    contributors = {
        (row["contributor_id"], programme_id, row["year"], row["status"]): (
            sign * (row["total"] or 0),
            sign * row["n"],
        )
        for row in Contribution.objects.filter(activity__twinning_id=twinning_id)
        .exclude(activity__status=CANCELLED)
        .order_by()
        .values("contributor_id", "status", year=ExtractYear("activity__start_date"))
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    }
    return activities, contributions, contributors


def _twinning_post_save(sender, instance: Twinning, created=False, raw=False, **kwargs):
    old = getattr(instance, "_summary_programme", None)
    instance._summary_programme = None
    if created or old is None or old == instance.programme_id:
        return
    _bump_programme_level(*_twinning_deltas(instance.pk, old, -1))
    _bump_programme_level(*_twinning_deltas(instance.pk, instance.programme_id, 1))


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
    pre_save.connect(_twinning_pre_save, Twinning, dispatch_uid=uid + "t-pre-save")
    post_save.connect(_twinning_post_save, Twinning, dispatch_uid=uid + "t-post-save")


# --- from scratch ------------------------------------------------------------------------------


def _counted_contributions(programmes=None):
    rows = Contribution.objects.exclude(activity__status=CANCELLED).order_by()
    if programmes is not None:
        rows = rows.filter(activity__twinning__programme__in=programmes)
    return rows


def _counted_activities(programmes=None):
    rows = Activity.objects.exclude(status=CANCELLED).order_by()
    if programmes is not None:
        rows = rows.filter(twinning__programme__in=programmes)
    return rows


def aggregate_contributions() -> dict[ContributionKey, tuple[int, int]]:
    """Return value and count by key, computed with GROUP BY over the base tables."""
    rows = (
        _counted_contributions()
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
        _counted_activities()
        .values("twinning_id", "category", year=ExtractYear("start_date"))
        .annotate(n=Count("pk"))
    )
    return {(r["twinning_id"], r["year"], r["category"]): r["n"] for r in rows}


def aggregate_programme_contributions(
    programmes=None,
) -> dict[ProgrammeContributionKey, tuple[int, int]]:
    rows = (
        _counted_contributions(programmes)
        .values(
            "origin",
            "kind",
            "status",
            programme_id=F("activity__twinning__programme_id"),
            category=F("activity__category"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    return {
        (r["programme_id"], r["year"], r["category"], r["origin"], r["kind"], r["status"]): (
            r["total"] or 0,
            r["n"],
        )
        for r in rows
    }


def aggregate_programme_activities(programmes=None) -> dict[ProgrammeActivityKey, int]:
    rows = (
        _counted_activities(programmes)
        .values(
            "category", programme_id=F("twinning__programme_id"), year=ExtractYear("start_date")
        )
        .annotate(n=Count("pk"))
    )
    return {(r["programme_id"], r["year"], r["category"]): r["n"] for r in rows}


def aggregate_contributors(programmes=None) -> dict[ContributorKey, tuple[int, int]]:
    rows = (
        _counted_contributions(programmes)
        .values(
            "contributor_id",
            "status",
            programme_id=F("activity__twinning__programme_id"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    return {
        (r["contributor_id"], r["programme_id"], r["year"], r["status"]): (r["total"] or 0, r["n"])
        for r in rows
    }


def aggregate_twinning_totals(programmes=None) -> dict[int, dict[str, int]]:
    """Return each twinning's totals row (fields as TwinningTotals), from the base tables."""
    totals: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(TOTALS_FIELDS, 0))
    for r in _counted_activities(programmes).values("twinning_id").annotate(n=Count("pk")):
        totals[r["twinning_id"]]["activities"] += r["n"]
    for r in (
        _counted_contributions(programmes)
        .values("origin", "kind", "status", twinning_id=F("activity__twinning_id"))
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    ):
        row = totals[r["twinning_id"]]
        changes = _totals_changes(r["origin"], r["kind"], r["status"], r["total"] or 0, r["n"])
        for name, delta in changes.items():
            row[name] += delta
    return {key: dict(row) for key, row in totals.items() if any(row.values())}


def stored_contributions() -> dict[ContributionKey, tuple[int, int]]:
    """Return the summary's contribution rows (rows that add up to nothing left out)."""
    return {
        tuple(r[:6]): (r[6], r[7])
        for r in ContributionSummary.objects.values_list(
            "twinning_id",
            "year",
            "category",
            "origin",
            "kind",
            "status",
            "value_vnd",
            "contributions",
        ).iterator(chunk_size=10_000)
        if r[6] or r[7]
    }


def stored_activities() -> dict[ActivityKey, int]:
    return {
        (twinning_id, year, category): n
        for twinning_id, year, category, n in ActivitySummary.objects.values_list(
            "twinning_id", "year", "category", "activities"
        )
        if n
    }


def stored_programme_contributions() -> dict[ProgrammeContributionKey, tuple[int, int]]:
    return {
        tuple(r[:6]): (r[6], r[7])
        for r in ProgrammeContributionSummary.objects.values_list(
            "programme_id",
            "year",
            "category",
            "origin",
            "kind",
            "status",
            "value_vnd",
            "contributions",
        )
        if r[6] or r[7]
    }


def stored_programme_activities() -> dict[ProgrammeActivityKey, int]:
    return {
        (programme_id, year, category): n
        for programme_id, year, category, n in ProgrammeActivitySummary.objects.values_list(
            "programme_id", "year", "category", "activities"
        )
        if n
    }


def stored_contributors() -> dict[ContributorKey, tuple[int, int]]:
    return {
        tuple(r[:4]): (r[4], r[5])
        for r in ContributorSummary.objects.values_list(
            "contributor_id", "programme_id", "year", "status", "value_vnd", "contributions"
        ).iterator(chunk_size=10_000)
        if r[4] or r[5]
    }


def stored_twinning_totals() -> dict[int, dict[str, int]]:
    found = {}
    for row in TwinningTotals.objects.values("twinning_id", *TOTALS_FIELDS):
        twinning_id = row.pop("twinning_id")
        if any(row.values()):
            found[twinning_id] = row
    return found


@dataclass
class Difference:
    table: str
    key: tuple
    stored: object
    actual: object


def differences() -> list[Difference]:
    """Return every key where a summary table differs from the aggregate over the base tables."""
    found = []
    for table, stored, actual in [
        ("contributions", stored_contributions, aggregate_contributions),
        ("activities", stored_activities, aggregate_activities),
        (
            "programme contributions",
            stored_programme_contributions,
            aggregate_programme_contributions,
        ),
        ("programme activities", stored_programme_activities, aggregate_programme_activities),
        ("contributors", stored_contributors, aggregate_contributors),
        ("twinning totals", stored_twinning_totals, aggregate_twinning_totals),
    ]:
        stored, actual = stored(), actual()
        for key in sorted(set(stored) | set(actual), key=str):
            if stored.get(key) != actual.get(key):
                found.append(Difference(table, key, stored.get(key), actual.get(key)))
    return found


def _batched(objects, size=2000):
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_coarse(programmes=None) -> dict[str, int]:
    """Write the coarse tables (programme level, contributors, twinning totals) from the base
    tables, for the given programmes (all when None), which must have no such rows yet: a few
    GROUP BY queries and bulk inserts. Used by `rebuild` and the synthetic data generator."""
    written = {}
    tables = [
        (
            "programme contribution summary",
            ProgrammeContributionSummary,
            (
                ProgrammeContributionSummary(
                    programme_id=key[0],
                    year=key[1],
                    category=key[2],
                    origin=key[3],
                    kind=key[4],
                    status=key[5],
                    value_vnd=value,
                    contributions=count,
                )
                for key, (value, count) in aggregate_programme_contributions(programmes).items()
            ),
        ),
        (
            "programme activity summary",
            ProgrammeActivitySummary,
            (
                ProgrammeActivitySummary(
                    programme_id=key[0], year=key[1], category=key[2], activities=count
                )
                for key, count in aggregate_programme_activities(programmes).items()
            ),
        ),
        (
            "contributor summary",
            ContributorSummary,
            (
                ContributorSummary(
                    contributor_id=key[0],
                    programme_id=key[1],
                    year=key[2],
                    status=key[3],
                    value_vnd=value,
                    contributions=count,
                )
                for key, (value, count) in aggregate_contributors(programmes).items()
            ),
        ),
        (
            "twinning totals",
            TwinningTotals,
            (
                TwinningTotals(twinning_id=key, **row)
                for key, row in aggregate_twinning_totals(programmes).items()
            ),
        ),
    ]
    for name, model, objects in tables:
        written[name] = sum(len(model.objects.bulk_create(batch)) for batch in _batched(objects))
    return written


@transaction.atomic
def rebuild() -> list[Difference]:
    """Rebuild every summary table from the base tables; return the differences it corrected."""
    found = differences()
    for model in (
        ContributionSummary,
        ActivitySummary,
        ProgrammeContributionSummary,
        ProgrammeActivitySummary,
        ContributorSummary,
        TwinningTotals,
    ):
        model.objects.all().delete()
    for batch in _batched(
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
    ):
        ContributionSummary.objects.bulk_create(batch)
    for batch in _batched(
        ActivitySummary(twinning_id=key[0], year=key[1], category=key[2], activities=count)
        for key, count in aggregate_activities().items()
    ):
        ActivitySummary.objects.bulk_create(batch)
    write_coarse()
    return found
