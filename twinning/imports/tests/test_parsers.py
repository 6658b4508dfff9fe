"""The cell parsers give the same answer whatever the cell's type (whole numbers from a workbook
arrive as int and take a shorter path than text or float)."""

from decimal import Decimal

import pytest

from twinning.imports.checks import MAX_INTEGER, MAX_MONEY, Problem, parse_integer, parse_money


@pytest.mark.parametrize("value", [42, 42.0, "42", " 42 ", Decimal("42")])
def test_a_whole_number_reads_the_same_from_any_cell_type(value):
    assert parse_integer(value) == 42
    assert type(parse_integer(value)) is int


@pytest.mark.parametrize("value", [-1, -1.0, "-1"])
def test_a_negative_number_is_refused_from_any_cell_type(value):
    with pytest.raises(Problem) as raised:
        parse_integer(value)
    assert raised.value.code == "negative"


@pytest.mark.parametrize("parse,maximum", [(parse_integer, MAX_INTEGER), (parse_money, MAX_MONEY)])
def test_the_maximum_is_kept_for_int_cells(parse, maximum):
    assert parse(maximum) == maximum
    for value in (maximum + 1, str(maximum + 1)):
        with pytest.raises(Problem) as raised:
            parse(value)
        assert raised.value.code == "too_big"


def test_a_yes_or_no_cell_is_not_a_number():
    with pytest.raises(Problem) as raised:
        parse_money(True)
    assert raised.value.code == "bad_money"
