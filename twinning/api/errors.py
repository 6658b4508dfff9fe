"""Every error the API returns is JSON in one shape, the one django-ninja gives its own
validation errors: {"detail": [{"loc": [...], "msg": ..., "type": ...}]}, where `loc` is the
path of the offending field. A refused database write is a 422 naming the field, never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, models
from django.db.models import Q

# The path django-ninja gives a field of the request body (every body parameter is `payload`).
BODY: list[str | int] = ["body", "payload"]


class ApiValidationError(Exception):
    """A request the API refuses with 422 and the given problems."""

    def __init__(self, items: list[dict[str, Any]]):
        super().__init__(items)
        self.items = items


def problem(loc: list[str | int], msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": str(msg), "type": type_}


def invalid(field: str | None, msg: str, type_: str = "value_error") -> ApiValidationError:
    """Return the error for one field of the request body (None: the body as a whole)."""
    return ApiValidationError([problem([*BODY, field] if field else BODY, msg, type_)])


def _api_name(model: type[models.Model] | None, name: str) -> str:
    """Return the name the API uses for a model field: a foreign key is `<name>_id`."""
    if model is None or name == NON_FIELD_ERRORS:
        return name
    try:
        field = model._meta.get_field(name)
    except Exception:
        return name
    return field.attname if isinstance(field, models.ForeignKey) else name


def validation_problems(
    error: DjangoValidationError, model: type[models.Model] | None = None
) -> list[dict[str, Any]]:
    """Return a Django ValidationError (full_clean's) as problems with the field's path."""
    if not hasattr(error, "error_dict"):
        return [problem(BODY, msg) for msg in error.messages]
    items = []
    for name, errors in error.error_dict.items():
        for item in errors:
            field = name if name != NON_FIELD_ERRORS else _rule_field(model, item)
            loc = [*BODY, _api_name(model, field)] if field else BODY
            for msg in item.messages:
                items.append(problem(loc, msg, item.code or "value_error"))
    return items


def _rule_field(model: type[models.Model] | None, error: DjangoValidationError) -> str | None:
    """Return the field a rule over several fields is best reported on: the last field of a
    unique rule (the group of "activity and group"), the first of a check (the end date of
    "ends after it starts")."""
    params = getattr(error, "params", None) or {}
    if params.get("unique_check"):
        return params["unique_check"][-1]
    if model is None:
        return None
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, models.CheckConstraint)
            and str(constraint.get_violation_error_message()) in error.messages
        ):
            fields = _condition_fields(constraint.condition)
            return fields[0] if fields else None
    return None


def _condition_fields(condition: Q) -> list[str]:
    names: list[str] = []
    for child in condition.children:
        if isinstance(child, Q):
            names.extend(_condition_fields(child))
        else:
            names.append(child[0].split("__")[0])
    return names


def constraint_fields(model: type[models.Model], message: str) -> list[str]:
    """Return the fields of the model's constraint (or column) that the database message names."""
    meta = model._meta
    for constraint in meta.constraints:
        if constraint.name in message:
            if isinstance(constraint, models.UniqueConstraint):
                return list(constraint.fields)
            if isinstance(constraint, models.CheckConstraint):
                return _condition_fields(constraint.condition)
    for field in meta.concrete_fields:
        column = field.column
        if f"{meta.db_table}.{column}" in message or f"({column})" in message:
            return [field.name]
        if f'"{column}"' in message or f"{meta.db_table}_{column}_check" in message:
            return [field.name]
    return []


@contextmanager
def refused_writes(model: type[models.Model]) -> Iterator[None]:
    """Turn what the database refuses while writing `model` into a 422 naming the field.

    full_clean() catches almost everything first; this covers a race (two clients creating the
    same unique row at once) and values that overflow a column."""
    try:
        yield
    except (IntegrityError, DataError, OverflowError) as error:
        fields = constraint_fields(model, str(error))
        loc = [*BODY, _api_name(model, fields[0])] if fields else BODY
        raise ApiValidationError(
            [problem(loc, "The database refused this value.", "constraint")]
        ) from error
