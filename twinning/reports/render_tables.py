"""The tables of a report as an Excel workbook and as CSV files; reads a document with
`export_tables()` (a `TwinningReport` or a `TablesDocument`).

Excel: one sheet per table, opening with a title block (which twinning, period, units, issuer,
date); real number and date cells, years as plain integers, a date known only to the year shown
as the year; columns as wide as their content; A4, landscape when the table is wide, fitted to
the page's width, the heading row repeated on every printed page; a table with no row says so.

CSV: one file per table and a README in the zip that says how they are written: numbers as
machines read them ("600", "1.5"), ISO dates as precise as they are known ("2020", "2016-08"),
UTF-8 with a byte-order mark.

Text that a spreadsheet would take for a formula is neutralised in both (core.formatting).
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from twinning.core.choices import DatePrecision
from twinning.core.formatting import neutralise_formula
from twinning.reports.tables import PartialDate, cell_text, csv_cell

FORMATS = {
    "int": "#,##0",
    "count": "#,##0",
    "vnd": "#,##0",
    "year": "0",
    "date": "DD/MM/YYYY",
}
DATE_FORMATS = {DatePrecision.DAY: "DD/MM/YYYY", DatePrecision.MONTH: "MM/YYYY",
                DatePrecision.YEAR: "YYYY"}  # fmt: skip
WIDE = 110  # characters across: wider than that, a sheet prints landscape
MAX_WIDTH = 60


def _cell_value(value, kind: str):
    """Return the value as the cell holds it: numbers and dates as such, text neutralised."""
    if value is None:
        return None
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, PartialDate):
        return value.day
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def _number_format(value, kind: str, original) -> str | None:
    if isinstance(original, PartialDate):
        return DATE_FORMATS.get(original.precision, "DD/MM/YYYY")
    if isinstance(value, datetime.date):
        return "DD/MM/YYYY"
    if isinstance(value, float):
        return "#,##0.0##"
    if isinstance(value, int):
        return FORMATS.get(kind, "#,##0")
    return None


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


def header_row(sheet) -> int:
    """Return the number of the row that holds the table's headings (after the title block):
    the row above the frozen panes."""
    return int("".join(c for c in sheet.freeze_panes if c.isdigit())) - 1


def _widths(table, lang: str) -> list[float]:
    """Return each column's width in characters, from the longest line it shows."""
    widths = []
    for index, kind in enumerate(table.kinds):
        texts = [cell_text(row[index], kind, lang) for row in table.all_rows]
        longest_word = max((len(w) for w in table.columns[index].split()), default=4)
        widest = max((len(t) for t in texts), default=0)
        heading = min(len(table.columns[index]), max(longest_word, 12))
        widths.append(min(max(widest, heading, longest_word) + 2, MAX_WIDTH))
    return widths


def write_sheet(sheet, table, lang: str, title_block: list[tuple[str, str]]) -> None:
    """Write one table on the sheet, with the title block above it and the print setup."""
    bold = Font(bold=True)
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=13)
    for label, value in title_block:
        sheet.append([neutralise_formula(label), neutralise_formula(value)])
        sheet.cell(sheet.max_row, 1).font = bold
    if table.note:
        sheet.append([neutralise_formula(table.note)])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    sheet.append([])
    sheet.append([neutralise_formula(c) for c in table.columns])
    heading = sheet.max_row
    for cell in sheet[heading]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = _widths(table, lang)
    wrap = Alignment(wrap_text=True, vertical="top")
    if not table.rows:
        sheet.append([table.empty or _("No data.")])
    for index, row in enumerate(table.all_rows):
        values = [_cell_value(v, k) for v, k in zip(row, table.kinds, strict=True)]
        sheet.append(values)
        line = sheet[sheet.max_row]
        for cell, value, kind, original in zip(line, values, table.kinds, row, strict=True):
            number_format = _number_format(value, kind, original)
            if number_format:
                cell.number_format = number_format
            elif kind == "text" and isinstance(value, str) and len(value) > MAX_WIDTH:
                cell.alignment = wrap
            if index >= len(table.rows):
                cell.font = bold
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.column_dimensions["A"].width = max(
        sheet.column_dimensions["A"].width, *(len(label) + 2 for label, _v in title_block), 8
    )
    last_column = get_column_letter(len(table.columns))
    sheet.freeze_panes = f"A{heading + 1}"
    sheet.auto_filter.ref = f"A{heading}:{last_column}{heading + max(len(table.rows), 1)}"
    # Printing: A4, landscape when wide, as wide as the page, the headings on every page.
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if sum(widths) > WIDE else "portrait"
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{heading}:{heading}"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "&P / &N"
    if lang == "ar":
        sheet.sheet_view.rightToLeft = True


def render_xlsx(document) -> bytes:
    """Return the workbook: one sheet per table, named by its title in the document's language;
    the table's stable key ("contributions") is the sheet's code name, for scripts."""
    lang = document.language
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    with translation.override(lang):
        for table in document.export_tables():
            sheet = workbook.create_sheet(title=sheet_title(table.title, taken))
            sheet.sheet_properties.codeName = table.key
            write_sheet(sheet, table, lang, getattr(document, "title_block", []))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_csv(table) -> str:
    """Return one table as CSV text for machines (tables.csv_cell)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise_formula(c) for c in table.columns])
    for row in table.all_rows:
        writer.writerow([csv_cell(v, k) for v, k in zip(row, table.kinds, strict=True)])
    return out.getvalue()


def readme(document) -> str:
    """Return the README of the CSV zip: what the files hold and how they are written."""
    lines = [_("About these files"), ""]
    for label, value in getattr(document, "title_block", []):
        lines.append(f"{label}: {value}")
    lines += [
        "",
        _("One CSV file per table: %(files)s.")
        % {"files": ", ".join(f"{t.key}.csv" for t in document.export_tables())},
        _("Encoding UTF-8 with a byte-order mark; fields separated by commas."),
        _(
            "Numbers as machines read them: no thousands separator, a point before decimals "
            '("600", "1.5"); money in đồng.'
        ),
        _(
            'Dates in ISO 8601, as precise as they are known: "2016-08-28", "2016-08" (a month), '
            '"2020" (a year).'
        ),
        _("An empty field is a figure not recorded (never a zero)."),
        _(
            "A text that begins with =, +, -, @, a tab or a carriage return starts with an "
            "apostrophe, so that no spreadsheet takes it for a formula."
        ),
        _(
            "A spreadsheet set to Vietnamese reads a point as a thousands separator: import "
            "the files with the point as decimal separator."
        ),
    ]
    return "\n".join(lines) + "\n"


def render_csv_zip(document) -> bytes:
    """Return a zip of one CSV file (UTF-8 with BOM, for Excel) per table and a README."""
    buffer = io.BytesIO()
    with (
        translation.override(document.language),
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for table in document.export_tables():
            archive.writestr(f"{table.key}.csv", "\ufeff" + table_csv(table))
        archive.writestr("README.txt", "\ufeff" + readme(document))
    return buffer.getvalue()


def table_rows(sheet, *, values_only: bool = True) -> list:
    """Return the sheet's table as rows, its heading row first (the title block left out)."""
    return list(sheet.iter_rows(min_row=header_row(sheet), values_only=values_only))
