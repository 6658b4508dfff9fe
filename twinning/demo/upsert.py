"""Idempotent writes for the demo data: running the loader twice changes nothing the second time."""

from __future__ import annotations

from django.db import models


def upsert(model: type[models.Model], lookup: dict, values: dict | None = None) -> models.Model:
    """Return the row matching `lookup`, created with `values` or updated where they differ.

    Unlike update_or_create, an unchanged row is not saved again, so a second run adds no
    history records.
    """
    values = values or {}
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        return model._default_manager.create(**lookup, **values)
    changed = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        current = getattr(instance, field.attname if field.is_relation else name)
        wanted = value.pk if isinstance(value, models.Model) else value
        if current != wanted:
            setattr(instance, name, value)
            changed.append(name)
    if changed:
        instance.save(update_fields=changed)
    return instance
