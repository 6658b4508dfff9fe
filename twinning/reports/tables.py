"""The tables every document shows, and their cells as each format writes them.

A `Table` holds typed cells; its `kinds` say how to show each column:

- "text": as entered; "int": a count; "count": a count that may be unknown (None is "—", never
  0); "vnd": đồng; "decimal": a quantity; "year": a year, never grouped ("2016", not "2.016");
  "date": a `datetime.date` or a `PartialDate` known only to the month or the year.

Word, PDF and the web page write a cell with `cell_text` (the language's separators); Excel
keeps numbers and dates as numbers and dates (render_tables.py); CSV writes them as machines
read them (`csv_cell`: "600", "1.5", "2020-08-01", "2016-08" for a month, "2020" for a year).
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from twinning.core.choices import DatePrecision
from twinning.core.formatting import format_number, format_year, neutralise_formula, plain_number

NUMERIC = ("int", "count", "vnd", "decimal")
UNKNOWN = "—"


@dataclass(frozen=True)
class PartialDate:
    """A date known only as precisely as `precision` says (day, month or year)."""

    day: datetime.date
    precision: str

    @property
    def year(self) -> int:
        return self.day.year


@dataclass
class Table:
    """A table of typed cells (int, Decimal, date, PartialDate, str or None)."""

    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    totals: list[list] = field(default_factory=list)  # total lines, bold, after the rows
    note: str = ""  # said under the title: what the figures are ("latest value, year 2020")
    empty: str = ""  # said instead of the rows when there are none

    @property
    def all_rows(self) -> list[list]:
        return [*self.rows, *self.totals]


def cell_text(value, kind: str, lang: str) -> str:
    """Return a cell as a person reads it in the language: "4.800.000", "2016", "08/2016", "—"."""
    if value is None:
        return UNKNOWN if kind == "count" else ""
    if isinstance(value, str):
        return value
    if isinstance(value, PartialDate):
        if value.precision == DatePrecision.YEAR:
            return format_year(value.day.year)
        if value.precision == DatePrecision.MONTH:
            return f"{value.day.month:02d}/{value.day.year}"
        return value.day.strftime("%d/%m/%Y")
    if kind == "year":
        return format_year(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if kind in ("int", "vnd", "count"):
        return format_number(int(value), lang)
    if kind == "decimal":
        return format_number(Decimal(value), lang)
    return str(value)


def csv_cell(value, kind: str):
    """Return a cell as CSV writes it for machines: numbers without grouping and with a decimal
    point ("600", "1.5"), dates in ISO 8601 as precise as they are known ("2020", "2016-08",
    "2016-08-28"), an unknown as nothing, text that looks like a formula neutralised."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, PartialDate):
        if value.precision == DatePrecision.YEAR:
            return format_year(value.day.year)
        if value.precision == DatePrecision.MONTH:
            return f"{value.day.year:04d}-{value.day.month:02d}"
        return value.day.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if kind == "year":
        return format_year(value)
    if isinstance(value, (int, Decimal, float)):
        return plain_number(value)
    return neutralise_formula(str(value))


@dataclass
class _Cell:
    text: str
    number: bool


def table_context(table: Table, lang: str) -> dict:
    """Return the table with its cells written for a page or a PDF (templates)."""
    rows = [
        {
            "total": index >= len(table.rows),
            "cells": [
                _Cell(cell_text(v, k, lang), k in NUMERIC or k == "year")
                for v, k in zip(row, table.kinds, strict=True)
            ],
        }
        for index, row in enumerate(table.all_rows)
    ]
    return {
        "key": table.key,
        "title": table.title,
        "note": table.note,
        "empty": table.empty,
        "columns": table.columns,
        "numeric": [k in NUMERIC or k == "year" for k in table.kinds],
        "rows": rows,
    }


# --- measuring text, for widths from content (Word tables, Excel columns) --------------------


@functools.lru_cache(maxsize=4)
def _metrics(bold: bool):
    """Return (advance widths by character, units per em) of Tinos, which has Times New Roman's
    metrics (Word's font, and LibreOffice's Liberation Serif), or None without the font files."""
    from twinning.reports import fonts

    if not fonts.serif_available():
        return None
    from fontTools.ttLib import TTFont

    font = TTFont(fonts.merged_serif_path(700 if bold else 400))
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] for code, glyph in font.getBestCmap().items()}
    return widths, font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Return how wide the text is set on one line in Times New Roman at the size, in mm.
    Characters the font lacks count as 0.72 em: Arabic, which a renderer without Times New
    Roman's Arabic sets in a wider font (LibreOffice falls back to DejaVu Sans)."""
    metrics = _metrics(bold)
    text = unicodedata.normalize("NFC", text)
    if metrics is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72
    widths, per_em = metrics
    wide = round(per_em * 0.72)
    units = sum(widths.get(ord(ch), wide) for ch in text if unicodedata.category(ch) != "Cf")
    return units / per_em * size_pt * 25.4 / 72


def longest_word_mm(text: str, size_pt: float, bold: bool = False) -> float:
    return max((text_width_mm(word, size_pt, bold) for word in text.split()), default=0.0)


def column_widths(
    table: Table, lang: str, size_pt: float, available_mm: float, padding_mm: float = 4.6
) -> list[float]:
    """Return the width of each column in mm, from its content, adding up to `available_mm`.

    Numbers, years and dates never wrap: their column is as wide as the widest of them. Text
    columns share the rest in proportion to what they hold, never narrower than their longest
    word; headings may wrap between words."""
    texts = [[cell_text(v, k, lang) for v, k in zip(row, table.kinds, strict=True)]
             for row in table.all_rows]  # fmt: skip
    natural, minimum = [], []
    for index, kind in enumerate(table.kinds):
        heading = table.columns[index]
        heading_word = longest_word_mm(heading, size_pt, bold=True)
        heading_line = text_width_mm(heading, size_pt, bold=True)
        cells = [row[index] for row in texts]
        widest = max((text_width_mm(text, size_pt, True) for text in cells), default=0.0)
        if kind in NUMERIC or kind in ("year", "date"):
            minimum.append(max(widest, heading_word) + padding_mm)
            natural.append(max(widest, min(heading_line, 2.2 * max(widest, heading_word)))
                           + padding_mm)  # fmt: skip
        else:
            words = max((longest_word_mm(text, size_pt) for text in cells), default=0.0)
            minimum.append(max(words, heading_word) + padding_mm)
            natural.append(max(widest, heading_line) + padding_mm)
    if sum(natural) <= available_mm:
        extra = available_mm - sum(natural)
        text_columns = [i for i, k in enumerate(table.kinds) if k == "text"] or list(
            range(len(natural))
        )
        return [w + (extra / len(text_columns) if i in text_columns else 0)
                for i, w in enumerate(natural)]  # fmt: skip
    # Too wide: every column shrinks towards its minimum (numbers never below their widest
    # figure, text never below its longest word), each by the same share of what it can give.
    room = available_mm - sum(minimum)
    spare = sum(natural) - sum(minimum)
    widths = list(minimum)
    if room > 0 and spare > 0:
        share = room / spare
        widths = [low + (high - low) * share for low, high in zip(minimum, natural, strict=True)]
    total = sum(widths)
    if total > available_mm:  # even the minimum does not fit: shrink everything alike
        widths = [w * available_mm / total for w in widths]
    return widths


def section_context(section, report) -> dict:
    """Return a section of the report for a page or the PDF: its paragraphs, its tables with
    their cells written in the report's language, its charts (with their descriptions), its
    subsections."""
    return {
        "heading": section.heading,
        "paragraphs": section.paragraphs,
        "tables": [table_context(t, report.language) for t in section.tables],
        "charts": [
            report.charts[key]
            for key in section.charts
            if key in report.charts and report.charts[key].series and report.charts[key].labels
        ],
        "subsections": [section_context(sub, report) for sub in section.subsections],
    }
