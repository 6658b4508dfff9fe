"""What to tell an editor whose save was refused: what the other person changed, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.activities.actions import ActivityConflict
from twinning.activities.models import Activity, Contribution
from twinning.core.conflicts import FieldChange, conflicting_changes
from twinning.core.display import display_value

# Fields the form does not carry but the other person may have changed meanwhile.
ANSWER_FIELDS = ("confirmation", "published")


@dataclass(frozen=True)
class RecordConflict:
    label: str
    changes: list[FieldChange]
    deleted: bool = False


def _loaded(model, pk: int, version: int | None):
    """Return the record as the editor loaded it (its history at that version), if known."""
    if version is None:
        return None
    return model.history.filter(id=pk, version=version).order_by("-history_id").first()


def changes_by_others(form, current: models.Model, version: int | None) -> list[FieldChange]:
    """Return the fields the other person changed, with the editor's and the stored value.

    conflicting_changes() compares what the editor submitted with what is stored now, which
    also lists the editor's own edits; the history of the version the editor loaded tells the
    two apart."""
    changes = conflicting_changes(form, current)
    loaded = _loaded(type(current), current.pk, version)
    if loaded is None:
        return changes
    changed_labels = set()
    for name, form_field in form.fields.items():
        try:
            field = current._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if getattr(loaded, field.attname, None) != getattr(current, field.attname):
            changed_labels.add(str(form_field.label or field.verbose_name))
    changes = [change for change in changes if change.label in changed_labels]
    if isinstance(current, Activity):
        for name in ANSWER_FIELDS:
            field = current._meta.get_field(name)
            before, now = getattr(loaded, name), getattr(current, name)
            if before != now:
                changes.append(
                    FieldChange(
                        label=str(field.verbose_name),
                        yours=display_value(field, before),
                        theirs=display_value(field, now),
                    )
                )
    return changes


def describe_conflict(form, formsets, conflict: ActivityConflict) -> list[RecordConflict]:
    """Return, record by record, what changed since the editor opened the form."""
    records: list[RecordConflict] = []
    if conflict.current is not None:
        records.append(
            RecordConflict(
                label=str(_("The activity")),
                changes=changes_by_others(
                    form, conflict.current, form.cleaned_data.get("expected_version")
                ),
            )
        )
    rows = {row.instance.pk: row for row in formsets.contributions.initial_forms}
    stale = dict(conflict.stale_contributions)
    if conflict.current is not None:
        # Rows the editor did not touch may have changed too: show those as well.
        loaded = {
            pk: row.cleaned_data.get("expected_version")
            for pk, row in rows.items()
            if pk not in stale and pk not in conflict.missing_contributions
        }
        for contribution in Contribution.objects.filter(pk__in=loaded).select_related(
            "contributor"
        ):
            if contribution.version != loaded[contribution.pk]:
                stale[contribution.pk] = contribution
        gone = set(loaded) - set(
            Contribution.objects.filter(pk__in=loaded).values_list("pk", flat=True)
        )
        conflict.missing_contributions |= gone
    for pk, current in stale.items():
        row = rows[pk]
        records.append(
            RecordConflict(
                label=str(_("Contribution: %(name)s") % {"name": current}),
                changes=changes_by_others(row, current, row.cleaned_data.get("expected_version")),
            )
        )
    for pk in sorted(conflict.missing_contributions):
        row = rows.get(pk)
        name = row.instance if row is not None else pk
        records.append(
            RecordConflict(
                label=str(_("Contribution: %(name)s") % {"name": name}), changes=[], deleted=True
            )
        )
    return records
