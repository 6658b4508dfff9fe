"""The database refuses organisations and memberships that break the rules."""

import datetime

from django.contrib.auth import get_user_model

from twinning.core.tests.refusals import refused
from twinning.organisations.models import Membership, Organisation, Role


def business(name: str, **fields) -> Organisation:
    return Organisation.objects.create(name=name, kind="business", **fields)


def test_it_refuses_a_tax_code_another_organisation_has(world):
    with refused(Organisation, "org_tax_code_unique"):
        business("Công ty trùng mã số thuế", tax_code=world.business.tax_code)


def test_it_accepts_many_organisations_without_a_tax_code(world):
    business("Hội Nông dân", tax_code="")
    business("Hội Phụ nữ", tax_code="")
    assert Organisation.objects.filter(tax_code="").count() >= 2


def test_it_accepts_a_new_tax_code(world):
    assert business("Công ty Bình Minh", tax_code="3400000002").pk


def test_it_refuses_an_organisation_that_ends_before_it_begins(db):
    with refused(Organisation, "org_period_ordered"):
        business(
            "Công ty giải thể",
            valid_from=datetime.date(2025, 7, 1),
            valid_until=datetime.date(2025, 6, 30),
        )


def test_it_accepts_an_organisation_with_an_ordered_period(world):
    world.sponsor.valid_until = datetime.date(2025, 6, 30)
    world.sponsor.valid_from = datetime.date(2008, 1, 1)
    world.sponsor.save(update_fields=["valid_from", "valid_until"])


def test_it_refuses_an_organisation_that_succeeds_itself(world):
    world.sponsor.succeeded_by = world.sponsor
    with refused(Organisation, "org_not_its_own_successor"):
        world.sponsor.save(update_fields=["succeeded_by"])


def test_it_accepts_a_successor(world):
    successor = Organisation.objects.create(
        name="Sở Công Thương tỉnh Lâm Đồng", kind="provincial_agency"
    )
    world.sponsor.succeeded_by = successor
    world.sponsor.save(update_fields=["succeeded_by"])
    assert list(successor.predecessors.all()) == [world.sponsor]


def test_it_refuses_a_short_address_already_taken(world):
    with refused(Organisation, "slug"):
        Organisation.objects.create(name="Trùng địa chỉ", kind="other", slug=world.sponsor.slug)


def test_it_refuses_the_same_role_twice_in_one_organisation(world):
    with refused(Membership, "membership_unique_role"):
        Membership.objects.create(
            user=world.coordinator, organisation=world.sponsor, role=Role.COORDINATOR
        )


def test_it_accepts_a_second_role_or_a_second_organisation(world):
    Membership.objects.create(user=world.coordinator, organisation=world.sponsor, role=Role.VIEWER)
    Membership.objects.create(
        user=world.coordinator, organisation=world.other_sponsor, role=Role.COORDINATOR
    )
    assert Membership.objects.filter(user=world.coordinator).count() == 3


def test_it_accepts_the_same_role_for_another_user(world):
    colleague = get_user_model().objects.create_user("colleague")
    Membership.objects.create(user=colleague, organisation=world.sponsor, role=Role.COORDINATOR)
