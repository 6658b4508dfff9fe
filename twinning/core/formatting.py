"""Numbers, money and dates as each language writes them.

Vietnamese: "4.800.000 đ" on screen, "4.800.000 đồng" in documents, "ngày 05 tháng 01 năm 2026".
English: "4,800,000 VND". Arabic: Western digits with Arabic separators, "4٬800٬000 دونغ".
VND has no minor unit, so money is always a whole number of đồng.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache

from django.utils import formats, numberformat, translation

_CURRENCY = {
    "vi": (" đ", " đồng"),
    "en": (" VND", " VND"),
    "ar": (" دونغ", " دونغ فيتنامي"),
}


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "vi").split("-")[0]


@lru_cache(maxsize=16)
def _thousands(lang: str) -> tuple[str, object]:
    """Return the language's thousand separator and grouping (read once per language)."""
    return (
        formats.get_format("THOUSAND_SEPARATOR", lang),
        formats.get_format("NUMBER_GROUPING", lang),
    )


def format_number(value, language: str | None = None, decimal_places: int | None = None) -> str:
    """Return the number grouped by thousands with the language's separators."""
    if value is None:
        return ""
    lang = _language(language)
    if type(value) is int and decimal_places is None:
        # Whole numbers (every amount of đồng, every count) grouped by threes: Python's own
        # grouping with the language's separator, the same text as the general path below
        # without switching the active language for each number of a page.
        separator, grouping = _thousands(lang)
        if grouping == 3:
            return f"{value:,}".replace(",", separator)
    if isinstance(value, Decimal) and decimal_places is None:
        value = value.normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
    with translation.override(lang):
        return numberformat.format(
            value,
            formats.get_format("DECIMAL_SEPARATOR", lang),
            decimal_pos=decimal_places,
            grouping=formats.get_format("NUMBER_GROUPING", lang),
            thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang),
            force_grouping=True,
        )


def format_vnd(value, language: str | None = None, *, document: bool = False) -> str:
    """Return an amount of đồng: "4.800.000 đ" (screen) or "4.800.000 đồng" (document)."""
    if value is None:
        return ""
    lang = _language(language)
    screen, written = _CURRENCY.get(lang, _CURRENCY["en"])
    return format_number(int(value), lang) + (written if document else screen)


def decree30_date(day: datetime.date) -> str:
    """Return the date as Decree 30 writes it: "ngày 05 tháng 01 năm 2026" (leading zeros for
    days below 10 and for months 1 and 2)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def format_year(year) -> str:
    """Return a year as written everywhere: "2016", never grouped ("2.016") in any language."""
    return "" if year is None else str(int(year))


def plain_number(value) -> str:
    """Return a number as machines read it (CSV): "600", "1.5", "-4800000"; no grouping, a point
    before decimals, no trailing zeros (a quantity stored as 600.000 is 600)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    value = Decimal(value)
    if value == value.to_integral():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


# Text that a spreadsheet program reads as a formula when a cell begins with it (the OWASP
# guidance on CSV injection: "=", "+", "-", "@", tab and carriage return).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Return a cell's value safe to open in a spreadsheet: text that begins like a formula gets
    a leading apostrophe ("'=HYPERLINK(...)"), shown as text and never evaluated. Everything
    else is returned unchanged: numbers stay numbers, negative ones included.

    Every download a spreadsheet program opens (the reports' Excel and CSV files, the large
    exports) writes its text cells through this one function."""
    if value.__class__ is str and value.startswith(FORMULA_START):
        return "'" + value
    return value
