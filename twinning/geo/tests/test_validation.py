"""AdminUnit.full_clean() says what is wrong before the database has to refuse it."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from twinning.geo.models import AdminUnit

LAST_DAY_OLD = datetime.date(2025, 6, 30)
FIRST_DAY_NEW = datetime.date(2025, 7, 1)


def unsaved_commune(code: str, **fields) -> AdminUnit:
    return AdminUnit(code=code, name="Đông Giang", type_name="Xã", level="commune", **fields)


def errors_of(unit: AdminUnit) -> dict[str, list[str]]:
    """Return full_clean()'s errors, in English whatever the default language."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        unit.full_clean()
    with translation.override("en"):
        return caught.value.message_dict


def test_it_refuses_a_code_used_in_an_overlapping_period(world):
    errors = errors_of(unsaved_commune("23074", valid_from=FIRST_DAY_NEW))
    assert errors == {"code": ["Another unit of this level has this code in the same period."]}


def test_it_refuses_an_open_ended_unit_whose_code_is_taken_at_any_time(world):
    world.commune.valid_until = LAST_DAY_OLD
    world.commune.save(update_fields=["valid_until"])
    assert "code" in errors_of(unsaved_commune("23074"))


def test_it_refuses_periods_that_share_their_last_and_first_day(world):
    world.commune.valid_until = LAST_DAY_OLD
    world.commune.save(update_fields=["valid_until"])
    assert "code" in errors_of(unsaved_commune("23074", valid_from=LAST_DAY_OLD))


def test_it_accepts_the_code_in_the_next_period(world):
    world.commune.valid_until = LAST_DAY_OLD
    world.commune.save(update_fields=["valid_until"])
    unsaved_commune("23074", valid_from=FIRST_DAY_NEW).full_clean()


def test_it_accepts_the_code_in_an_earlier_period(world):
    world.commune.valid_from = FIRST_DAY_NEW
    world.commune.save(update_fields=["valid_from"])
    unsaved_commune("23074", valid_until=LAST_DAY_OLD).full_clean()


def test_it_accepts_the_code_at_another_level(world):
    AdminUnit(code="23074", name="Thử nghiệm", level="district").full_clean()


def test_it_accepts_a_unit_checked_again_against_itself(world):
    world.commune.full_clean()


def test_it_accepts_villages_without_a_code(world):
    AdminUnit.objects.create(name="Thôn 1", level="village", parent=world.commune)
    AdminUnit(name="Thôn 2", level="village", parent=world.commune).full_clean()


def test_it_refuses_a_unit_that_ends_before_it_begins(db):
    errors = errors_of(unsaved_commune("23068", valid_from=FIRST_DAY_NEW, valid_until=LAST_DAY_OLD))
    assert errors == {NON_FIELD_ERRORS: ["A unit cannot end before it begins."]}


def test_it_refuses_an_unknown_level(db):
    assert "level" in errors_of(AdminUnit(code="1", name="Thử nghiệm", level="hamlet"))
