"""Large exports, streamed with bounded memory: every contribution or activity of a set of
twinnings (a province, the country) as an Excel workbook or a CSV file.

Rows come from queries.export_contributions / export_activities as plain tuples in a fixed
column order (values_list, iterated in chunks: a server-side cursor on PostgreSQL); the workbook
is written by XlsxWriter in constant_memory mode, which flushes each row to disk once the next
begins. Cell formats are made once per column; the row path does nothing but hand the tuple over.

`export_contributions_xlsx(scope, path)` is the entry point a benchmark may time against bare
XlsxWriter.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from twinning.core.formatting import neutralise_formula
from twinning.reports import queries

EXCEL_MAX_ROWS = 1_048_576  # per sheet, the header row included
PROGRESS_EVERY = 10_000
NUMBER_FORMATS = {"int": "0", "vnd": "#,##0", "decimal": "#,##0.###", "date": "dd/mm/yyyy"}
WIDTHS = {"text": 28, "date": 11, "int": 9, "vnd": 14, "decimal": 10}

Progress = Callable[[int], None] | None


def contribution_headers() -> list[str]:
    return [
        _("Contribution id"), _("Twinning"), _("Sponsor"), _("Commune"), _("Activity id"),
        _("Date"), _("Activity"), _("Category"), _("Activity status"), _("Contributor"),
        _("Origin"), _("Kind"), _("Item"), _("Quantity"), _("Unit"), _("Unit value (VND)"),
        _("Value (VND)"), _("Status"), _("Delivered on"),
    ]  # fmt: skip


def activity_headers() -> list[str]:
    return [
        _("Activity id"), _("Twinning"), _("Sponsor"), _("Commune"), _("Date"), _("End date"),
        _("Activity"), _("Category"), _("Status"), _("Confirmation"), _("Place (unit)"),
        _("Place"), _("Staff taking part"), _("Reach (person-times)"), _("Published"),
    ]  # fmt: skip


def _rows(scope, query, columns) -> QuerySet:
    """Return the rows of `scope` as a values_list queryset: `scope` is the twinnings (a
    queryset or ids; None for all), or a queryset of the rows' own model (contributions or
    activities, already filtered), or such a queryset already made into tuples."""
    if isinstance(scope, QuerySet) and scope.model is query(None).model:
        if scope._fields:  # values_list(): used as it is
            return scope
        return scope.order_by("pk").values_list(*(name for name, _kind in columns))
    return query(scope)


def write_xlsx(
    rows: Iterable[tuple],
    headers: list[str],
    kinds: list[str],
    path,
    *,
    sheet_name: str = "data",
    on_progress: Progress = None,
) -> int:
    """Write the rows to an Excel workbook at `path` with bounded memory; return the count.

    Numbers and dates are real cells with formats; the header row is bold and frozen, with
    filters. Past Excel's row limit the rows continue on a second sheet."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "default_date_format": NUMBER_FORMATS["date"],
            # Text stays text: a name beginning with "=" must not become a formula.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = [
        workbook.add_format({"num_format": NUMBER_FORMATS[k]}) if k in NUMBER_FORMATS else None
        for k in kinds
    ]
    last_column = len(headers) - 1

    def new_sheet(number: int):
        sheet = workbook.add_worksheet(sheet_name if number == 1 else f"{sheet_name} ({number})")
        for index, kind in enumerate(kinds):
            sheet.set_column(index, index, WIDTHS.get(kind, 14), formats[index])
        sheet.write_row(0, 0, headers, bold)
        sheet.freeze_panes(1, 0)
        return sheet

    sheets = 1
    sheet = new_sheet(sheets)
    write_row = sheet.write_row
    row_number = count = 0
    text_columns = [index for index, kind in enumerate(kinds) if kind == "text"]
    for row in rows:
        for index in text_columns:
            value = row[index]
            safe = neutralise_formula(value)
            if safe is not value:
                row = (*row[:index], safe, *row[index + 1 :])
        row_number += 1
        if row_number == EXCEL_MAX_ROWS:
            sheet.autofilter(0, 0, row_number - 1, last_column)
            sheets += 1
            sheet = new_sheet(sheets)
            write_row = sheet.write_row
            row_number = 1
        write_row(row_number, 0, row)
        count += 1
        if on_progress is not None and count % PROGRESS_EVERY == 0:
            on_progress(count)
    sheet.autofilter(0, 0, max(row_number, 1), last_column)
    workbook.close()
    return count


def write_csv(
    rows: Iterable[tuple], headers: list[str], kinds: list[str], path, *, on_progress=None
) -> int:
    """Write the rows as CSV (UTF-8 with BOM, for Excel; dates ISO 8601) with bounded memory.
    A text cell that a spreadsheet would read as a formula is neutralised (core.formatting)."""
    text_columns = [index for index, kind in enumerate(kinds) if kind == "text"]
    count = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            for index in text_columns:
                value = row[index]
                safe = neutralise_formula(value)
                if safe is not value:
                    row = (*row[:index], safe, *row[index + 1 :])
            writer.writerow(row)
            count += 1
            if on_progress is not None and count % PROGRESS_EVERY == 0:
                on_progress(count)
    return count


def _kinds(columns) -> list[str]:
    return [kind for _name, kind in columns]


def export_contributions_xlsx(scope, path: str | Path, *, on_progress: Progress = None) -> int:
    """Write every contribution of `scope` (twinnings as a queryset or ids, None for all, or a
    queryset from queries.export_contributions) to an Excel file; return the number of rows."""
    rows = _rows(scope, queries.export_contributions, queries.CONTRIBUTION_EXPORT_COLUMNS).iterator(
        chunk_size=queries.EXPORT_CHUNK_SIZE
    )
    kinds = _kinds(queries.CONTRIBUTION_EXPORT_COLUMNS)
    return write_xlsx(
        rows, contribution_headers(), kinds, path, sheet_name=_("contributions"),
        on_progress=on_progress,
    )  # fmt: skip


def export_contributions_csv(scope, path: str | Path, *, on_progress: Progress = None) -> int:
    rows = _rows(scope, queries.export_contributions, queries.CONTRIBUTION_EXPORT_COLUMNS).iterator(
        chunk_size=queries.EXPORT_CHUNK_SIZE
    )
    kinds = _kinds(queries.CONTRIBUTION_EXPORT_COLUMNS)
    return write_csv(rows, contribution_headers(), kinds, path, on_progress=on_progress)


def export_activities_xlsx(scope, path: str | Path, *, on_progress: Progress = None) -> int:
    rows = _rows(scope, queries.export_activities, queries.ACTIVITY_EXPORT_COLUMNS).iterator(
        chunk_size=queries.EXPORT_CHUNK_SIZE
    )
    kinds = _kinds(queries.ACTIVITY_EXPORT_COLUMNS)
    return write_xlsx(
        rows, activity_headers(), kinds, path, sheet_name=_("activities"), on_progress=on_progress
    )


def export_activities_csv(scope, path: str | Path, *, on_progress: Progress = None) -> int:
    rows = _rows(scope, queries.export_activities, queries.ACTIVITY_EXPORT_COLUMNS).iterator(
        chunk_size=queries.EXPORT_CHUNK_SIZE
    )
    kinds = _kinds(queries.ACTIVITY_EXPORT_COLUMNS)
    return write_csv(rows, activity_headers(), kinds, path, on_progress=on_progress)


EXPORTERS = {
    ("contributions", "xlsx"): export_contributions_xlsx,
    ("contributions", "csv"): export_contributions_csv,
    ("activities", "xlsx"): export_activities_xlsx,
    ("activities", "csv"): export_activities_csv,
}
QUERIES = {"contributions": queries.export_contributions, "activities": queries.export_activities}
