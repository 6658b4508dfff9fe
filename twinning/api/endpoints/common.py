"""What every endpoint shares: the acting user, the access checks (all through access.py), the
responses each operation documents, and saving through the model's own validation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest
from ninja import Query, Schema
from pydantic import Field

from twinning import access
from twinning.access import Capability, TwinningAccess
from twinning.api.errors import refused_writes
from twinning.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from twinning.api.schemas import MAX_ID, ErrorOut
from twinning.core.versioning import StaleVersion, save_if_unchanged

# The error responses each kind of operation documents (OpenAPI), besides its success.
# 400: a body that is not JSON; 422: JSON that does not fit the schema or the model's rules.
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
LIST_ERRORS = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}

IdParam = Query(..., ge=1, le=MAX_ID)


class PageParams(Schema):
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


def user_of(request: HttpRequest):
    """Return the acting user (the token's owner, or the signed-in user of the session)."""
    return request.user


def twinning_access(
    request: HttpRequest, twinning_id: int, capability: Capability = Capability.VIEW
) -> TwinningAccess:
    """Return the twinning and the user's rights: 404 if invisible, 403 without `capability`."""
    return access.get_rw_twinning_for_user(user_of(request), twinning_id, capability)


def get_or_404(queryset: models.QuerySet, pk: int) -> Any:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def filter_by_activity(rows: models.QuerySet, filters: Schema) -> models.QuerySet:
    """Return the rows of an activity's children (contributions, counts) narrowed by the filters
    they share: twinning, activity, year of the activity's start, the activity's category."""
    if filters.twinning:
        rows = rows.filter(activity__twinning_id=filters.twinning)
    if filters.activity:
        rows = rows.filter(activity_id=filters.activity)
    if filters.year:
        rows = rows.filter(activity__start_date__year=filters.year)
    if filters.category:
        rows = rows.filter(activity__category=filters.category)
    return rows


def apply(instance: models.Model, changes: dict[str, Any]) -> models.Model:
    for name, value in changes.items():
        setattr(instance, name, value)
    return instance


def changes_of(payload: Schema, *, exclude: set[str] | None = None) -> dict[str, Any]:
    """Return the fields the client sent (a PATCH leaves out what it does not change)."""
    return payload.model_dump(exclude_unset=True, exclude=(exclude or set()) | {"version"})


def validated(instance: models.Model, exclude: list[str] | None = None) -> models.Model:
    """Return the instance after the model's own validation (fields, clean, constraints)."""
    try:
        instance.full_clean(exclude=exclude)
    except DjangoValidationError as error:
        error.model = type(instance)
        raise
    return instance


def create(instance: models.Model, user) -> models.Model:
    """Return the new record saved after full validation, recorded as the user's."""
    validated(instance)
    instance._history_user = user
    if hasattr(instance, "created_by_id") and instance.created_by_id is None:
        instance.created_by = user
    with refused_writes(type(instance)), transaction.atomic():
        instance.save()
    return instance


def update(instance: models.Model, user, version: int | None) -> models.Model:
    """Return the record saved after full validation; with a version, only if nobody saved it
    since (StaleVersion, a 409, otherwise)."""
    validated(instance)
    instance._history_user = user
    with refused_writes(type(instance)), transaction.atomic():
        if version is None:
            instance.save()
        else:
            save_if_unchanged(instance, version)
    return instance


def delete(
    instance: models.Model, user, version: int | None, after: Callable[[], None] | None = None
) -> None:
    """Delete the record unless someone saved it since `version` (StaleVersion); `after` runs in
    the same transaction once the row is gone."""
    model = type(instance)
    with transaction.atomic():
        current = model._default_manager.select_for_update().filter(pk=instance.pk).first()
        if current is None:
            return
        if version is not None and current.version != version:
            raise StaleVersion(current)
        current._history_user = user
        with refused_writes(model):
            current.delete()
        if after is not None:
            after()
