"""Changes to activities that touch several records: each runs in one transaction and takes the
user who acts (recorded in the change history)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from twinning.activities.forms import ActivityForm, ActivityFormsets
from twinning.activities.models import Activity, Attachment, Contribution
from twinning.core.text import nfc
from twinning.core.versioning import StaleVersion, save_if_unchanged
from twinning.organisations.models import Organisation


class ActivityConflict(Exception):
    """Someone else saved the activity, or a contribution the editor changed, after the editor
    opened the form. Nothing was written."""

    def __init__(
        self,
        current: Activity | None = None,
        stale_contributions: dict[int, Contribution] | None = None,
        missing_contributions: set[int] | None = None,
    ):
        super().__init__("stale activity form")
        self.current = current
        self.stale_contributions = stale_contributions or {}
        self.missing_contributions = missing_contributions or set()

    def __bool__(self) -> bool:
        return bool(self.current or self.stale_contributions or self.missing_contributions)


class NotConfirmed(Exception):
    """Only what the commune confirmed may be published."""


@dataclass
class SavedActivity:
    activity: Activity
    created_organisations: list[Organisation] = field(default_factory=list)
    confirmation_reset: bool = False


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def save_activity(user, form: ActivityForm, formsets: ActivityFormsets) -> SavedActivity:
    """Return the saved activity with all its rows, written in one transaction; raise
    ActivityConflict (and write nothing) if the form was opened on an older version."""
    stored_files: list[str] = []
    try:
        with transaction.atomic():
            return _save_activity(user, form, formsets, stored_files)
    except BaseException:
        # The rows are rolled back; files written to storage are not, so remove them here.
        _delete_files(stored_files)
        raise


def _reset_confirmation(activity: Activity) -> None:
    activity.confirmation = Activity.Confirmation.PENDING
    activity.confirmed_by = None
    activity.confirmed_at = None
    activity.received_on = None
    activity.confirmation_note = ""
    activity.published = False


def _save_activity(user, form, formsets, stored_files) -> SavedActivity:
    activity: Activity = form.instance  # already holds the submitted values
    is_new = activity.pk is None
    contributions = formsets.contributions
    result = SavedActivity(activity)
    conflict = ActivityConflict()

    # What the commune confirmed no longer holds once what was given changes.
    if (
        not is_new
        and contributions.has_changed()
        and activity.confirmation != Activity.Confirmation.PENDING
    ):
        _reset_confirmation(activity)
        result.confirmation_reset = True

    activity._history_user = user
    if is_new:
        activity.created_by = user
        activity.save()
    else:
        try:
            save_if_unchanged(activity, form.cleaned_data["expected_version"])
        except StaleVersion as stale:
            conflict.current = stale.current

    # Lock this activity's contributions, then compare with the versions the editor loaded.
    current_versions = (
        {}
        if is_new
        else dict(
            Contribution.objects.select_for_update()
            .filter(activity=activity)
            .values_list("pk", "version")
        )
    )
    for row in contributions.initial_forms:
        if not (row.has_changed() or contributions._should_delete_form(row)):
            continue
        pk = row.instance.pk
        if pk not in current_versions:
            conflict.missing_contributions.add(pk)
        elif current_versions[pk] != row.cleaned_data.get("expected_version"):
            conflict.stale_contributions[pk] = Contribution.objects.get(pk=pk)
    if conflict:
        raise conflict

    _save_contributions(user, activity, contributions, result)
    for formset in (formsets.outputs, formsets.beneficiaries, formsets.recipients):
        if formset is not None:
            _save_rows(user, activity, formset)
    _save_attachments(user, activity, formsets.attachments, stored_files)
    return result


def _new_organisation(name: str, tax_code: str, created: dict[str, Organisation]) -> Organisation:
    """Return the business typed in a row, created once even if several rows name it."""
    key = tax_code or nfc(name).casefold()
    if key not in created:
        created[key] = Organisation.objects.create(
            name=name, tax_code=tax_code, kind=Organisation.Kind.BUSINESS
        )
    return created[key]


def _save_contributions(user, activity, formset, result: SavedActivity) -> None:
    created: dict[str, Organisation] = {}
    for row in formset.initial_forms:
        contribution = row.instance
        contribution._history_user = user
        if formset._should_delete_form(row):
            contribution.delete()
        elif row.has_changed():
            if row.new_contributor:
                contribution.contributor = _new_organisation(*row.new_contributor, created)
            try:
                save_if_unchanged(contribution, row.cleaned_data["expected_version"])
            except StaleVersion as stale:  # a race after the check above
                raise ActivityConflict(
                    stale_contributions={contribution.pk: stale.current}
                ) from None
    for row in formset.extra_forms:
        if not row.has_changed() or formset._should_delete_form(row):
            continue
        contribution = row.save(commit=False)
        if row.new_contributor:
            contribution.contributor = _new_organisation(*row.new_contributor, created)
        contribution.activity = activity
        contribution.created_by = user
        contribution._history_user = user
        contribution.save()
    result.created_organisations = list(created.values())


def _save_rows(user, activity, formset) -> None:
    formset.instance = activity
    for row in formset.forms:
        row.instance._history_user = user
    formset.save()


def _save_attachments(user, activity, formset, stored_files: list[str]) -> None:
    formset.instance = activity
    removed = [
        name
        for row in formset.initial_forms
        if formset._should_delete_form(row)
        for name in (row.instance.file.name, row.instance.thumbnail.name)
    ]
    for row in formset.extra_forms:
        row.instance.uploaded_by = user
    saved = formset.save()
    stored_files.extend(
        name
        for attachment in saved
        if attachment in formset.new_objects
        for name in (attachment.file.name, attachment.thumbnail.name)
    )
    transaction.on_commit(lambda: _delete_files(removed))


def answer_activity(
    user,
    activity: Activity,
    expected_version: int,
    *,
    confirmed: bool,
    received_on: datetime.date | None = None,
    note: str = "",
) -> Activity:
    """Return the activity with the commune's answer recorded: confirmed (received on a day,
    with a note) or disputed (with the reason). A dispute takes the activity off the public
    page. Raises StaleVersion if the activity changed since the officer read it."""
    activity.confirmation = (
        Activity.Confirmation.CONFIRMED if confirmed else Activity.Confirmation.DISPUTED
    )
    activity.confirmed_by = user
    activity.confirmed_at = timezone.now()
    activity.received_on = received_on if confirmed else None
    activity.confirmation_note = note
    if not confirmed:
        activity.published = False
    activity._history_user = user
    return save_if_unchanged(
        activity,
        expected_version,
        update_fields=[
            "confirmation",
            "confirmed_by",
            "confirmed_at",
            "received_on",
            "confirmation_note",
            "published",
            "updated_at",
        ],
    )


def set_published(user, activity: Activity, published: bool) -> Activity:
    """Return the activity shown on (or taken off) the public page; raise NotConfirmed when
    asked to publish what the commune has not confirmed."""
    if published and activity.confirmation != Activity.Confirmation.CONFIRMED:
        raise NotConfirmed
    activity.published = published
    activity._history_user = user
    return save_if_unchanged(activity, activity.version, update_fields=["published", "updated_at"])


def delete_activity(user, activity: Activity) -> None:
    """Delete the activity with its rows and files (its change history is kept)."""
    files = [
        name
        for attachment in Attachment.objects.filter(activity=activity)
        for name in (attachment.file.name, attachment.thumbnail.name)
    ]
    with transaction.atomic():
        activity._history_user = user
        activity.delete()
        transaction.on_commit(lambda: _delete_files(files))
