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


def render_xlsx(report) -> bytes:
    """Return the workbook: activities, contributions, beneficiaries, indicators, totals and the
    appendix, each on its own sheet."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in report.export_tables():
        sheet = workbook.create_sheet(title=table.key[:31])
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
