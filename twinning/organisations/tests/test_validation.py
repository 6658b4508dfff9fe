"""Organisation.full_clean() refuses what the database would refuse, with a message."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from twinning.organisations.models import Membership, Organisation, Role


def errors_of(instance) -> dict[str, list[str]]:
    """Return full_clean()'s errors, in English whatever the default language."""
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        instance.full_clean()
    with translation.override("en"):
        return caught.value.message_dict


def test_it_refuses_a_tax_code_another_organisation_has(world):
    twin = Organisation(name="Công ty trùng", kind="business", tax_code=world.business.tax_code)
    assert errors_of(twin) == {NON_FIELD_ERRORS: ["Another organisation has this tax code."]}


def test_it_accepts_an_organisation_being_checked_again(world):
    world.business.full_clean()


def test_it_refuses_an_organisation_that_ends_before_it_begins(db):
    closed = Organisation(
        name="Công ty giải thể",
        kind="business",
        valid_from=datetime.date(2025, 7, 1),
        valid_until=datetime.date(2025, 6, 30),
    )
    assert errors_of(closed) == {NON_FIELD_ERRORS: ["An organisation cannot end before it begins."]}


def test_it_refuses_an_organisation_that_succeeds_itself(world):
    world.sponsor.succeeded_by = world.sponsor
    assert errors_of(world.sponsor) == {
        NON_FIELD_ERRORS: ["An organisation cannot succeed itself."]
    }


def test_it_refuses_an_unknown_kind(db):
    assert "kind" in errors_of(Organisation(name="Không rõ", kind="ministry"))


def test_it_refuses_the_same_role_twice_in_one_organisation(world):
    twice = Membership(user=world.coordinator, organisation=world.sponsor, role=Role.COORDINATOR)
    assert errors_of(twice) == {
        NON_FIELD_ERRORS: ["Membership with this User, Organisation and Role already exists."]
    }
