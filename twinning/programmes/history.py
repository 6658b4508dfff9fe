"""Change history as people read it: who changed what, when, from which value to which."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.formatting import format_number

# Bookkeeping fields that change on every save and say nothing to a reader.
IGNORED_FIELDS = {"version", "created_at", "updated_at", "position", "id"}

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass(frozen=True)
class FieldDiff:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    user: str
    action: str  # "+", "~", "-"
    action_label: str
    subject: str  # what the record is: "Plan 2025", "Item: Mid-Autumn gifts"
    object_id: int
    changes: list[FieldDiff]


def _display(model: type[models.Model], field: models.Field, value, users: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        if value in users and field.related_model is get_user_model():
            return users[value]
        return f"#{value}"
    if isinstance(value, datetime.datetime):
        from django.utils import formats, timezone

        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        from django.utils import formats

        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, Decimal) or (isinstance(value, int) and field.name.endswith("_vnd")):
        return format_number(value)  # years and counts stay as written
    return str(value)


def _user_name(user) -> str:
    if user is None:
        return str(_("the system"))
    return user.get_full_name() or user.get_username()


def history_entries(
    records: Iterable[models.Model], model: type[models.Model], subject
) -> list[HistoryEntry]:
    """Return the entries for the given historical records (of one or several objects), newest
    first, each with the fields that changed since the object's previous record.

    `records` must hold each object's whole history (the previous record is looked up among
    them, not in the database); `subject(record)` names the object in the entry.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    fields = [f for f in model._meta.concrete_fields if f.name not in IGNORED_FIELDS]
    user_fields = [
        f
        for f in fields
        if isinstance(f, models.ForeignKey) and f.related_model is get_user_model()
    ]
    # One query for every person named in the records (who saved, who approved...).
    user_ids = {r.history_user_id for r in records} | {
        getattr(r, f.attname) for r in records for f in user_fields
    }
    user_ids.discard(None)
    users = {u.pk: _user_name(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
    previous: dict[int, models.Model] = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if record.history_type == "~" and before is not None:
            for field in fields:
                old, new = getattr(before, field.attname), getattr(record, field.attname)
                if old != new:
                    changes.append(
                        FieldDiff(
                            str(field.verbose_name),
                            _display(model, field, old, users),
                            _display(model, field, new, users),
                        )
                    )
        elif record.history_type == "+":
            for field in fields:
                value = getattr(record, field.attname)
                if value not in (None, "") and not isinstance(field, models.ForeignKey):
                    changes.append(
                        FieldDiff(str(field.verbose_name), "", _display(model, field, value, users))
                    )
        previous[record.id] = record
        if record.history_type == "~" and before is not None and not changes:
            continue  # a save that changed only bookkeeping fields
        entries.append(
            HistoryEntry(
                at=record.history_date,
                user=users.get(record.history_user_id, str(_("the system"))),
                action=record.history_type,
                action_label=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=str(subject(record)),
                object_id=record.id,
                changes=changes,
            )
        )
    entries.reverse()
    return entries


def readable_conflicts(form, current: models.Model) -> list:
    """Return `core.conflicts.conflicting_changes(form, current)` with numbers written as the
    reader's language writes them: "44" or "1,5", not the stored "44.000" or "1.500"."""
    from twinning.core.conflicts import FieldChange, conflicting_changes

    changes = conflicting_changes(form, current)
    numeric = {}
    for name, form_field in form.fields.items():
        try:
            field = current._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if isinstance(field, models.DecimalField) or name.endswith("_vnd"):
            numeric[str(form_field.label or field.verbose_name)] = name

    def show(value) -> str:
        return "—" if value is None else format_number(value)

    return [
        FieldChange(
            label=change.label,
            yours=show(form.cleaned_data.get(numeric[change.label])),
            theirs=show(getattr(current, numeric[change.label])),
        )
        if change.label in numeric
        else change
        for change in changes
    ]
