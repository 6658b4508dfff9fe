"""Assertions that the database itself refuses a write, and names the rule that refused it.

Catching any IntegrityError is not enough: a NOT NULL or a foreign key failing for an unrelated
reason would let a constraint test pass while the constraint is missing. So the error message
must name the constraint. Each backend names it in its own way:

- PostgreSQL: 'violates check constraint "name"', 'unique constraint "name"', 'exclusion
  constraint "name"'; a column's own CHECK (positive integer fields) is "<table>_<column>_check".
- SQLite: "CHECK constraint failed: name"; a unique constraint lists its columns instead
  ("UNIQUE constraint failed: table.a, table.b"); a column's own CHECK gives the column
  ("CHECK constraint failed: count"); a trigger gives its RAISE message.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, connection, models, transaction


def _patterns(model: type[models.Model], name: str) -> list[str]:
    """Return the texts, one of which the backend's error message holds when `name` refuses."""
    meta = model._meta
    table = meta.db_table
    constraint = next((c for c in meta.constraints if c.name == name), None)
    if constraint is not None:
        patterns = [f'"{name}"'] if connection.vendor == "postgresql" else [name]
        if isinstance(constraint, models.UniqueConstraint) and connection.vendor == "sqlite":
            columns = ", ".join(f"{table}.{meta.get_field(f).column}" for f in constraint.fields)
            patterns.append(f"UNIQUE constraint failed: {columns}")
        return patterns
    try:
        field = meta.get_field(name)
    except FieldDoesNotExist:
        # A rule held outside Django's model state (a trigger, an exclusion constraint).
        return [name]
    column = field.column
    if field.unique:
        if connection.vendor == "sqlite":
            return [f"UNIQUE constraint failed: {table}.{column}"]
        return [f"Key ({column})="]
    # The column's own CHECK, which Django adds to positive integer fields.
    if connection.vendor == "sqlite":
        return [f"CHECK constraint failed: {column}"]
    return [f'"{table}_{column}_check"']


@contextmanager
def refused(model: type[models.Model], *names: str):
    """Expect the write in the block to raise IntegrityError from one of the named rules.

    A name is a constraint of `model`'s Meta, a field (its unique index or its own CHECK), or
    the name of a rule kept outside Django (a trigger or an exclusion constraint). Several names
    are given where two rules hold the same fact and the backend decides which one fires first.
    """
    assert names, "name the rule that should refuse the write"
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    message = str(caught.value)
    patterns = [p for name in names for p in _patterns(model, name)]
    # A whole name, not a prefix: "count" must not match "count_not_negative".
    assert any(re.search(re.escape(p) + r"(?!\w)", message) for p in patterns), (
        f"refused, but not by {names}: {message!r} (looked for {patterns})"
    )
