"""The database refuses administrative units that break the rules, on SQLite and PostgreSQL.

Code 23074 names old Đông Giang commune until 30/06/2025 and the new, merged Đông Giang from
01/07/2025: a code is unique only within a level and a period (migration 0002 holds that rule
with triggers on SQLite and an exclusion constraint on PostgreSQL).
"""

import datetime

import pytest

from twinning.core.tests.refusals import refused
from twinning.geo.models import AdminUnit

WITHIN_PERIOD = "geo_adminunit_code_unique_within_period"
LAST_DAY_OLD = datetime.date(2025, 6, 30)
FIRST_DAY_NEW = datetime.date(2025, 7, 1)


@pytest.fixture
def old_dong_giang(world) -> AdminUnit:
    """Return the world's Đông Giang commune, ended on the eve of the 2025 reorganisation."""
    world.commune.valid_until = LAST_DAY_OLD
    world.commune.save(update_fields=["valid_until"])
    return world.commune


def commune(code: str, **fields) -> AdminUnit:
    return AdminUnit.objects.create(code=code, name="Đông Giang", level="commune", **fields)


def test_it_accepts_a_unit_with_an_ordered_period(db):
    unit = commune("23068", valid_from=datetime.date(2008, 1, 1), valid_until=LAST_DAY_OLD)
    assert unit.pk


def test_it_accepts_a_unit_that_lasts_one_day(db):
    assert commune("23068", valid_from=LAST_DAY_OLD, valid_until=LAST_DAY_OLD).pk


def test_it_refuses_a_unit_that_ends_before_it_begins(db):
    with refused(AdminUnit, "geo_adminunit_period_ordered"):
        commune("23068", valid_from=FIRST_DAY_NEW, valid_until=LAST_DAY_OLD)


def test_it_refuses_the_same_code_in_an_overlapping_period(world):
    # The world's old Đông Giang has no end date yet, so it overlaps every later period.
    with refused(AdminUnit, WITHIN_PERIOD):
        commune("23074", valid_from=FIRST_DAY_NEW)


def test_it_refuses_periods_that_share_a_single_day(old_dong_giang):
    with refused(AdminUnit, WITHIN_PERIOD):
        commune("23074", valid_from=LAST_DAY_OLD)


def test_it_refuses_a_period_inside_another(old_dong_giang):
    with refused(AdminUnit, WITHIN_PERIOD):
        commune(
            "23074", valid_from=datetime.date(2020, 1, 1), valid_until=datetime.date(2020, 12, 31)
        )


def test_it_refuses_a_second_open_ended_unit_with_the_same_code(db):
    commune("23068")
    with refused(AdminUnit, WITHIN_PERIOD):
        commune("23068")


def test_it_refuses_an_update_that_makes_periods_overlap(old_dong_giang):
    commune("23074", valid_from=FIRST_DAY_NEW)
    old_dong_giang.valid_until = FIRST_DAY_NEW
    with refused(AdminUnit, WITHIN_PERIOD):
        old_dong_giang.save(update_fields=["valid_until"])
    old_dong_giang.refresh_from_db()
    assert old_dong_giang.valid_until == LAST_DAY_OLD


def test_it_accepts_the_same_code_in_consecutive_periods(old_dong_giang):
    new_dong_giang = commune("23074", valid_from=FIRST_DAY_NEW)
    assert AdminUnit.objects.filter(level="commune", code="23074").count() == 2
    assert AdminUnit.objects.valid_on(FIRST_DAY_NEW).get(code="23074") == new_dong_giang
    assert AdminUnit.objects.valid_on(LAST_DAY_OLD).get(code="23074") == old_dong_giang


def test_it_accepts_the_same_code_at_another_level(world):
    # The world's commune 23074 has no period at all; a district may still carry that code.
    district = AdminUnit.objects.create(code="23074", name="Thử nghiệm", level="district")
    assert district.pk


def test_it_accepts_many_units_without_a_code(world):
    # Villages usually have no official code: an empty code is never a conflict.
    for name in ("Thôn 1", "Thôn 2"):
        AdminUnit.objects.create(name=name, level="village", parent=world.commune)
    assert AdminUnit.objects.filter(level="village", code="").count() == 2


def test_it_refuses_the_same_code_starting_on_the_same_day(db):
    commune("23068", valid_from=FIRST_DAY_NEW)
    # Both rules hold this fact; the backend decides which one speaks first.
    with refused(AdminUnit, "geo_adminunit_code_start_unique", WITHIN_PERIOD):
        commune("23068", valid_from=FIRST_DAY_NEW)
