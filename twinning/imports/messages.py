"""What an import can say about a file or a row. Problems are stored as a code and parameters and
rendered when shown, so that each reader sees them in their own language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from twinning.imports.columns import LAYOUTS

FILE_MESSAGES = {
    "too_large": _("The file is %(size)s; files of at most %(limit)s are accepted."),
    "empty_file": _("The file is empty."),
    "wrong_extension": _("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."),
    "not_spreadsheet": _(
        "This file is not an Excel workbook (.xlsx) or a CSV file, whatever its name says. "
        "Save it from your spreadsheet program as .xlsx or as CSV UTF-8."
    ),
    "old_excel": _(
        "This is an old Excel file (.xls) or a password-protected workbook. Save it as an Excel "
        "workbook (.xlsx) without a password."
    ),
    "macros": _(
        "The workbook contains macros. Save it as an Excel workbook without macros (.xlsx) and "
        "upload it again."
    ),
    "zip_bomb": _(
        "The workbook would unpack to much more data than a spreadsheet holds (over %(limit)s): "
        "it is refused as a possible zip bomb."
    ),
    "hidden_sheet": _(
        'The workbook has a hidden sheet ("%(sheet)s"). Unhide it or delete it, then upload the '
        "file again: nothing hidden is imported."
    ),
    "formula": _(
        "The file contains a formula (row %(row)s, column %(column)s). Copy the cells and paste "
        "them as values only, then upload the file again."
    ),
    "too_many_rows": _(
        "The file has more than %(limit)s rows. Split it into several files of at most "
        "%(limit)s rows."
    ),
    "not_utf8": _('The CSV file is not in UTF-8. Save it as "CSV UTF-8" and upload it again.'),
    "damaged": _("The file could not be read; it may be damaged. Save it again and retry."),
    "no_header": _("The first row must hold the column names, as in the template."),
    "missing_columns": _("Required columns are missing: %(columns)s."),
    "duplicate_column": _('The column "%(column)s" appears twice.'),
    "no_rows": _("The file has column names but no rows to import."),
    "internal": _("The import stopped on an unexpected problem; nothing was written."),
    "year_locked": _(
        "A year of this file was locked (its report signed off) after the check; nothing was "
        "written."
    ),
    "rights_lost": _(
        "You may no longer edit one of the twinnings of this file; nothing was written."
    ),
}

ROW_MESSAGES = {
    "required": _("This column must be filled in."),
    "bad_date": _('"%(value)s" is not a date written as dd/mm/yyyy.'),
    "bad_integer": _('"%(value)s" is not a whole number.'),
    "bad_number": _('"%(value)s" is not a number.'),
    "bad_money": _('"%(value)s" is not an amount in whole đồng.'),
    "negative": _("This cannot be negative."),
    "too_big": _("This number is too large."),
    "bad_choice": _('"%(value)s" is not one of the accepted values (see the Explanation sheet).'),
    "bad_yesno": _('"%(value)s" is neither yes nor no.'),
    "too_long": _("At most %(max)s characters."),
    "no_twinning": _('There is no twinning "%(value)s" that you may edit.'),
    "unknown_contributor": _(
        'No recorded organisation is named "%(value)s" or has it as tax code. Record it first, '
        "or check the spelling."
    ),
    "ambiguous_contributor": _(
        'Several organisations are named "%(value)s": give the tax code instead.'
    ),
    "value_mismatch": _(
        "The value must equal the quantity times the unit value: %(expected)s đồng."
    ),
    "cash_needs_value": _("A cash contribution needs its value."),
    "unit_needed": _("Give the unit of the quantity."),
    "contribution_without_contributor": _("This row has contribution columns but no contributor."),
    "year_locked": _(
        "The year %(year)s is locked because its report was signed off; an approver can unlock it."
    ),
    "end_before_start": _("The end date cannot be before the start date."),
    "activity_differs": _(
        'Activity "%(ref)s" is also on row %(first)s, with other values in the activity columns.'
    ),
    "contribution_repeated": _(
        "This contribution reference is already used in this activity (row %(first)s)."
    ),
    "beneficiary_differs": _(
        "This beneficiary group is already counted for this activity on row %(first)s, with "
        "other figures."
    ),
    "count_needed": _("Give the number of beneficiaries of the group."),
    "group_needed": _("Give the beneficiary group of the count."),
    "exceeds_count": _("This cannot be larger than the number of beneficiaries."),
    "unknown_indicator": _('There is no indicator "%(value)s".'),
    "year_range": _("Give a year between 1990 and 2100."),
    "percent_range": _("A percentage lies between 0 and 100."),
    "indicator_conflict": _(
        "Another value (%(value)s) is already recorded for this indicator and year; change it on "
        "the commune's page."
    ),
    "indicator_repeated": _("This indicator and year are already on row %(first)s."),
    "organisation_repeated": _("This organisation is already on row %(first)s."),
    "bad_email": _('"%(value)s" is not an e-mail address.'),
}


def render_file_problem(problem: dict | None, kind: str = "") -> str:
    """Return the refusal of a whole file as a sentence in the active language."""
    if not problem:
        return ""
    template = FILE_MESSAGES.get(problem.get("code"), FILE_MESSAGES["internal"])
    params = dict(problem.get("params") or {})
    if isinstance(params.get("columns"), list):
        params["columns"] = ", ".join(f"“{column_label(kind, key)}”" for key in params["columns"])
    if "column" in params and kind:
        params["column"] = column_label(kind, params["column"])
    return str(template) % params if params else str(template)


def column_label(kind: str, key: str) -> str:
    layout = LAYOUTS.get(kind)
    try:
        return str(layout.column(key).label) if layout else key
    except StopIteration:
        return key


def render_row_error(kind: str, error: dict) -> dict:
    """Return {row, column, message} ready to show, in the active language."""
    template = ROW_MESSAGES.get(error["code"], ROW_MESSAGES["required"])
    params = error.get("params") or {}
    return {
        "row": error["row"],
        "column": column_label(kind, error["column"]) if error.get("column") else "",
        "message": str(template) % params if params else str(template),
    }
