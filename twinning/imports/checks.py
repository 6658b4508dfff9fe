"""Checking every row of an import: types, dd/mm/yyyy dates, codes and labels, references to
recorded organisations, indicators and twinnings, the quantity × unit value = value rule and the
user's rights over each twinning. Rows are streamed; what is kept per row is a few integers.

A checker turns each good row into a normalised record (plain JSON) that the commit writes; the
SHA-256 of those records is the batch's fingerprint."""

from __future__ import annotations

import datetime
import operator
import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.http import Http404

from twinning import access
from twinning.activities.models import Activity, Contribution, expected_value
from twinning.imports.columns import (
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    LAYOUTS,
    MONEY,
    NO_WORDS,
    YEAR,
    YES_WORDS,
    YESNO,
    Layout,
    choice_lookup,
    header_lookup,
    normalise,
)
from twinning.imports.files import Refusal, as_text
from twinning.imports.models import ImportKind
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.organisations.models import Organisation

MAX_MONEY = 10**15
MAX_INTEGER = 2_000_000_000
# Thousands grouping: a first group of 1 to 3 digits not starting with 0 (0,333 and 0.333 are
# decimals, never 333), then groups of exactly 3 digits.
GROUPED_DOT = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # 4.800.000 or 1.500,5 (Vietnamese)
GROUPED_COMMA = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")  # 4,800,000 or 1,500.5 (English)
DATE_TEXT = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
THOUSANDTH = Decimal("0.001")
MAX_QUANTITY = Decimal(10) ** 11
MAX_INDICATOR = Decimal(10) ** 13
# Values repeat down a column (the category, the contributor, the unit, the date of every row of
# an activity): each column keeps what its text and whole-number cells parsed to, up to this
# many values (then it starts afresh), so that memory stays bounded whatever the file.
MEMO_SIZE = 4096
# The position of a column the file does not have: past the end of every row.
ABSENT = 1 << 62


class Problem(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# ---------------------------------------------------------------------------------------------
# Cell parsers: each returns the value or None for an empty cell, or raises Problem.


def parse_text(value, max_length: int | None = None) -> str:
    text = as_text(value)
    if max_length and len(text) > max_length:
        raise Problem("too_long", max=max_length)
    return text


def _number_text(value) -> str:
    return as_text(value).replace("\u00a0", "").replace(" ", "")


def parse_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise Problem("bad_number", value=str(value))
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if not number.is_finite():  # a float cell holding inf or nan
            raise Problem("bad_number", value=as_text(value))
        return number
    text = _number_text(value)
    if not text:
        return None
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    if GROUPED_DOT.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif GROUPED_COMMA.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(sign + text)
    except InvalidOperation:
        raise Problem("bad_number", value=as_text(value)) from None
    if not number.is_finite():
        raise Problem("bad_number", value=as_text(value))
    return number


def parse_integer(value, code: str = "bad_integer", maximum: int = MAX_INTEGER) -> int | None:
    if type(value) is int:  # the common case in a workbook, without the detour through Decimal
        if value < 0:
            raise Problem("negative")
        if value > maximum:
            raise Problem("too_big")
        return value
    try:
        number = parse_decimal(value)
    except Problem:
        raise Problem(code, value=as_text(value)) from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise Problem(code, value=as_text(value))
    if number < 0:
        raise Problem("negative")
    if number > maximum:
        raise Problem("too_big")
    return int(number)


def parse_money(value) -> int | None:
    return parse_integer(value, "bad_money", MAX_MONEY)


def parse_date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = as_text(value)
    if not text:
        return None
    match = DATE_TEXT.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return datetime.date(year, month, day)
        except ValueError:
            pass
    raise Problem("bad_date", value=text)


def parse_year(value) -> int | None:
    parsed = parse_integer(value)
    if parsed is not None and not 1990 <= parsed <= 2100:
        raise Problem("year_range")
    return parsed


def parse_yesno(value) -> bool | None:
    text = normalise(as_text(value))
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise Problem("bad_yesno", value=as_text(value))


PARSERS = {
    INTEGER: parse_integer,
    MONEY: parse_money,
    DECIMAL: parse_decimal,
    DATE: parse_date,
    YESNO: parse_yesno,
    YEAR: parse_year,
}

_MISSING = object()


def memoised(parse: Callable) -> Callable:
    """Return `parse` remembering its results for str and int cells (not for float, bool,
    Decimal or dates: 1 == 1.0 == True would share an entry). A cell that raises Problem is
    not remembered: it raises again, with the same message, on every row that holds it."""
    memo: dict = {}

    def parse_cell(value):
        kind = type(value)
        if kind is not str and kind is not int:
            return parse(value)
        parsed = memo.get(value, _MISSING)
        if parsed is _MISSING:
            parsed = parse(value)
            if len(memo) >= MEMO_SIZE:
                memo.clear()
            memo[value] = parsed
        return parsed

    return parse_cell


class Checker:
    """Checks one file's rows for one user; subclasses know one layout."""

    layout: Layout

    def __init__(self, job, *, max_errors: int = 500):
        self.job = job
        self.user = job.user
        self.kind = job.kind
        self.max_errors = max_errors
        self.errors: list[dict] = []
        self.error_count = 0
        self.rows = 0
        self.positions: dict[str, int] = {}
        self.ignored_columns: list[str] = []
        self.counts: dict[str, int] = {}
        self.twinning_ids: set[int] = set()
        self._twinnings: dict[str, object | None] = {}
        self._choices = {
            c.key: choice_lookup(c.choices) for c in self.layout.columns if c.kind == CHOICE
        }
        # One function per column for a non-empty cell (the translated labels of the choices
        # looked up once here, not per cell); `plan` gives each its position in the file's rows.
        self._parsers = {c.key: self._parser_for(c) for c in self.layout.columns}
        self._plan: list[tuple[str, int, Callable, bool]] = []
        self._keys = self.layout.keys

    # -- the header ---------------------------------------------------------------------------

    def read_header(self, values: list) -> None:
        lookup = header_lookup(self.layout)
        for index, value in enumerate(values):
            text = normalise(as_text(value)).rstrip("*").strip()
            if not text:
                continue
            key = lookup.get(text)
            if key is None:
                self.ignored_columns.append(as_text(value))
                continue
            if key in self.positions:
                raise Refusal("duplicate_column", column=key)
            self.positions[key] = index
        if not self.positions:
            raise Refusal("no_header")
        missing = [c.key for c in self.layout.columns if c.required and c.key not in self.positions]
        if missing:
            raise Refusal("missing_columns", columns=missing)
        # The columns a row's cells are parsed for: the file's own (a column it lacks is empty
        # on every row, and is not required, or the file would have been refused just above).
        self._plan = [
            (
                c.key,
                self.positions.get(c.key, ABSENT),
                memoised(self._parsers[c.key]),
                c.required,
            )
            for c in self.layout.columns
            if c.key in self.positions or c.required
        ]

    # -- rows ---------------------------------------------------------------------------------

    def error(self, row: int, column: str, code: str, **params) -> None:
        self.error_count += 1
        if len(self.errors) < self.max_errors:
            self.errors.append({"row": row, "column": column, "code": code, "params": params})

    def check(self, number: int, values: list) -> tuple[str, dict] | None:
        """Return (canonical text for the fingerprint, record to write or {} to skip), or None
        if the row has errors."""
        self.rows += 1
        before = self.error_count
        width = len(values)
        cells = dict.fromkeys(self._keys)  # every column, in the layout's order, None
        # What `parse` does for each column, unrolled: this runs for every cell of the file.
        for key, index, parse, required in self._plan:
            value = values[index] if index < width else None
            if value is not None:
                try:
                    value = parse(value)
                except Problem as problem:
                    self.error(number, key, problem.code, **problem.params)
                    continue
            if value is None and required:
                self.error(number, key, "required")
            cells[key] = value
        # Row-level rules run even after a bad cell, so that the preview lists every error.
        record = self.check_record(number, cells, self.error_count > before)
        if self.error_count > before:
            return None
        # The row's values in the layout's order, separated by a control character no cell holds
        # once parsed: the same data gives the same text, whatever the file's format.
        canonical = "\x1f".join(
            ["" if v is None else v if type(v) is str else _canonical(v) for v in cells.values()]
        )
        return canonical, record

    def parse(self, column, value):
        """Return a cell's value for its column, None if it is empty (or the file has no such
        column), or raise Problem."""
        parsed = None if value is None else self._parsers[column.key](value)
        if parsed is None and column.required:
            raise Problem("required")
        return parsed

    def _parser_for(self, column) -> Callable:
        if column.kind in PARSERS:
            return PARSERS[column.kind]
        if column.kind == CHOICE:
            lookup = self._choices[column.key]

            def parse_choice(value):
                text = as_text(value)
                if not text:
                    return None
                parsed = lookup.get(normalise(text))
                if parsed is None:
                    raise Problem("bad_choice", value=text)
                return parsed

            return parse_choice
        max_length = column.max_length

        def parse_text_cell(value):
            return parse_text(value, max_length) or None

        return parse_text_cell

    def check_record(self, number: int, cells: dict, has_errors: bool) -> dict:
        raise NotImplementedError

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    # -- references ---------------------------------------------------------------------------

    def twinning(self, number: int, slug: str | None):
        """Return the twinning of a row (the page's when empty) if the user may change it there,
        else record the error and return None. Invisible and read-only twinnings get the same
        message, so that a file cannot probe which twinnings exist."""
        key = slug or ""
        if key not in self._twinnings:
            self._twinnings[key] = self._resolve_twinning(key or self.job.twinning_id)
        twinning = self._twinnings[key]
        if twinning is None:
            self.error(number, "twinning", "no_twinning", value=slug or "")
        else:
            self.twinning_ids.add(twinning.pk)
        return twinning

    def _resolve_twinning(self, key):
        try:
            found = access.get_twinning_for_user(self.user, key)
        except (Http404, PermissionDenied):
            return None
        return found.twinning if self.may_change(found) else None

    def may_change(self, twinning_access) -> bool:
        return twinning_access.can(access.Capability.EDIT)

    def summary(self) -> dict:
        return {
            "rows": self.rows,
            "counts": self.counts,
            "twinnings": sorted(self.twinning_ids),
            "ignored_columns": self.ignored_columns,
        }


def _canonical(value) -> str:
    """A parsed cell as text for the fingerprint (text and whole numbers without a call more)."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value
    if kind is int:
        return str(value)
    return str(_jsonable(value))


def _jsonable(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    return value


def may_change_for(kind: str, twinning_access) -> bool:
    """Return whether the rights on a twinning allow importing this kind of data into it."""
    if kind == ImportKind.INDICATORS:
        return twinning_access.can(access.Capability.EDIT) or twinning_access.can(
            access.Capability.EDIT_PROFILE
        )
    return twinning_access.can(access.Capability.EDIT)


# ---------------------------------------------------------------------------------------------

ACTIVITY_FIELDS = (
    "category",
    "title",
    "start_date",
    "end_date",
    "place",
    "status",
    "occasion",
    "description",
    "staff_count",
    "reach_person_times",
)
CONTRIBUTION_FIELDS = (
    "contributor",
    "contribution_ref",
    "contribution_kind",
    "item",
    "quantity",
    "unit",
    "unit_value_vnd",
    "value_vnd",
    "contribution_status",
    "delivered_on",
)
BENEFICIARY_FIELDS = ("beneficiary_group", "beneficiary_count", "women", "ethnic_minority")
# A row's cells for each group of fields, as a tuple, in one call.
activity_values = operator.itemgetter(*ACTIVITY_FIELDS)
contribution_values = operator.itemgetter(*CONTRIBUTION_FIELDS)
beneficiary_values = operator.itemgetter(*BENEFICIARY_FIELDS)


def locked_years(twinning_id: int) -> set[int]:
    """Return the twinning's years locked by a signed report (none while the locks app, being
    built alongside, does not provide the function)."""
    try:
        from twinning.locks.locking import locked_years as locked
    except ImportError:
        return set()
    return locked(twinning_id)


class ActivityChecker(Checker):
    layout = LAYOUTS[ImportKind.ACTIVITIES]

    def __init__(self, job, **kwargs):
        super().__init__(job, **kwargs)
        self._activities: dict[tuple[int, str], tuple[int, int]] = {}  # key -> (hash, first row)
        self._contribution_refs: dict[tuple[int, str, str], int] = {}
        self._groups: dict[tuple[int, str, str], tuple[int, int]] = {}
        self._existing_refs: dict[int, set[str]] = {}
        self._locked: dict[int, set[int]] = {}
        self._sponsor_lineage: dict[int, set[int]] = {}
        self._by_tax_code: dict[str, int] = {}
        self._by_name: dict[str, list[int]] = {}
        self._contributors: dict[str, tuple[int | None, str]] = {}  # text -> (id, error code)
        for pk, name, tax_code in Organisation.objects.values_list("pk", "name", "tax_code"):
            if tax_code:
                self._by_tax_code[normalise(tax_code)] = pk
            self._by_name.setdefault(normalise(name), []).append(pk)

    def existing_refs(self, twinning) -> set[str]:
        # `pk` is a property that looks the field up: read once per call, as in every method
        # called per row here.
        twinning_id = twinning.pk
        refs = self._existing_refs.get(twinning_id)
        if refs is None:
            refs = self._existing_refs[twinning_id] = set(
                Activity.objects.filter(twinning=twinning)
                .exclude(ref="")
                .values_list("ref", flat=True)
            )
        return refs

    def origin(self, twinning, contributor_id: int) -> str:
        lineage = self._sponsor_lineage.get(twinning.pk)
        if lineage is None:
            sponsor = twinning.sponsor
            lineage = self._sponsor_lineage[twinning.pk] = sponsor.lineage_ids() | (
                {sponsor.succeeded_by_id} - {None}
            )
        if contributor_id in lineage:
            return Contribution.Origin.DIRECT
        return Contribution.Origin.MOBILISED

    def contributor(self, number: int, text: str) -> int | None:
        # The same few contributors fill a file: each text is looked up once (bounded as the
        # cells' memo is), and an unknown one is still reported on every row that names it.
        found = self._contributors.get(text)
        if found is None:
            if len(self._contributors) >= MEMO_SIZE:
                self._contributors.clear()
            found = self._contributors[text] = self._find_contributor(text)
        contributor_id, code = found
        if contributor_id is None:
            self.error(number, "contributor", code, value=text)
        return contributor_id

    def _find_contributor(self, text: str) -> tuple[int | None, str]:
        key = normalise(text)
        if key in self._by_tax_code:
            return self._by_tax_code[key], ""
        matches = self._by_name.get(key, [])
        if len(matches) == 1:
            return matches[0], ""
        return None, "ambiguous_contributor" if matches else "unknown_contributor"

    def check_record(self, number, cells, has_errors) -> dict:
        twinning = self.twinning(number, cells["twinning"])
        ref = cells["activity_ref"]
        if cells["start_date"] and cells["end_date"] and cells["end_date"] < cells["start_date"]:
            self.error(number, "end_date", "end_before_start")
        record: dict = {"r": number}
        if twinning is None or ref is None:
            return record
        twinning_id = twinning.pk
        key = (twinning_id, ref)
        skip = ref in self.existing_refs(twinning)
        locked = self._locked.get(twinning_id)
        if locked is None:
            locked = self._locked[twinning_id] = locked_years(twinning_id)
        start = cells["start_date"]
        if not skip and start and start.year in locked:
            self.error(number, "start_date", "year_locked", year=start.year)
        record.update(t=twinning_id, ref=ref)

        # The activity's cells as parsed (dates, not their text: equal exactly when their JSON
        # forms are); the JSON form is built for an activity's first row only.
        activity = activity_values(cells)
        signature = hash(activity)
        seen = self._activities.get(key)
        if seen is None:
            self._activities[key] = (signature, number)
            record["a"] = {f: _jsonable(v) for f, v in zip(ACTIVITY_FIELDS, activity, strict=True)}
            self.count("skipped_activities" if skip else "activities")
        elif seen[0] != signature:
            self.error(number, "activity_ref", "activity_differs", ref=ref, first=seen[1])

        # Whether any of the group's cells is given (tuple.count runs in C).
        if contribution_values(cells).count(None) < len(CONTRIBUTION_FIELDS):
            record["c"] = self.check_contribution(number, twinning, ref, cells)
            if record["c"] and not skip:
                self.count("contributions")
        if beneficiary_values(cells).count(None) < len(BENEFICIARY_FIELDS):
            record["b"] = self.check_beneficiaries(number, twinning, ref, cells)
            if record["b"] and not skip:
                self.count("beneficiary_counts")
        if skip:
            self.count("skipped_rows")
            return {}
        return record

    def check_contribution(self, number, twinning, ref, cells) -> dict | None:
        if cells["contributor"] is None:
            self.error(number, "contributor", "contribution_without_contributor")
            return None
        contributor = self.contributor(number, cells["contributor"])
        kind = cells["contribution_kind"]
        if kind is None:
            self.error(number, "contribution_kind", "required")
        quantity, unit_value, value = cells["quantity"], cells["unit_value_vnd"], cells["value_vnd"]
        if quantity is not None:
            if quantity < 0:
                self.error(number, "quantity", "negative")
            # Compared before rounding: quantize raises on a number of more digits than the
            # context's precision (1e400), which would stop the whole check.
            if not -MAX_QUANTITY < quantity < MAX_QUANTITY:
                if quantity > 0:
                    self.error(number, "quantity", "too_big")
                quantity = None
            else:
                quantity = quantity.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)
                if quantity >= MAX_QUANTITY:
                    self.error(number, "quantity", "too_big")
                    quantity = None
        expected = expected_value(quantity, unit_value) if quantity is not None else None
        if expected is not None:
            if value is None:
                value = expected
            elif value != expected:
                self.error(
                    number,
                    "value_vnd",
                    "value_mismatch",
                    expected=f"{expected:,}".replace(",", "."),
                )
        if kind == Contribution.Kind.CASH and value is None:
            self.error(number, "value_vnd", "cash_needs_value")
        if quantity is not None and not cells["unit"] and kind != Contribution.Kind.CASH:
            self.error(number, "unit", "unit_needed")
        cref = cells["contribution_ref"]
        if cref:
            first = self._contribution_refs.setdefault((twinning.pk, ref, cref), number)
            if first != number:
                self.error(number, "contribution_ref", "contribution_repeated", first=first)
        if contributor is None or kind is None:
            return None
        status = cells["contribution_status"] or Contribution.Status.DELIVERED
        return {
            "contributor": contributor,
            "origin": self.origin(twinning, contributor),
            "ref": cref or "",
            "kind": kind,
            "item": cells["item"] or "",
            "quantity": _jsonable(quantity),
            "unit": cells["unit"] or "",
            "unit_value_vnd": unit_value,
            "value_vnd": value,
            "status": status,
            "delivered_on": _jsonable(cells["delivered_on"]),
        }

    def check_beneficiaries(self, number, twinning, ref, cells) -> dict | None:
        group, count = cells["beneficiary_group"], cells["beneficiary_count"]
        if group is None:
            self.error(number, "beneficiary_group", "group_needed")
        if count is None:
            self.error(number, "beneficiary_count", "count_needed")
        for column in ("women", "ethnic_minority"):
            if count is not None and cells[column] is not None and cells[column] > count:
                self.error(number, column, "exceeds_count")
        if group is None or count is None:
            return None
        figures = (count, cells["women"], cells["ethnic_minority"])
        seen = self._groups.setdefault((twinning.pk, ref, group), (hash(figures), number))
        if seen[1] != number:
            if seen[0] != hash(figures):
                self.error(number, "beneficiary_group", "beneficiary_differs", first=seen[1])
            return None  # the same group and figures repeated on another row of the activity
        return {
            "group": group,
            "count": count,
            "women": cells["women"],
            "ethnic_minority": cells["ethnic_minority"],
        }


class IndicatorChecker(Checker):
    layout = LAYOUTS[ImportKind.INDICATORS]

    def __init__(self, job, **kwargs):
        super().__init__(job, **kwargs)
        self._indicators: dict[str, int] = {}
        self._units: dict[int, str] = {}
        for indicator in Indicator.objects.all():
            self._units[indicator.pk] = indicator.unit
            for name in (indicator.name, indicator.name_en, indicator.name_ar):
                if name:
                    self._indicators.setdefault(normalise(name), indicator.pk)
            self._indicators[normalise(indicator.code)] = indicator.pk
        self._existing: dict[int, dict[tuple[int, int], Decimal]] = {}
        self._seen: dict[tuple[int, int, int], int] = {}

    def may_change(self, twinning_access) -> bool:
        return may_change_for(ImportKind.INDICATORS, twinning_access)

    def existing(self, unit_id: int) -> dict[tuple[int, int], Decimal]:
        if unit_id not in self._existing:
            self._existing[unit_id] = {
                (indicator_id, year): value
                for indicator_id, year, value in IndicatorValue.objects.filter(
                    admin_unit_id=unit_id
                ).values_list("indicator_id", "year", "value")
            }
        return self._existing[unit_id]

    def check_record(self, number, cells, has_errors) -> dict:
        twinning = self.twinning(number, cells["twinning"])
        indicator_id = None
        if cells["indicator"]:
            indicator_id = self._indicators.get(normalise(cells["indicator"]))
            if indicator_id is None:
                self.error(number, "indicator", "unknown_indicator", value=cells["indicator"])
        value, year = cells["value"], cells["year"]
        if indicator_id and value is not None:
            if -MAX_INDICATOR < value < MAX_INDICATOR:  # quantize raises on 1e400
                value = value.quantize(THOUSANDTH, rounding=ROUND_HALF_UP)
            if self._units[indicator_id] == Indicator.Unit.PERCENT and not 0 <= value <= 100:
                self.error(number, "value", "percent_range")
            elif self._units[indicator_id] != Indicator.Unit.PERCENT and value < 0:
                self.error(number, "value", "negative")
            elif not -MAX_INDICATOR < value < MAX_INDICATOR:  # abs() rounds, and may overflow
                self.error(number, "value", "too_big")
            if not -MAX_INDICATOR < value < MAX_INDICATOR:  # reported just above: kept no further
                value = None
        if twinning is None or indicator_id is None or value is None or year is None:
            return {}
        unit_id = twinning.partner_unit_id
        first = self._seen.setdefault((unit_id, indicator_id, year), number)
        if first != number:
            self.error(number, "indicator", "indicator_repeated", first=first)
            return {}
        recorded = self.existing(unit_id).get((indicator_id, year))
        if recorded is not None:
            if recorded != value:
                self.error(number, "value", "indicator_conflict", value=str(recorded.normalize()))
            self.count("skipped_rows")
            return {}
        self.count("indicator_values")
        return {
            "r": number,
            "unit": unit_id,
            "indicator": indicator_id,
            "year": year,
            "value": _jsonable(value),
            "is_lower_bound": bool(cells["is_lower_bound"]),
            "note": cells["note"] or "",
        }


class OrganisationChecker(Checker):
    layout = LAYOUTS[ImportKind.ORGANISATIONS]

    def __init__(self, job, **kwargs):
        super().__init__(job, **kwargs)
        self._tax_codes: set[str] = set()
        self._names: set[str] = set()
        for name, tax_code in Organisation.objects.values_list("name", "tax_code"):
            self._names.add(normalise(name))
            if tax_code:
                self._tax_codes.add(normalise(tax_code))
        self._seen: dict[str, int] = {}

    def check_record(self, number, cells, has_errors) -> dict:
        if cells["email"]:
            try:
                validate_email(cells["email"])
            except ValidationError:
                self.error(number, "email", "bad_email", value=cells["email"])
        name, tax_code = cells["name"], cells["tax_code"]
        if not name:
            return {}
        keys = [f"n:{normalise(name)}"] + ([f"t:{normalise(tax_code)}"] if tax_code else [])
        for key in keys:
            first = self._seen.setdefault(key, number)
            if first != number:
                self.error(number, "name", "organisation_repeated", first=first)
                return {}
        if normalise(name) in self._names or (tax_code and normalise(tax_code) in self._tax_codes):
            self.count("skipped_rows")
            return {}
        self.count("organisations")
        return {"r": number, **{k: cells[k] or "" for k in self.layout.keys}}


CHECKERS = {
    ImportKind.ACTIVITIES: ActivityChecker,
    ImportKind.INDICATORS: IndicatorChecker,
    ImportKind.ORGANISATIONS: OrganisationChecker,
}
