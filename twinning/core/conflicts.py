"""What to show the second editor when a save is refused because someone else saved first: each
field where what they submitted differs from what is stored now, both written as the reader
reads them ("44", not the stored "44.000")."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db import models

from twinning.core.display import display_value


@dataclass(frozen=True)
class FieldChange:
    label: str
    yours: str
    theirs: str


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
                    yours=display_value(field, yours),
                    theirs=display_value(field, theirs),
                )
            )
    return changes
