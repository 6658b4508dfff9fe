"""Optimistic locking: a save that started from an old version is refused, never silent."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """Raised when someone else saved the record after the editor loaded it."""

    message = _("Someone else changed this record after you opened it.")

    def __init__(self, current: models.Model):
        super().__init__(str(self.message))
        self.current = current


def save_if_unchanged(
    instance: models.Model, expected_version: int, update_fields: list[str] | None = None
) -> models.Model:
    """Return the instance saved with version + 1, or raise StaleVersion if the stored version
    is no longer `expected_version`.

    The conditional UPDATE claims the row (a row lock on PostgreSQL, the write lock on SQLite)
    before the full save, so two editors racing cannot both pass the check. The full save then
    runs the model's signals, which keeps the change history complete.
    """
    model = type(instance)
    with transaction.atomic():
        claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            raise StaleVersion(model._default_manager.get(pk=instance.pk))
        instance.version = expected_version + 1
        if update_fields is not None:
            # auto_now fields ("updated at") are written only when named in update_fields.
            auto_now = {
                f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
            }
            update_fields = sorted({*update_fields, "version", *auto_now})
            # The history record copies the instance as it is in memory: fields not being saved
            # take their stored values, or the history would show changes the row never had.
            stored = model._default_manager.get(pk=instance.pk)
            for field in model._meta.concrete_fields:
                if field.name not in update_fields and not field.primary_key:
                    setattr(instance, field.attname, getattr(stored, field.attname))
        instance.save(update_fields=update_fields)
    return instance
