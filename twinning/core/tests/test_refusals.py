"""The constraint assertion itself: it must fail when the rule does not hold, or holds for
another reason, or a constraint test would pass with its constraint gone."""

import datetime

import pytest
from django.db import IntegrityError

from twinning.core.tests.refusals import refused
from twinning.geo.models import AdminUnit


def test_it_passes_when_the_named_constraint_refuses(db):
    with refused(AdminUnit, "geo_adminunit_period_ordered"):
        AdminUnit.objects.create(
            name="X",
            level="commune",
            valid_from=datetime.date(2025, 7, 1),
            valid_until=datetime.date(2025, 6, 30),
        )


def test_it_fails_when_the_write_succeeds(db):
    with pytest.raises(pytest.fail.Exception), refused(AdminUnit, "geo_adminunit_period_ordered"):
        AdminUnit.objects.create(name="X", level="commune")


def test_it_fails_when_another_rule_refuses(db):
    with (
        pytest.raises(AssertionError, match="not by"),
        refused(AdminUnit, "geo_adminunit_period_ordered"),
    ):
        AdminUnit.objects.create(name=None, level="commune")


def test_it_fails_when_the_name_is_only_the_start_of_the_one_refusing(db):
    # "count" must not be taken for "count_not_negative" or the like.
    with pytest.raises(AssertionError, match="not by"), refused(AdminUnit, "geo_adminunit_period"):
        raise IntegrityError("CHECK constraint failed: geo_adminunit_period_ordered")
