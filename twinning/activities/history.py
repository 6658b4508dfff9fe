"""The change history of an activity and its rows, read from django-simple-history: each saved
version with who saved it, when, and the fields that differ from the version before."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from twinning.activities.models import Activity, BeneficiaryCount, Contribution, Output, Recipient
from twinning.core.display import display_value

# Bookkeeping, not facts: every save moves them.
IGNORED = {"id", "version", "created_at", "updated_at", "activity", "twinning"}
LONG_TEXT = 300


@dataclass(frozen=True)
class FieldDiff:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    record: str
    changes: list[FieldDiff] = field(default_factory=list)
    is_personal: bool = False

    @property
    def kind_label(self) -> str:
        return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}[self.kind]


def _fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in IGNORED]


class _Display:
    """Turns stored values into what a person reads: labels of choices, names of related
    records (read in one query per kind of record), dates and money as the language writes."""

    def __init__(self, records_by_model: dict[type, list]):
        wanted: dict[type, set] = defaultdict(set)
        for model, records in records_by_model.items():
            for f in _fields(model):
                if isinstance(f, models.ForeignKey):
                    for record in records:
                        value = getattr(record, f.attname)
                        if value is not None:
                            wanted[f.related_model].add(value)
        self.related = {
            model: model._default_manager.in_bulk(list(pks)) for model, pks in wanted.items()
        }

    def _related(self, f: models.ForeignKey, pk) -> str:
        related = self.related.get(f.related_model, {}).get(pk)
        return str(related) if related is not None else f"#{pk}"

    def __call__(self, f: models.Field, value) -> str:
        text = display_value(f, value, self._related)
        return text if len(text) <= LONG_TEXT else text[:LONG_TEXT] + "…"


def _record_label(model, record, display: _Display) -> str:
    name = capfirst(str(model._meta.verbose_name))
    if model is Activity:
        return name
    if model is Contribution:
        contributor = display(Contribution._meta.get_field("contributor"), record.contributor_id)
        what = record.item or display(Contribution._meta.get_field("kind"), record.kind)
        return f"{name}: {contributor} — {what}"
    if model is Output:
        return f"{name}: {record.description}"
    if model is BeneficiaryCount:
        return f"{name}: {display(BeneficiaryCount._meta.get_field('group'), record.group)}"
    if model is Recipient:
        return f"{name}: {record.full_name}"
    return name


def activity_history(activity: Activity, *, include_recipients: bool) -> list[HistoryEntry]:
    """Return the activity's history and its rows' (also rows since deleted), newest first.
    Named recipients' history only when `include_recipients` (the caller logs the look)."""
    models_and_records: dict[type, list] = {
        Activity: list(Activity.history.filter(id=activity.pk).select_related("history_user")),
    }
    for model in (Contribution, Output, BeneficiaryCount):
        models_and_records[model] = list(
            model.history.filter(activity_id=activity.pk).select_related("history_user")
        )
    if include_recipients:
        models_and_records[Recipient] = list(
            Recipient.history.filter(activity_id=activity.pk).select_related("history_user")
        )
    display = _Display(models_and_records)
    entries: list[HistoryEntry] = []
    for model, records in models_and_records.items():
        previous: dict[int, object] = {}
        for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
            before = previous.get(record.id)
            previous[record.id] = record
            changes = []
            if record.history_type != "-":
                for f in _fields(model):
                    new = getattr(record, f.attname)
                    old = getattr(before, f.attname) if before is not None else None
                    if before is None and new in (None, "", False):
                        continue
                    if before is not None and old == new:
                        continue
                    changes.append(
                        FieldDiff(capfirst(str(f.verbose_name)), display(f, old), display(f, new))
                    )
                if before is not None and not changes:
                    continue  # saved without a change of fact (e.g. only its rows changed)
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    user=record.history_user,
                    kind=record.history_type,
                    record=_record_label(model, record, display),
                    changes=changes,
                    is_personal=model is Recipient,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
