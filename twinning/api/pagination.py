"""Cursor pagination: keyset on (sort key, id), so a page costs the same at row 10 and row
1,000,000 and rows added meanwhile are neither skipped nor repeated. The cursor is opaque to
clients: base64 of the list it belongs to and the last row's key."""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from twinning.api.errors import ApiValidationError, problem
from twinning.api.schemas import MAX_ID

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _date(value: Any) -> datetime.date:
    if not isinstance(value, str):
        raise ValueError
    return datetime.date.fromisoformat(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_ID:
        raise ValueError
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str) or "\x00" in value or len(value) > 1000:
        raise ValueError
    return value


@dataclass(frozen=True)
class Keyset:
    """A list's order: by `field` (never null), then by id."""

    name: str  # the list the cursor belongs to
    field: str
    parse: Callable[[Any], Any]

    def dump(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, datetime.date) else value


def by_date(name: str, field: str) -> Keyset:
    return Keyset(name, field, _date)


def by_int(name: str, field: str) -> Keyset:
    return Keyset(name, field, _int)


def by_text(name: str, field: str) -> Keyset:
    return Keyset(name, field, _text)


def encode_cursor(keyset: Keyset, value: Any, pk: int) -> str:
    raw = json.dumps([keyset.name, keyset.dump(value), pk], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(keyset: Keyset, cursor: str) -> tuple[Any, int]:
    """Return the (key, id) after which the next page starts; 422 for a cursor not of this list."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, value, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if name != keyset.name:
            raise ValueError
        return keyset.parse(value), _int(pk)
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise ApiValidationError(
            [problem(["query", "cursor"], "This cursor is not valid for this list.", "cursor")]
        ) from None


def paginate(queryset: QuerySet, keyset: Keyset, cursor: str | None, limit: int) -> dict[str, Any]:
    """Return {"items": the page, "next_cursor": where the next page starts, or None}."""
    field = keyset.field
    queryset = queryset.order_by(field, "pk")
    if cursor:
        value, pk = decode_cursor(keyset, cursor)
        queryset = queryset.filter(Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk}))
    rows = list(queryset[: limit + 1])
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = encode_cursor(keyset, _value_of(last, field), last.pk)
    return {"items": page, "next_cursor": next_cursor}


def _value_of(row: Any, field: str) -> Any:
    for part in field.split("__"):
        row = getattr(row, part)
    return row
