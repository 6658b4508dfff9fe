"""The words of the documents: counted nouns with their plural forms, units, lists, periods,
money in prose, and names kept whole inside Arabic sentences.

Vietnamese sentences are written in Vietnamese here and in the builders (the documents are
Vietnamese by nature; Vietnamese has no plural forms); English is the gettext message id, so
Arabic comes from the catalogue with its six plural forms (`ngettext`). Called with the
document's language active (translation.override).

Names entered in Vietnamese (organisations, units, items, units of measure the catalogue does
not know, document numbers) stay as entered; in Arabic they are wrapped in FSI ... PDI (Unicode
isolates) so that the sentence around them never reorders (render_docx turns them into the marks
Word understands).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.core.choices import DatePrecision
from twinning.core.formatting import format_number, format_vnd, format_year

FSI, PDI = "\u2068", "\u2069"


def vi_or(vietnamese: str, translated: str, lang: str) -> str:
    """Return the Vietnamese text in a Vietnamese document, the translated one otherwise."""
    return vietnamese if lang == "vi" else translated


def isolate(text: str, lang: str) -> str:
    """Return a name as a bidirectional isolate in Arabic ("\u2068Sở Công Thương\u2069"), as it is
    in Vietnamese and English."""
    if lang != "ar" or not text or text.startswith(FSI):
        return text
    return f"{FSI}{text}{PDI}"


def lower_first(text: str) -> str:
    """Return the text with its first letter in lower case: "Xã Đông Giang" → "xã Đông Giang"."""
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def comma(lang: str) -> str:
    return "، " if lang == "ar" else ", "


def semicolon(lang: str) -> str:
    return "؛ " if lang == "ar" else "; "


def join(items, lang: str) -> str:
    """Return the items joined with the language's comma ("," or Arabic "،")."""
    return comma(lang).join(items)


def join_clauses(items, lang: str) -> str:
    """Return the items joined with the language's semicolon (";" or Arabic "؛")."""
    return semicolon(lang).join(items)


def number(value, lang: str) -> str:
    """Return a count or quantity as the language groups it ("1.860", "1,860", "1٬860")."""
    if isinstance(value, Decimal):
        return format_number(value.normalize(), lang)
    return format_number(value, lang)


def money(value: int | None, lang: str) -> str:
    """Return an amount of đồng as documents write it ("4.800.000 đồng")."""
    return format_vnd(value or 0, lang, document=True)


def millions(value: int, lang: str) -> str:
    """Return an amount in millions as prose writes it: "4,8 triệu đồng", "4.8 million VND"."""
    amount = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.1")).normalize()
    text = format_number(amount, lang)
    return vi_or(f"{text} triệu đồng", _("%(amount)s million VND") % {"amount": text}, lang)


def _count(n) -> int:
    """Return the integer that chooses a plural form: a whole quantity, or the form of "many"
    for a fraction (1.5 km)."""
    if isinstance(n, Decimal) and n != n.to_integral():
        return 100
    return int(n)


# Counted nouns: (Vietnamese word, English/Arabic through ngettext). Each ngettext call names
# its message ids literally so that makemessages finds them.
def _activities(n):
    return ngettext("%(count)s activity", "%(count)s activities", n)


def _years(n):
    return ngettext("%(count)s year", "%(count)s years", n)


def _people(n):
    return ngettext("%(count)s person", "%(count)s people", n)


def _households(n):
    return ngettext("%(count)s household", "%(count)s households", n)


def _schools(n):
    return ngettext("%(count)s school", "%(count)s schools", n)


def _times(n):
    return ngettext("%(count)s time", "%(count)s times", n)


def _person_times(n):
    return ngettext("%(count)s person-time", "%(count)s person-times", n)


NOUNS = {
    "activity": ("hoạt động", _activities),
    "year": ("năm", _years),
    "person": ("người", _people),
    "household": ("hộ", _households),
    "school": ("trường học", _schools),
    "time": ("lần", _times),
    "person_time": ("lượt người", _person_times),
}


def counted(n, noun: str, lang: str) -> str:
    """Return "46 hoạt động", "46 activities", "46 نشاطا": a number with its noun agreeing."""
    vietnamese, plural = NOUNS[noun]
    text = number(n, lang)
    return vi_or(f"{text} {vietnamese}", plural(_count(n)) % {"count": text}, lang)


# Units of measure entered in Vietnamese that the documents translate (others stay as entered).
def _pieces(n):
    return ngettext("%(count)s piece", "%(count)s pieces", n)


def _packages(n):
    return ngettext("%(count)s package", "%(count)s packages", n)


def _copies(n):
    return ngettext("%(count)s copy", "%(count)s copies", n)


def _sets(n):
    return ngettext("%(count)s set", "%(count)s sets", n)


def _trips(n):
    return ngettext("%(count)s trip", "%(count)s trips", n)


def _km(n):
    return ngettext("%(count)s km", "%(count)s km", n)


def _kg(n):
    return ngettext("%(count)s kg", "%(count)s kg", n)


def _classes(n):
    return ngettext("%(count)s class", "%(count)s classes", n)


UNITS = {
    "chiếc": _pieces,
    "cái": _pieces,
    "suất": _packages,
    "quyển": _copies,
    "cuốn": _copies,
    "bộ": _sets,
    "chuyến": _trips,
    "km": _km,
    "kg": _kg,
    "lớp": _classes,
    "trường": _schools,
    "hộ": _households,
    "người": _people,
}


def _unit_key(unit: str) -> str:
    return " ".join((unit or "").lower().split())


def quantity(value, unit: str, lang: str) -> str:
    """Return a quantity with its unit: "600 chiếc", "600 pieces", "600 قطعة"; a unit the
    catalogue does not know stays as entered (isolated in Arabic)."""
    text = number(Decimal(value), lang)
    if lang == "vi" or not unit:
        return f"{text} {unit}".strip()
    plural = UNITS.get(_unit_key(unit))
    if plural is None:
        return f"{text} {isolate(unit, lang)}"
    return plural(_count(Decimal(value))) % {"count": text}


def unit_label(unit: str, lang: str) -> str:
    """Return the name of a unit of measure for a table's unit column ("chiếc", "pieces")."""
    if lang == "vi" or not unit:
        return unit or ""
    plural = UNITS.get(_unit_key(unit))
    if plural is None:
        return unit
    return (plural(100) % {"count": ""}).strip()


def period(year_from: int, year_to: int, lang: str) -> str:
    """Return "năm 2023" or "giai đoạn 2016 - 2023" (years never grouped)."""
    first, last = format_year(year_from), format_year(year_to)
    if year_from == year_to:
        return vi_or(f"năm {first}", _("in %(year)s") % {"year": first}, lang)
    return vi_or(
        f"giai đoạn {first} - {last}",
        _("%(first)s to %(last)s") % {"first": first, "last": last},
        lang,
    )


def date_text(day: datetime.date, precision: str, lang: str) -> str:
    """Return a date as precise as it is known: "2020", "08/2016", "28/08/2016"."""
    if precision == DatePrecision.YEAR:
        return format_year(day.year)
    if precision == DatePrecision.MONTH:
        return f"{day.month:02d}/{day.year}"
    return day.strftime("%d/%m/%Y")


def since_text(day: datetime.date, precision: str, lang: str) -> str:
    """Return when something began in words: "tháng 8/2016", "August 2016", "2016"."""
    if precision == DatePrecision.YEAR:
        return vi_or(f"năm {day.year}", format_year(day.year), lang)
    if precision == DatePrecision.MONTH:
        return vi_or(f"tháng {day.month}/{day.year}", dateformat.format(day, "F Y"), lang)
    return vi_or(day.strftime("%d/%m/%Y"), dateformat.format(day, "j F Y"), lang)


def long_date(day: datetime.date, lang: str) -> str:
    """Return the date of a document's place-and-date line: "ngày 05 tháng 01 năm 2026" in
    Vietnamese (Decree 30), "5 January 2026" otherwise."""
    from twinning.core.formatting import decree30_date

    if lang == "vi":
        return decree30_date(day)
    return dateformat.format(day, "j F Y")


# Beneficiary groups: the unit each is counted in (people, households, schools; None: unknown)
# and the group with its count in words. Totals are given per unit, never across units.
PEOPLE, HOUSEHOLDS, SCHOOLS = "people", "households", "schools"
GROUP_UNITS = {
    "policy_families": HOUSEHOLDS,
    "poor_households": HOUSEHOLDS,
    "near_poor_households": HOUSEHOLDS,
    "households": HOUSEHOLDS,
    "students": PEOPLE,
    "children": PEOPLE,
    "residents": PEOPLE,
    "officials": PEOPLE,
    "traders": PEOPLE,
    "schools": SCHOOLS,
}


def group_unit_label(unit: str | None, lang: str) -> str:
    """Return the name of the unit a group is counted in: "người", "people"."""
    labels = {
        PEOPLE: vi_or("người", _("people"), lang),
        HOUSEHOLDS: vi_or("hộ", _("households"), lang),
        SCHOOLS: vi_or("trường", _("schools"), lang),
    }
    return labels.get(unit, "")


def unit_total_label(unit: str, lang: str) -> str:
    """Return the label of a total line per unit: "Tổng số người", "Total, people"."""
    labels = {
        PEOPLE: vi_or("Tổng số người", _("Total people"), lang),
        HOUSEHOLDS: vi_or("Tổng số hộ", _("Total households"), lang),
        SCHOOLS: vi_or("Tổng số trường học", _("Total schools"), lang),
    }
    return labels[unit]


def counted_unit(n, unit: str, lang: str) -> str:
    """Return a count in its unit: "2.848 hộ", "2,848 households"."""
    return counted(n, {PEOPLE: "person", HOUSEHOLDS: "household", SCHOOLS: "school"}[unit], lang)


def _group_phrase(group: str, n: int):
    phrases = {
        "policy_families": ngettext("%(count)s policy family", "%(count)s policy families", n),
        "poor_households": ngettext("%(count)s poor household", "%(count)s poor households", n),
        "near_poor_households": ngettext(
            "%(count)s near-poor household", "%(count)s near-poor households", n
        ),
        "households": ngettext("%(count)s household", "%(count)s households", n),
        "students": ngettext("%(count)s student", "%(count)s students", n),
        "children": ngettext("%(count)s child", "%(count)s children", n),
        "residents": ngettext("%(count)s resident", "%(count)s residents", n),
        "officials": ngettext("%(count)s official", "%(count)s officials", n),
        "traders": ngettext("%(count)s trader or business", "%(count)s traders and businesses", n),
        "schools": ngettext("%(count)s school", "%(count)s schools", n),
    }
    return phrases.get(group, ngettext("%(count)s other beneficiary", "%(count)s others", n))


GROUP_WORDS_VI = {
    "policy_families": "gia đình chính sách",
    "poor_households": "hộ nghèo",
    "near_poor_households": "hộ cận nghèo",
    "households": "hộ gia đình",
    "students": "học sinh",
    "children": "trẻ em",
    "residents": "người dân",
    "officials": "cán bộ",
    "traders": "tiểu thương và doanh nghiệp",
    "schools": "trường học",
}


def group_count(group: str, n: int, lang: str) -> str:
    """Return a beneficiary group with its count: "1.860 trẻ em", "1,860 children"."""
    text = number(n, lang)
    return vi_or(
        f"{text} {GROUP_WORDS_VI.get(group, 'đối tượng khác')}",
        _group_phrase(group, int(n)) % {"count": text},
        lang,
    )
