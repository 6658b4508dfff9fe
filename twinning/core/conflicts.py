"""What to show the second editor when a save is refused because someone else saved first."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models


@dataclass(frozen=True)
class FieldChange:
    label: str
    yours: str
    theirs: str


def _display(instance: models.Model, field: models.Field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return str(value)


def conflicting_changes(form: forms.ModelForm, current: models.Model) -> list[FieldChange]:
    """Return the fields where what the editor submitted differs from what is stored now."""
    changes = []
    for name in form.fields:
        try:
            field = current._meta.get_field(name)
        except Exception:  # a form-only field has nothing stored to compare with
            continue
        if not field.concrete or field.many_to_many:
            continue
        theirs = getattr(current, field.attname)
        yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if isinstance(yours, models.Model):
            yours = yours.pk
        if yours != theirs:
            changes.append(
                FieldChange(
                    label=str(form.fields[name].label or field.verbose_name),
                    yours=_display(current, field, yours),
                    theirs=_display(current, field, theirs),
                )
            )
    return changes
