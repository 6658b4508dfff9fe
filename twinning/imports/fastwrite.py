"""The import's inserts without the ORM's per-value work: the rows of a chunk go to the database as
plain tuples in multi-row INSERTs that return the new ids (on PostgreSQL: ids drawn from the
table's sequence, then COPY), and their history rows (the importing user, the date, the reason)
follow: on SQLite copied from the new rows by one INSERT ... SELECT, on PostgreSQL by COPY.

`bulk_create_with_history` did the same with two `bulk_create` calls, whose SQL compilation
(one field preparation per value) and history model instances took most of the commit.
"""

from __future__ import annotations

import datetime
import sqlite3
from functools import partial
from itertools import chain
from operator import itemgetter

from django.db import connection

# Field types whose values need the database's own form (dates as text on SQLite, JSON...).
PREPARED = {"DateField", "DateTimeField", "TimeField", "JSONField", "UUIDField", "BinaryField"}
# Rows per INSERT on SQLite: as fast as the most its parameters allow (measured), while the
# compiled statements it keeps in its cache stay small.
SQLITE_ROWS_PER_STATEMENT = 250
# A prepared field's "default" while a row is assembled: the row did not give the field.
_ABSENT = object()


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _preparer(field):
    """Return a function giving a value of the field in the database's form. The rows of an
    import share few dates (an activity's rows have the same; most are empty), so each date is
    prepared once."""
    prepare = partial(field.get_db_prep_save, connection=connection)
    if field.get_internal_type() != "DateField":
        return prepare
    prepared: dict[datetime.date, object] = {}

    def prepare_date(value):
        if value is not None and type(value) is not datetime.date:  # a datetime, or text
            return prepare(value)
        result = prepared.get(value, _ABSENT)
        if result is _ABSENT:
            result = prepared[value] = prepare(value)
        return result

    return prepare_date


def _max_params() -> int:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 65535  # PostgreSQL's protocol limit


class HistoryInserter:
    """Inserts rows of one model (dicts or unsaved instances) and their '+' history rows."""

    def __init__(self, model, *, user, reason: str, stamp: datetime.datetime):
        quote = connection.ops.quote_name
        self.model = model
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        # The columns in this order: the ones a row gives (else their default), then the
        # created/updated stamps, the same for every row. A row is then the values looked up
        # in its dict of attnames (a model instance's __dict__ will do) with `map`, in C, plus
        # the stamps: no Python function per value.
        given = [f for f in fields if not _stamped(f)]
        self.fields = given + [f for f in fields if _stamped(f)]
        self.names = [f.attname for f in given]
        self.defaults = []
        # (position, function, default) of the fields whose values need the database's form.
        self.prepared = []
        for position, field in enumerate(given):
            default = field.get_db_prep_save(field.get_default(), connection)
            if field.get_internal_type() in PREPARED:
                self.prepared.append((position, _preparer(field), default))
                default = _ABSENT
            self.defaults.append(default)
        self.stamps = tuple(
            f.get_db_prep_save(stamp, connection) for f in self.fields[len(given) :]
        )
        self.stamp = stamp
        self.columns = ", ".join(quote(f.column) for f in self.fields)
        self.table = quote(model._meta.db_table)
        self.pk = quote(model._meta.pk.column)
        self.copy = f"COPY {self.table} ({self.pk}, {self.columns}) FROM STDIN"
        self.history = None
        if hasattr(model, "history"):
            self._prepare_history(model.history.model, user, reason, stamp)

    def _prepare_history(self, history_model, user, reason: str, stamp) -> None:
        quote = connection.ops.quote_name
        fixed = {
            "history_date": history_model._meta.get_field("history_date").get_db_prep_save(
                stamp, connection
            ),
            "history_user_id": user.pk if user is not None else None,
            "history_type": "+",
            "history_change_reason": reason,
        }
        # The history columns in this order: the row's id, the row's own columns in the row's
        # order, then the ones with one value for all (user, date, reason, type, defaults). A
        # history row is then three tuples joined: (id,) + row + the fixed values.
        history = {f.attname: f for f in history_model._meta.concrete_fields}
        kept = [i for i, f in enumerate(self.fields) if f.attname in history]
        copied = {self.fields[i].attname for i in kept}
        names = [quote(history["id"].column)]
        names += [quote(history[self.fields[i].attname].column) for i in kept]
        fixed_values = []
        for attname, field in history.items():
            if attname in copied or attname in ("id", "history_id"):
                continue
            names.append(quote(field.column))
            if attname in fixed:
                fixed_values.append(fixed[attname])
            else:
                fixed_values.append(field.get_db_prep_save(field.get_default(), connection))
        self.history = (
            # A history model that leaves some of the row's columns out takes the others.
            None if kept == list(range(len(self.fields))) else _picker(kept),
            tuple(fixed_values),
        )
        target = f"{quote(history_model._meta.db_table)} ({', '.join(names)})"
        self.history_insert = f"INSERT INTO {target}"
        # On SQLite the history rows are copied from the rows just written, by id range.
        source = [self.pk] + [quote(self.fields[i].column) for i in kept]
        self.history_select = (
            f"INSERT INTO {target} SELECT {', '.join(source)}, "
            f"{', '.join(['?'] * len(fixed_values))} FROM {self.table} "
            f"WHERE {self.pk} BETWEEN ? AND ?"
        )
        self.history_width = len(names)
        self.history_copy = f"COPY {target} FROM STDIN"

    def insert(self, items: list) -> list[int]:
        """Insert the rows (dicts of attnames, or model instances, which get their primary
        keys), write their history, and return the new ids in order."""
        if not items:
            return []
        rows = [self._row(item if isinstance(item, dict) else item.__dict__) for item in items]
        ids: list[int] = []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Ids drawn from the table's own sequence (never handed out twice, whoever else
                # writes), then COPY: big INSERT ... RETURNING statements cost PostgreSQL more
                # time parsing parameters than writing rows.
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.model._meta.db_table, len(rows)],
                )
                ids = sorted(row[0] for row in cursor.fetchall())
                with cursor.cursor.copy(self.copy) as copy:
                    for pk, row in zip(ids, rows, strict=True):
                        copy.write_row((pk, *row))
            else:
                ids = _sqlite_insert(
                    f"INSERT INTO {self.table} ({self.columns})",
                    len(self.fields),
                    rows,
                    returning=f" RETURNING {self.pk}",
                )
            if len(ids) != len(items):
                raise RuntimeError("the database returned fewer ids than rows inserted")
            for item, pk in zip(items, ids, strict=True):
                if not isinstance(item, dict):
                    item.pk = pk
                    item._state.adding = False
                    item._state.db = connection.alias
            if self.history is not None:
                self._insert_history(cursor, rows, ids)
        return ids

    def _row(self, values: dict) -> tuple:
        """Return the row to insert from a dict of attnames: its values in the columns' order,
        the defaults where it gives none, in the database's form."""
        row = list(map(values.get, self.names, self.defaults))
        for position, prepare, default in self.prepared:
            value = row[position]
            row[position] = default if value is _ABSENT else prepare(value)
        return (*row, *self.stamps)

    def _insert_history(self, cursor, rows: list[tuple], ids: list[int]) -> None:
        pick, fixed = self.history
        if connection.vendor == "sqlite" and max(ids) - min(ids) + 1 == len(ids):
            # The new ids are one unbroken range (as they are on SQLite, where the import's
            # transaction holds the write lock), so that range holds these rows and no others:
            # SQLite copies them itself, their values as stored, with the fixed ones, no row
            # passing through Python. The columns have the same types in both tables, so the
            # history holds the same values.
            with connection.wrap_database_errors:
                connection.connection.execute(self.history_select, (*fixed, min(ids), max(ids)))
            return
        if pick is not None:
            rows = [pick(row) for row in rows]
        history_rows = [(pk, *row, *fixed) for row, pk in zip(rows, ids, strict=True)]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(self.history_copy) as copy:
                for row in history_rows:
                    copy.write_row(row)
        else:
            _sqlite_insert(self.history_insert, self.history_width, history_rows)


def _sqlite_insert(insert: str, width: int, rows: list[tuple], returning: str = "") -> list:
    """Insert the rows on SQLite in multi-row INSERTs and return what `returning` names, row
    by row.

    The statements use SQLite's own "?" and run on the sqlite3 connection itself, in the same
    transaction: Django's cursor would rewrite each "%s" of every (long) statement with a
    regular expression. Errors still come out as Django's (IntegrityError...). Multi-row
    statements, for the history rows too, take SQLite less time than one executemany."""
    raw = connection.connection
    per_statement = max(1, min(SQLITE_ROWS_PER_STATEMENT, _max_params() // width))
    marks = "(" + ", ".join(["?"] * width) + ")"
    found = []
    with connection.wrap_database_errors:
        for start in range(0, len(rows), per_statement):
            part = rows[start : start + per_statement]
            result = raw.execute(
                f"{insert} VALUES {', '.join([marks] * len(part))}{returning}",
                list(chain.from_iterable(part)),
            )
            if returning:
                found.extend(row[0] for row in result.fetchall())
    return found


def _picker(positions: list[int]):
    """Return a function taking these positions of a tuple, as a tuple (itemgetter gives a bare
    value for one position)."""
    if len(positions) == 1:
        return lambda row, position=positions[0]: (row[position],)
    return itemgetter(*positions)
