"""Change history as people read it: who changed what, when, from which value to which."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.display import display_value

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


def _display(field: models.Field, value, users: dict) -> str:
    def related(field: models.ForeignKey, pk) -> str:
        if field.related_model is get_user_model():
            return users.get(pk, f"#{pk}")
        return f"#{pk}"

    return display_value(field, value, related)


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
                            _display(field, old, users),
                            _display(field, new, users),
                        )
                    )
        elif record.history_type == "+":
            for field in fields:
                value = getattr(record, field.attname)
                if value not in (None, "") and not isinstance(field, models.ForeignKey):
                    changes.append(
                        FieldDiff(str(field.verbose_name), "", _display(field, value, users))
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
