"""The report's tables as an Excel workbook (one sheet per table, real number and date cells,
frozen header row, filters) and as CSV files (one per table). Reads a `TwinningReport`."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMATS = {
    "int": "#,##0",
    "vnd": "#,##0",
    "decimal": "#,##0.###",
    "date": "DD/MM/YYYY",
    "percent": "0.0",
}


def _cell_value(value, kind: str):
    if value is None or isinstance(value, str):
        return value
    if kind == "decimal" and isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


_NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def sheet_title(title: str, taken: set[str]) -> str:
    """Return the table's title as Excel allows a sheet name: 31 characters at most, none of
    [ ] : * ? / \\, and unlike the sheets already named (compared as Excel does, ignoring case)."""
    base = " ".join(str(title).translate(_NOT_IN_SHEET_NAMES).split())[:31] or "Sheet"
    name, number = base, 2
    while name.casefold() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.casefold())
    return name


def keyed_sheet(workbook, key: str):
    """Return the sheet written for the table `key` (its code name), whatever its title."""
    return next(s for s in workbook.worksheets if s.sheet_properties.codeName == key)


def render_xlsx(report) -> bytes:
    """Return the workbook: activities, contributions, beneficiaries, indicators, totals and the
    appendix, each on its own sheet named by the table's title in the report's language; the
    table's stable key ("contributions") is the sheet's code name, for scripts."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    taken: set[str] = set()
    for table in report.export_tables():
        sheet = workbook.create_sheet(title=sheet_title(table.title, taken))
        sheet.sheet_properties.codeName = table.key
        if report.language == "ar":
            sheet.sheet_view.rightToLeft = True
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        rows = [*table.rows, *([table.total] if table.total else [])]
        for row in rows:
            sheet.append([_cell_value(v, k) for v, k in zip(row, table.kinds, strict=True)])
        for index, kind in enumerate(table.kinds, start=1):
            letter = get_column_letter(index)
            number_format = FORMATS.get(kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    if isinstance(cell.value, (int, float, datetime.date)):
                        cell.number_format = number_format
            width = 14 if kind != "text" else 40
            sheet.column_dimensions[letter].width = width
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
        sheet.freeze_panes = "A2"
        last_row = len(table.rows) + 1  # the filter covers the data, not the total line
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(last_row, 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(table) -> str:
    """Return one table as CSV text (dates ISO 8601, numbers unformatted)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, datetime.date) else v for v in row]
        )
    return out.getvalue()


def render_csv_zip(report) -> bytes:
    """Return a zip of one CSV file (UTF-8 with BOM, for Excel) per table."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in report.export_tables():
            archive.writestr(f"{table.key}.csv", "\ufeff" + table_csv(table))
    return buffer.getvalue()
