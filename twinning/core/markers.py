"""Change markers: what cached page fragments are keyed by (`core.fragments`).

A marker (`ChangeMarker`) counts the changes to one scope of data and keeps the time of the last
one. Its token, "<changes>.<time>", goes into the key of every fragment built from that data:

- "twinning:<id>": the twinning's activities, contributions and beneficiary counts (the totals
  on its page);
- "reference": administrative units and their changes, indicators and their values, ethnic
  groups and compositions (a commune's profile, which may add up several merged communes).

Saves and deletes through the ORM touch the markers by signal, in the writer's transaction: if
it rolls back, so does the touch. Writes that send no signal (an import's bulk inserts, the
synthetic generator) call `touch` themselves. The time in the token keeps keys apart across
databases that share one cache (a database restored or generated anew starts new times), and a
counter that rose by one in the same microsecond still differs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

REFERENCE = "reference"


def twinning_scope(twinning_id: int) -> str:
    return f"twinning:{twinning_id}"


def touch(scopes: Iterable[str]) -> None:
    """Count one change to each scope, now, in the caller's transaction."""
    from twinning.core.models import ChangeMarker

    now = timezone.now()
    for scope in sorted(set(scopes)):  # one order, so that two writers never deadlock
        if ChangeMarker.objects.filter(scope=scope).update(
            changes=F("changes") + 1, changed_at=now
        ):
            continue
        try:
            with transaction.atomic():  # a savepoint: a concurrent first touch fails alone
                ChangeMarker.objects.create(scope=scope, changes=1, changed_at=now)
        except IntegrityError:
            ChangeMarker.objects.filter(scope=scope).update(
                changes=F("changes") + 1, changed_at=now
            )


def touch_twinnings(twinning_ids: Iterable[int]) -> None:
    touch(twinning_scope(pk) for pk in twinning_ids if pk is not None)


def tokens(scopes: Iterable[str]) -> dict[str, str]:
    """Return each scope's token (one query). A scope never touched gets "0": keys that use it
    add something that tells databases apart (the twinning's creation time; the "reference"
    row is created with the database, by migration core 0004)."""
    from twinning.core.models import ChangeMarker

    scopes = list(scopes)
    found = {
        scope: f"{changes}.{changed_at.timestamp():.6f}"
        for scope, changes, changed_at in ChangeMarker.objects.filter(scope__in=scopes).values_list(
            "scope", "changes", "changed_at"
        )
    }
    return {scope: found.get(scope, "0") for scope in scopes}


# --- what touches them ------------------------------------------------------------------------


def _twinning_of(instance) -> int | None:
    """Return the twinning the in-memory row belongs to."""
    from twinning.activities.models import Activity

    if isinstance(instance, Activity):
        return instance.twinning_id
    activity_id = getattr(instance, "activity_id", None)
    if activity_id is None:
        return None
    return Activity.objects.filter(pk=activity_id).values_list("twinning_id", flat=True).first()


def _stored_twinning(instance) -> int | None:
    """Return the twinning the stored row belongs to (None for a new row)."""
    from twinning.activities.models import Activity

    if instance._state.adding or instance.pk is None:
        return None
    path = "twinning_id" if isinstance(instance, Activity) else "activity__twinning_id"
    return (
        type(instance)._default_manager.filter(pk=instance.pk).values_list(path, flat=True).first()
    )


def _before_write(sender, instance, raw=False, **kwargs) -> None:
    # Read before: a row moved to another twinning changes the totals of both, and in a cascade
    # the activity may be gone by the time post_delete runs.
    instance._marker_twinnings = set() if raw else {_stored_twinning(instance)}


def _touch_twinning(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata
        return
    before = getattr(instance, "_marker_twinnings", set())
    instance._marker_twinnings = set()
    after = set() if kwargs.get("signal") is post_delete else {_twinning_of(instance)}
    touch_twinnings(before | after)


def _touch_reference(sender, instance=None, raw=False, **kwargs) -> None:
    if not raw:
        touch([REFERENCE])


def connect() -> None:
    from django.apps import apps
    from django.db.models.signals import pre_delete, pre_save

    uid = "core.markers."
    for label in ("activities.Activity", "activities.Contribution", "activities.BeneficiaryCount"):
        model = apps.get_model(label)
        pre_save.connect(_before_write, model, dispatch_uid=uid + label + ".pre-save")
        pre_delete.connect(_before_write, model, dispatch_uid=uid + label + ".pre-delete")
        post_save.connect(_touch_twinning, model, dispatch_uid=uid + label + ".save")
        post_delete.connect(_touch_twinning, model, dispatch_uid=uid + label + ".delete")
    for label in (
        "geo.AdminUnit",
        "geo.AdminChange",
        "indicators.Indicator",
        "indicators.IndicatorValue",
        "indicators.EthnicGroup",
        "indicators.EthnicComposition",
    ):
        model = apps.get_model(label)
        post_save.connect(_touch_reference, model, dispatch_uid=uid + label + ".save")
        post_delete.connect(_touch_reference, model, dispatch_uid=uid + label + ".delete")
    for field in ("units_before", "units_after"):
        through = getattr(apps.get_model("geo.AdminChange"), field).through
        m2m_changed.connect(_touch_reference, through, dispatch_uid=uid + field)
