"""The import's inserts without the ORM's per-value work: the rows of a chunk go to the database as
plain tuples in multi-row INSERTs that return the new ids (on PostgreSQL: ids drawn from the
table's sequence, then COPY), and their history rows (the importing user, the date, the reason)
follow in one `executemany` (COPY on PostgreSQL).

`bulk_create_with_history` did the same with two `bulk_create` calls, whose SQL compilation
(one field preparation per value) and history model instances took most of the commit.
"""

from __future__ import annotations

import datetime
import sqlite3

from django.db import connection

# Field types whose values need the database's own form (dates as text on SQLite, JSON...).
PREPARED = {"DateField", "DateTimeField", "TimeField", "JSONField", "UUIDField", "BinaryField"}


def _stamped(field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


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
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        # One function per column, from a row given as a dict of attnames (a model instance's
        # __dict__ will do): the value, in the database's form, or the field's default.
        self.getters = []
        for field in self.fields:
            default = field.get_db_prep_save(
                stamp if _stamped(field) else field.get_default(), connection
            )
            if _stamped(field):
                self.getters.append(lambda row, value=default: value)
            elif field.get_internal_type() in PREPARED:

                def getter(row, name=field.attname, field=field, default=default):
                    if name in row:
                        return field.get_db_prep_save(row[name], connection)
                    return default

                self.getters.append(getter)
            else:
                self.getters.append(
                    lambda row, name=field.attname, default=default: row.get(name, default)
                )
        self.stamp = stamp
        self.columns = ", ".join(quote(f.column) for f in self.fields)
        self.table = quote(model._meta.db_table)
        self.placeholders = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.pk = quote(model._meta.pk.column)
        self.copy = f"COPY {self.table} ({self.pk}, {self.columns}) FROM STDIN"
        self.per_statement = max(1, _max_params() // len(self.fields))
        self.history = None
        if hasattr(model, "history"):
            self._prepare_history(model.history.model, user, reason, stamp)

    def _prepare_history(self, history_model, user, reason: str, stamp) -> None:
        quote = connection.ops.quote_name
        position = {f.attname: i for i, f in enumerate(self.fields)}
        fixed = {
            "history_date": history_model._meta.get_field("history_date").get_db_prep_save(
                stamp, connection
            ),
            "history_user_id": user.pk if user is not None else None,
            "history_type": "+",
            "history_change_reason": reason,
        }
        # Each history column: ("id",), ("row", i) or ("value", v).
        plan, names = [], []
        for field in history_model._meta.concrete_fields:
            if field.attname == "history_id":
                continue
            names.append(quote(field.column))
            if field.attname == "id":
                plan.append(("id", None))
            elif field.attname in position:
                plan.append(("row", position[field.attname]))
            elif field.attname in fixed:
                plan.append(("value", fixed[field.attname]))
            else:
                plan.append(("value", field.get_db_prep_save(field.get_default(), connection)))
        self.history = plan
        target = f"{quote(history_model._meta.db_table)} ({', '.join(names)})"
        self.history_sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * len(names))})"
        self.history_copy = f"COPY {target} FROM STDIN"

    def insert(self, items: list) -> list[int]:
        """Insert the rows (dicts of attnames, or model instances, which get their primary
        keys), write their history, and return the new ids in order."""
        if not items:
            return []
        getters = self.getters
        rows = [
            tuple(get(item if isinstance(item, dict) else item.__dict__) for get in getters)
            for item in items
        ]
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
                for start in range(0, len(rows), self.per_statement):
                    part = rows[start : start + self.per_statement]
                    cursor.execute(
                        f"INSERT INTO {self.table} ({self.columns}) VALUES "
                        + ", ".join([self.placeholders] * len(part))
                        + f" RETURNING {self.pk}",
                        [value for row in part for value in row],
                    )
                    ids.extend(row[0] for row in cursor.fetchall())
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

    def _insert_history(self, cursor, rows: list[tuple], ids: list[int]) -> None:
        plan = self.history
        history_rows = [
            tuple(pk if kind == "id" else row[arg] if kind == "row" else arg for kind, arg in plan)
            for row, pk in zip(rows, ids, strict=True)
        ]
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(self.history_copy) as copy:
                for row in history_rows:
                    copy.write_row(row)
        else:
            cursor.executemany(self.history_sql, history_rows)
