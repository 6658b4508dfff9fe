"""Money, numbers and dates as each language writes them (core/formatting.py)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from twinning.core.formatting import decree30_date, format_number, format_vnd


def test_it_writes_dong_with_dots_on_a_vietnamese_screen():
    assert format_vnd(4_800_000, "vi") == "4.800.000 đ"


def test_it_writes_dong_in_full_in_a_vietnamese_document():
    assert format_vnd(4_800_000, "vi", document=True) == "4.800.000 đồng"


def test_it_writes_vnd_with_commas_in_english():
    assert format_vnd(4_800_000, "en") == "4,800,000 VND"
    assert format_vnd(4_800_000, "en", document=True) == "4,800,000 VND"


def test_it_groups_with_the_arabic_thousands_separator_in_arabic():
    assert format_vnd(4_800_000, "ar") == "4٬800٬000 دونغ"
    assert format_vnd(4_800_000, "ar", document=True) == "4٬800٬000 دونغ فيتنامي"


def test_it_follows_the_active_language_when_none_is_given():
    with translation.override("en"):
        assert format_vnd(12_000_000) == "12,000,000 VND"
    with translation.override("vi"):
        assert format_vnd(12_000_000) == "12.000.000 đ"


def test_it_takes_the_language_of_a_regional_variant():
    assert format_vnd(4_800_000, "vi-VN") == "4.800.000 đ"


def test_it_writes_nothing_for_no_amount_and_zero_for_zero():
    assert format_vnd(None, "vi") == ""
    assert format_vnd(0, "vi") == "0 đ"


def test_it_writes_small_amounts_without_a_separator():
    assert format_vnd(999, "vi") == "999 đ"
    assert format_vnd(1_000, "vi") == "1.000 đ"


@pytest.mark.parametrize(("language", "expected"), [("vi", "1,5"), ("en", "1.5"), ("ar", "1٫5")])
def test_it_writes_the_decimal_separator_of_each_language(language, expected):
    assert format_number(Decimal("1.5"), language) == expected


def test_it_drops_trailing_zeros_of_a_stored_decimal():
    # Quantities are stored with three decimals: 1500.000 reads as 1.500 pieces in Vietnamese.
    assert format_number(Decimal("1500.000"), "vi") == "1.500"
    assert format_number(Decimal("1.500"), "vi") == "1,5"


def test_it_keeps_the_decimals_asked_for():
    assert format_number(Decimal("99.1"), "vi", decimal_places=2) == "99,10"


def test_it_writes_nothing_for_no_number():
    assert format_number(None, "vi") == ""


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 12), "ngày 12 tháng 3 năm 2026"),
        (datetime.date(2025, 9, 9), "ngày 09 tháng 9 năm 2025"),
        (datetime.date(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
        (datetime.date(2023, 12, 31), "ngày 31 tháng 12 năm 2023"),
    ],
)
def test_it_writes_a_decree_30_date_with_zeros_for_days_below_10_and_months_1_and_2(day, expected):
    assert decree30_date(day) == expected
