"""Number cells that once stopped the whole check or were misread: numbers that are not finite or
are too large give a row error at their row and column, and a comma after a 0 (0,333) is a
decimal comma, never thousands grouping."""

from decimal import Decimal

import pytest

from twinning.activities.models import Activity
from twinning.imports.checks import (
    CHECKERS,
    Problem,
    memoised,
    parse_decimal,
    parse_integer,
    parse_money,
)
from twinning.imports.columns import LAYOUTS
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import (
    ACTIVITY_HEADER,
    activity_rows,
    csv_bytes,
    latest_job,
    preview,
    sign_in,
    upload,
    xlsx_bytes,
)
from twinning.indicators.models import Indicator

INDICATOR_HEADER = ["indicator", "year", "value", "is_lower_bound", "note"]

# The cells of this file's cases, for the memo against the general parse.
CELLS = [
    "0,333", "0.333", "-0,333", "1,23", "12,3456", "1,234", "1.234", "1.234.567", "1,234,567",
    "1.234,5", "1,500.5", "0,333,333", "0.333.333", "012,345", "1e400", "-1e400", "1e999999999",
    "1e-400", "inf", "-inf", "nan", "Infinity", float("inf"), float("-inf"), float("nan"), 1e300,
    Decimal("Infinity"), Decimal("1e400"),
]  # fmt: skip


def _outcome(parse, value):
    try:
        parsed = parse(value)
    except Problem as problem:
        return ("problem", problem.code, problem.params)
    return ("value", parsed, type(parsed))


def _problem(parse, value) -> str:
    with pytest.raises(Problem) as raised:
        parse(value)
    return raised.value.code


# -- parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Unchanged: grouping with dots or commas, Vietnamese decimal comma, English decimal point.
        ("1,234", Decimal("1234")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("1,234,567", Decimal("1234567")),
        ("1.234,5", Decimal("1234.5")),
        ("1,500.5", Decimal("1500.5")),
        ("1,5", Decimal("1.5")),
        ("12,5", Decimal("12.5")),
        # Not thousands grouping: a decimal.
        ("0,333", Decimal("0.333")),
        ("0.333", Decimal("0.333")),
        ("-0,333", Decimal("-0.333")),
        ("0,5", Decimal("0.5")),
        ("1,23", Decimal("1.23")),
        ("12,3456", Decimal("12.3456")),
    ],
)
def test_a_number_reads_as_written(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["0,333,333", "0.333.333", "1,234,5", "1.23.456"])
def test_a_malformed_grouping_is_not_a_number(text):
    assert _problem(parse_decimal, text) == "bad_number"


@pytest.mark.parametrize("text", ["0,333", "0.333", "1,23", "12,3456"])
def test_a_decimal_is_refused_in_whole_number_columns(text):
    assert _problem(parse_money, text) == "bad_money"
    assert _problem(parse_integer, text) == "bad_integer"


@pytest.mark.parametrize(
    "value", [float("inf"), float("-inf"), float("nan"), "inf", "nan", "Infinity", "-Infinity"]
)
def test_a_number_that_is_not_finite_is_not_a_number(value):
    assert _problem(parse_decimal, value) == "bad_number"
    assert _problem(parse_integer, value) == "bad_integer"
    assert _problem(parse_money, value) == "bad_money"


@pytest.mark.parametrize("value", ["1e400", "1e999999999", 1e300, "1E+30"])
def test_a_huge_whole_number_is_too_big(value):
    assert _problem(parse_integer, value) == "too_big"
    assert _problem(parse_money, value) == "too_big"


@pytest.mark.parametrize("kind", ["activities", "indicators"])
def test_the_memo_gives_what_the_general_parse_gives(world, kind):
    checker = CHECKERS[kind](ImportJob(kind=kind, user=world.coordinator, twinning=world.twinning))
    for column in LAYOUTS[kind].columns:
        parse = checker._parsers[column.key]
        remembered = memoised(parse)
        for value in CELLS + CELLS:  # the second time from the memo for text cells
            expected, got = _outcome(parse, value), _outcome(remembered, value)
            if expected[0] == "value" and isinstance(expected[1], Decimal):
                assert got[0] == "value" and expected[1].compare_total(got[1]) == 0
            else:
                assert got == expected, (column.key, value)


# -- rows -------------------------------------------------------------------------------------


def _row(**changes):
    row = dict(zip(ACTIVITY_HEADER, activity_rows()[0], strict=True))
    row.update(changes)
    return [row[k] for k in ACTIVITY_HEADER]


def _check(world, kind, header, rows):
    """Check rows with the job's checker directly (a float inf cannot be written to a workbook)
    through both the file's per-column plan and the general parse; return the errors."""
    checker = CHECKERS[kind](ImportJob(kind=kind, user=world.coordinator, twinning=world.twinning))
    checker.read_header(header)
    for number, values in enumerate(rows, start=2):
        checker.check(number, values)
        # The general parse of each cell gives the same problem as the plan's memo did.
        for column in checker.layout.columns:
            if column.key not in checker.positions:
                continue
            value = values[checker.positions[column.key]]
            try:
                checker.parse(column, value)
            except Problem as problem:
                assert {
                    "row": number,
                    "column": column.key,
                    "code": problem.code,
                    "params": problem.params,
                } in checker.errors
    return [(e["row"], e["column"], e["code"]) for e in checker.errors]


@pytest.mark.parametrize(
    ("quantity", "code"),
    [
        ("1e400", "too_big"),
        ("1e999999999", "too_big"),
        ("100000000000", "too_big"),
        (1e300, "too_big"),
        (float("inf"), "bad_number"),
        (float("nan"), "bad_number"),
        ("inf", "bad_number"),
        ("-1e400", "negative"),
    ],
)
def test_a_quantity_out_of_range_is_a_row_error(world, quantity, code):
    rows = [_row(), _row(quantity=quantity, value_vnd=""), _row(unit_value_vnd=-1, value_vnd="")]
    assert _check(world, "activities", ACTIVITY_HEADER, rows) == [
        (3, "quantity", code),
        (4, "unit_value_vnd", "negative"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("unit_value_vnd", "1e400", "too_big"),
        ("value_vnd", float("inf"), "bad_money"),
        ("value_vnd", "0,333", "bad_money"),
        ("beneficiary_count", "1e400", "too_big"),
        ("beneficiary_count", float("nan"), "bad_integer"),
        ("beneficiary_count", "0,333", "bad_integer"),
    ],
)
def test_whole_number_columns_give_row_errors(world, column, value, code):
    rows = [_row(**{column: value}), _row()]
    errors = _check(world, "activities", ACTIVITY_HEADER, rows)
    assert errors[0] == (2, column, code)
    assert all(row == 2 for row, _, _ in errors)


def test_a_decimal_quantity_after_a_zero_is_read_as_a_decimal(world):
    rows = [_row(quantity="0,333", unit_value_vnd=3000, value_vnd="")]
    checker = CHECKERS["activities"](
        ImportJob(kind="activities", user=world.coordinator, twinning=world.twinning)
    )
    checker.read_header(ACTIVITY_HEADER)
    _, record = checker.check(2, rows[0])
    assert checker.errors == []
    assert record["c"]["quantity"] == "0.333"
    assert record["c"]["value_vnd"] == 999


@pytest.fixture
def households(db):
    return Indicator.objects.create(
        code="test_households", name="Số hộ (thử)", name_en="Households (test)", unit="households"
    )


@pytest.fixture
def poor_rate(db):
    return Indicator.objects.create(
        code="test_poor_rate", name="Tỷ lệ hộ nghèo (thử)", name_en="Poor rate", unit="percent"
    )


def test_an_indicator_value_out_of_range_is_a_row_error(world, households, poor_rate):
    rows = [
        ["test_households", 2020, "1e400", "", ""],
        ["test_households", 2021, "1e999999999", "", ""],
        ["test_households", 2022, float("inf"), "", ""],
        ["test_poor_rate", 2020, "1e400", "", ""],
        ["test_households", 2023, "-1e400", "", ""],
        ["test_poor_rate", 2021, "0,333", "", ""],
    ]
    assert _check(world, "indicators", INDICATOR_HEADER, rows) == [
        (2, "value", "too_big"),
        (3, "value", "too_big"),
        (4, "value", "bad_number"),
        (5, "value", "percent_range"),
        (6, "value", "negative"),
    ]


# -- whole files ------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [xlsx_bytes, csv_bytes])
def test_a_huge_quantity_gives_a_row_error_not_a_refusal(client, world, make):
    rows = [
        _row(),
        _row(activity_ref="A-2", quantity="1e400", value_vnd=""),
        _row(activity_ref="A-3", start_date="2020-04-15"),
    ]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, make(rows), "activities.xlsx" if make is xlsx_bytes else "a.csv")
    job = latest_job()
    assert job.status == ImportJob.Status.INVALID, (job.status, job.refusal)
    assert not job.refusal
    # The other rows are still checked: the bad date of the row after it is reported too.
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (3, "quantity", "too_big"),
        (4, "start_date", "bad_date"),
    ]
    assert job.summary["rows"] == 3
    assert not Activity.objects.exists()
    page = preview(client, job)
    assert "This number is too large." in page.text


def test_a_quantity_after_a_zero_is_imported_as_a_decimal(client, world):
    rows = [_row(quantity="0,5", unit="kg", unit_value_vnd=8000, value_vnd="")]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, csv_bytes(rows), "a.csv")
    job = latest_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.errors == []
