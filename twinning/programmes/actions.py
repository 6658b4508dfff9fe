"""What changes a plan: start it, edit its items, submit, approve, agree.

Each function runs in one transaction, takes the acting user (recorded in the history and in the
plan's who/when fields) and refuses what the plan's state does not allow with `PlanRefused`, whose
message is shown to the user as is. Stale edits raise `core.versioning.StaleVersion`.
"""

from __future__ import annotations

import functools

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from twinning.core.versioning import StaleVersion, save_if_unchanged
from twinning.locks.locking import YearLocked, assert_unlocked
from twinning.programmes.models import AnnualPlan, PlanItem
from twinning.reports.queries import done_item_ids

Status = AnnualPlan.Status

# The fields a carried-over item keeps from the item it continues.
CARRIED_FIELDS = [
    "category",
    "title",
    "description",
    "target_quantity",
    "target_unit",
    "budget_vnd",
    "due_month",
    "due_quarter",
    "responsible_unit",
    "target_beneficiaries",
    "position",
]


class PlanRefused(Exception):
    """The plan's state does not allow the change; the message says why, to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _refusing_locked_years(function):
    """Turn the refusal of a change to a locked year (raised by the locks app's signals on
    save) into a PlanRefused, which the pages show next to what the user was doing."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except YearLocked as locked:
            raise PlanRefused(locked.messages[0]) from None

    return wrapper


def _locked(plan: AnnualPlan) -> AnnualPlan:
    """Return the plan as stored now, its row locked until the transaction ends (PostgreSQL;
    SQLite already holds the write lock)."""
    return AnnualPlan.objects.select_for_update().get(pk=plan.pk)


def _as(instance, user):
    # simple-history reads the acting user from here when no request is around (imports, tests).
    instance._history_user = user
    return instance


def previous_plan(twinning, year: int) -> AnnualPlan | None:
    """Return the twinning's latest plan before `year`, the one a new plan continues."""
    return AnnualPlan.objects.filter(twinning=twinning, year__lt=year).order_by("-year").first()


@_refusing_locked_years
@transaction.atomic
def start_plan(twinning, year: int, user) -> AnnualPlan:
    """Return the new draft plan for `year`, with the previous plan's unfinished items carried
    over (an item is finished once one of its activities is done)."""
    if AnnualPlan.objects.filter(twinning=twinning, year=year).exists():
        raise PlanRefused(_("The plan for %(year)s already exists.") % {"year": year})
    # The carried-over items are inserted in bulk, which the locks' signals do not see.
    assert_unlocked(twinning, year)
    previous = previous_plan(twinning, year)
    try:
        with transaction.atomic():
            plan = _as(AnnualPlan(twinning=twinning, year=year), user)
            plan.save()
    except IntegrityError:  # someone else started it a moment ago
        raise PlanRefused(_("The plan for %(year)s already exists.") % {"year": year}) from None
    if previous is not None:
        items = previous.items.order_by("position", "pk")
        finished = done_item_ids(items)
        carried = [
            PlanItem(
                plan=plan,
                carried_over_from=item,
                **{name: getattr(item, name) for name in CARRIED_FIELDS},
            )
            for item in items
            if item.pk not in finished
        ]
        if carried:
            bulk_create_with_history(carried, PlanItem, default_user=user)
    return plan


def _require_draft(plan: AnnualPlan) -> None:
    if plan.status != Status.DRAFT:
        raise PlanRefused(
            _("The plan is %(status)s: its items can no longer be changed.")
            % {"status": plan.get_status_display().lower()}
        )


@_refusing_locked_years
@transaction.atomic
def add_item(plan: AnnualPlan, item: PlanItem, user) -> PlanItem:
    """Return the item saved at the end of the plan (the plan must still be a draft)."""
    _require_draft(_locked(plan))
    last = plan.items.aggregate(last=Max("position"))["last"]
    item.plan = plan
    item.position = 0 if last is None else last + 1
    _as(item, user).save()
    return item


@_refusing_locked_years
@transaction.atomic
def save_item(item: PlanItem, user, expected_version: int) -> PlanItem:
    """Return the item saved, or raise StaleVersion if it changed since `expected_version`."""
    _require_draft(_locked(item.plan))
    if not PlanItem.objects.filter(pk=item.pk).exists():
        raise PlanRefused(_("Someone else deleted this item."))
    return save_if_unchanged(_as(item, user), expected_version)


@_refusing_locked_years
@transaction.atomic
def delete_item(item: PlanItem, user, expected_version: int) -> None:
    """Delete the item unless it changed since the user saw it or activities already follow it."""
    _require_draft(_locked(item.plan))
    current = PlanItem.objects.filter(pk=item.pk).first()
    if current is None:
        return  # already gone: what the user wanted
    if current.version != expected_version:
        raise StaleVersion(current)
    if current.activities.exists():
        raise PlanRefused(
            _("Activities are recorded under this item: link them elsewhere before deleting it.")
        )
    _as(current, user).delete()


def _transition(plan: AnnualPlan, user, expected_version: int, fields: list[str]) -> AnnualPlan:
    return save_if_unchanged(_as(plan, user), expected_version, update_fields=fields)


@_refusing_locked_years
@transaction.atomic
def submit_plan(plan: AnnualPlan, user, expected_version: int) -> AnnualPlan:
    """Return the plan submitted for approval by the sponsor's leadership."""
    current = _locked(plan)
    if current.status != Status.DRAFT:
        raise PlanRefused(_("Only a draft plan can be submitted."))
    if not current.items.exists():
        raise PlanRefused(_("Add at least one item before submitting the plan."))
    plan.status = Status.SUBMITTED
    plan.submitted_by = user
    plan.submitted_at = timezone.now()
    return _transition(plan, user, expected_version, ["status", "submitted_by", "submitted_at"])


@_refusing_locked_years
@transaction.atomic
def approve_plan(plan: AnnualPlan, user, expected_version: int) -> AnnualPlan:
    """Return the plan approved, recording who approved it and when."""
    current = _locked(plan)
    if current.status != Status.SUBMITTED:
        raise PlanRefused(_("Only a submitted plan can be approved."))
    plan.status = Status.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    return _transition(plan, user, expected_version, ["status", "approved_by", "approved_at"])


@_refusing_locked_years
@transaction.atomic
def agree_plan(plan: AnnualPlan, user, expected_version: int) -> AnnualPlan:
    """Return the plan agreed by the commune, recording who agreed and when."""
    current = _locked(plan)
    if current.status == Status.DRAFT:
        raise PlanRefused(_("The commune agrees a plan once the sponsor has submitted it."))
    if current.agreed_at is not None:
        raise PlanRefused(_("The commune has already agreed this plan."))
    plan.agreed_by = user
    plan.agreed_at = timezone.now()
    return _transition(plan, user, expected_version, ["agreed_by", "agreed_at"])


@_refusing_locked_years
@transaction.atomic
def reopen_plan(plan: AnnualPlan, user, expected_version: int) -> AnnualPlan:
    """Return the plan back to draft so that its items can be changed again; the approval and
    the commune's agreement are withdrawn, since they were given to the earlier text."""
    current = _locked(plan)
    if current.status == Status.DRAFT:
        raise PlanRefused(_("The plan is already a draft."))
    plan.status = Status.DRAFT
    plan.submitted_by = plan.approved_by = plan.agreed_by = None
    plan.submitted_at = plan.approved_at = plan.agreed_at = None
    return _transition(
        plan,
        user,
        expected_version,
        [
            "status",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "agreed_by",
            "agreed_at",
        ],
    )
