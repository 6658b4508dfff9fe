"""Templates to fill in: an XLSX workbook (drop-down lists, an explanation of every column in the
reader's language) and a CSV file with the same columns."""

from __future__ import annotations

import csv
import datetime
import io

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _

from twinning import access
from twinning.core.text import vn_sort_key
from twinning.imports.columns import (
    CHOICE,
    COMMON_UNITS,
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    YEAR,
    YESNO,
    Layout,
)
from twinning.indicators.models import Indicator
from twinning.organisations.models import Organisation

MAX_CONTRIBUTORS_LISTED = 2000

KIND_TEXT = {
    "text": lambda: _("Text"),
    INTEGER: lambda: _("Whole number"),
    MONEY: lambda: _("Whole đồng, no decimals"),
    DECIMAL: lambda: _("Number"),
    DATE: lambda: _("Date, dd/mm/yyyy"),
    CHOICE: lambda: _("One of the list (the code or the name in Vietnamese or English)"),
    YESNO: lambda: _("Yes or no"),
    YEAR: lambda: _("Year, e.g. 2024"),
}


def header(layout: Layout) -> list[str]:
    """Return the column names in the active language; a star marks the required ones."""
    return [str(c.label) + (" *" if c.required else "") for c in layout.columns]


def csv_template(layout: Layout) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(header(layout))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _lists(layout: Layout, user, twinning) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for column in layout.columns:
        if not column.list_name:
            continue
        if column.choices is not None:
            values = [str(label) for _value, label in column.choice_pairs()]
        elif column.list_name == "units":
            values = COMMON_UNITS
        elif column.list_name == "contributors":
            # The same organisations the activity form offers: any but communes' committees.
            names = Organisation.objects.exclude(
                kind=Organisation.Kind.COMMUNE_COMMITTEE
            ).values_list("name", "pk")
            ordered = sorted(
                names, key=lambda pair: (pair[1] != twinning.sponsor_id, vn_sort_key(pair[0]))
            )
            values = [name for name, _pk in ordered[:MAX_CONTRIBUTORS_LISTED]]
        elif column.list_name == "twinnings":
            twinnings = access.twinnings_with(user, access.Capability.EDIT)
            values = sorted(set(twinnings.values_list("slug", flat=True)) | {twinning.slug})
        elif column.list_name == "indicators":
            values = [i.localized_name() for i in Indicator.objects.all()]
        elif column.list_name == "yes_no":
            values = [_("yes"), _("no")]
        else:
            values = []
        lists[column.key] = values
    return lists


def xlsx_template(layout: Layout, user, twinning) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    money_format = workbook.add_format({"num_format": "#,##0"})

    data = workbook.add_worksheet(_("Data")[:31])
    explanation = workbook.add_worksheet(_("Explanation")[:31])
    # The lists stay visible: a hidden sheet would make the file refused on upload.
    lists_sheet = workbook.add_worksheet(_("Lists")[:31])

    lists = _lists(layout, user, twinning)
    last_row = settings.IMPORT_MAX_ROWS
    list_columns = {}
    for index, (key, values) in enumerate(lists.items()):
        lists_sheet.write(0, index, str(layout.column(key).label), bold)
        for row, value in enumerate(values, start=1):
            lists_sheet.write_string(row, index, value)
        lists_sheet.set_column(index, index, 28)
        list_columns[key] = (index, len(values))

    for index, column in enumerate(layout.columns):
        title = str(column.label) + (" *" if column.required else "")
        data.write(0, index, title, bold)
        cell_format = {DATE: date_format, MONEY: money_format}.get(column.kind)
        data.set_column(index, index, 22, cell_format)
        if column.kind == DATE:
            data.data_validation(
                1,
                index,
                last_row,
                index,
                {
                    "validate": "date",
                    "criteria": ">",
                    "value": datetime.date(1990, 1, 1),
                    "error_title": _("Date"),
                    "error_message": _("Write the date as dd/mm/yyyy."),
                },
            )
        elif column.key in list_columns and list_columns[column.key][1]:
            list_index, count = list_columns[column.key]
            letter = xlsxwriter.utility.xl_col_to_name(list_index)
            strict = column.choices is not None
            data.data_validation(
                1,
                index,
                last_row,
                index,
                {
                    "validate": "list",
                    "source": f"='{lists_sheet.name}'!${letter}$2:${letter}${count + 1}",
                    # Units, contributors and twinnings are suggestions; categories are a rule.
                    "error_type": "stop" if strict else "information",
                    "error_message": _("Choose a value from the list."),
                },
            )
    data.freeze_panes(1, 0)

    explanation.set_column(0, 0, 30)
    explanation.set_column(1, 1, 12)
    explanation.set_column(2, 2, 40)
    explanation.set_column(3, 3, 80, wrap)
    for col, text in enumerate([_("Column"), _("Required"), _("What to write"), _("Explanation")]):
        explanation.write(0, col, text, bold)
    for row, column in enumerate(layout.columns, start=1):
        explanation.write(row, 0, str(column.label))
        explanation.write(row, 1, _("yes") if column.required else _("no"))
        explanation.write(row, 2, KIND_TEXT[column.kind]())
        explanation.write(row, 3, str(column.help))
    notes_row = len(layout.columns) + 2
    notes = [
        _("Fill in the first sheet, one record a row, from the second row on; keep the first row."),
        _("Dates are written dd/mm/yyyy; money in whole đồng (4.800.000 or 4800000)."),
        _(
            "Every row is checked before anything is written; if one row is wrong, nothing is "
            "imported and the preview lists every error with its row and column."
        ),
        _("Formulas, macros and hidden sheets are refused: paste values only."),
        _("Importing the same file again adds nothing."),
    ]
    for offset, note in enumerate(notes):
        explanation.write(notes_row + offset, 0, note)
    workbook.close()
    return buffer.getvalue()
