"""Refuse changes to the records of a locked year, at the model level, so that every way in
(pages, API, admin, imports that save through the ORM) is held to the lock.

A record belongs to the years of its state before and after the change: moving an activity from
a locked year into an open one is a change to the locked year, and is refused too.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save

from twinning.locks.locking import assert_all_unlocked


def _activity_years(activity_id) -> set[tuple[int, int]]:
    from twinning.activities.models import Activity

    row = Activity.objects.filter(pk=activity_id).values_list("twinning_id", "start_date").first()
    return {(row[0], row[1].year)} if row and row[1] else set()


def _plan_years(plan_id) -> set[tuple[int, int]]:
    from twinning.programmes.models import AnnualPlan

    row = AnnualPlan.objects.filter(pk=plan_id).values_list("twinning_id", "year").first()
    return {row} if row else set()


def _unit_years(admin_unit_id, year) -> set[tuple[int, int]]:
    """An indicator value belongs to every twinning of its commune."""
    from twinning.programmes.models import Twinning

    if admin_unit_id is None or year is None:
        return set()
    ids = Twinning.objects.filter(partner_unit_id=admin_unit_id).values_list("pk", flat=True)
    return {(pk, year) for pk in ids}


def _keys(instance) -> set[tuple[int, int]]:
    """Return the (twinning id, year) pairs the record, as it is in memory, belongs to."""
    name = type(instance).__name__
    if name == "Activity":
        if instance.twinning_id is None or instance.start_date is None:
            return set()
        start = instance.start_date
        year = start.year if hasattr(start, "year") else int(str(start)[:4])
        return {(instance.twinning_id, year)}
    if name in {"Contribution", "BeneficiaryCount", "Recipient", "Output"}:
        return _activity_years(instance.activity_id)
    if name == "Attachment":
        if instance.activity_id:
            return _activity_years(instance.activity_id)
        return _plan_years(instance.plan_id)
    if name == "AnnualPlan":
        return {(instance.twinning_id, instance.year)} if instance.twinning_id else set()
    if name == "PlanItem":
        return _plan_years(instance.plan_id)
    if name == "IndicatorValue":
        return _unit_years(instance.admin_unit_id, instance.year)
    return set()


def _stored(instance):
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).first()


def check_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading a fixture or a backup: the data is what it was
        return
    keys = _keys(instance)
    stored = _stored(instance)
    if stored is not None:
        keys |= _keys(stored)
    assert_all_unlocked(keys)


def check_delete(sender, instance, **kwargs):
    assert_all_unlocked(_keys(instance))


def connect() -> None:
    from django.apps import apps

    for label in (
        "activities.Activity",
        "activities.Contribution",
        "activities.BeneficiaryCount",
        "activities.Recipient",
        "activities.Output",
        "activities.Attachment",
        "programmes.AnnualPlan",
        "programmes.PlanItem",
        "indicators.IndicatorValue",
    ):
        model = apps.get_model(label)
        pre_save.connect(check_save, sender=model, dispatch_uid=f"yearlock-save-{label}")
        pre_delete.connect(check_delete, sender=model, dispatch_uid=f"yearlock-delete-{label}")
