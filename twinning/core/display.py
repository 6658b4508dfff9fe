"""One stored value as a person reads it, in the active language: the label of a choice, the name
of a related record, a date as the language writes it, money and numbers grouped by thousands.

Used wherever a record's fields are shown out of their form: change histories and the "someone
else saved first" message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from twinning.core.formatting import format_number, format_vnd

# Whole numbers that are names of a time, not quantities: "2025", not "2.025".
_UNGROUPED = ("year", "month", "quarter", "position")


def related_from_database(field: models.ForeignKey, pk: Any) -> str:
    """Return the related record's name, read from the database (one query)."""
    related = field.related_model._default_manager.filter(pk=pk).first()
    return str(related) if related is not None else f"#{pk}"


def display_value(
    field: models.Field,
    value: Any,
    related: Callable[[models.ForeignKey, Any], str] = related_from_database,
) -> str:
    """Return `value` of `field` as a reader reads it; "—" when there is none."""
    if value is None or value == "":
        return "—"
    if isinstance(field, models.ForeignKey):
        return related(field, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if field.name.endswith("_vnd") and isinstance(value, int | Decimal):
        return format_vnd(value)
    if isinstance(value, Decimal) or (
        isinstance(value, int) and not field.name.endswith(_UNGROUPED)
    ):
        return format_number(value)
    return str(value)
