"""A small world for tests: two twinnings in one province, and a named user for every role.

`World.build()` creates it; tests read like sentences about its people: the coordinator of the
Department, the commune officer of Đông Giang, an outsider from another department.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.db import transaction

from twinning.geo.models import AdminUnit
from twinning.organisations.models import Membership, Organisation, Role
from twinning.programmes.models import Programme, Twinning

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    province: AdminUnit
    commune: AdminUnit
    other_commune: AdminUnit
    programme: Programme
    sponsor: Organisation
    partner: Organisation
    other_sponsor: Organisation
    other_partner: Organisation
    business: Organisation
    overseer_body: Organisation
    twinning: Twinning
    other_twinning: Twinning
    users: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):  # world.coordinator, world.outsider...
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    @classmethod
    def build(cls) -> World:
        country = AdminUnit.objects.create(code="VN", name="Việt Nam", level="country")
        province = AdminUnit.objects.create(
            code="60", name="Bình Thuận", type_name="Tỉnh", level="province", parent=country
        )
        district = AdminUnit.objects.create(
            code="597", name="Hàm Thuận Bắc", type_name="Huyện", level="district", parent=province
        )
        commune = AdminUnit.objects.create(
            code="23074", name="Đông Giang", type_name="Xã", level="commune", parent=district
        )
        other_commune = AdminUnit.objects.create(
            code="23065", name="La Dạ", type_name="Xã", level="commune", parent=district
        )
        org = Organisation.objects.create
        sponsor = org(
            name="Sở Công Thương tỉnh Bình Thuận",
            short_name="SCT",
            kind="provincial_agency",
            admin_unit=province,
        )
        partner = org(name="UBND xã Đông Giang", kind="commune_committee", admin_unit=commune)
        other_sponsor = org(
            name="Sở Giáo dục và Đào tạo",
            short_name="SGDĐT",
            kind="provincial_agency",
            admin_unit=province,
        )
        other_partner = org(
            name="UBND xã La Dạ", kind="commune_committee", admin_unit=other_commune
        )
        business = org(name="Công ty TNHH Ánh Dương", kind="business", tax_code="3400000001")
        overseer_body = org(
            name="Ban Dân vận Tỉnh ủy", kind="provincial_committee", admin_unit=province
        )
        programme = Programme.objects.create(name="Kết nghĩa theo Nghị quyết 04", province=province)
        twinning = Twinning.objects.create(
            programme=programme,
            sponsor=sponsor,
            partner_unit=commune,
            partner_organisation=partner,
            signed_on=datetime.date(2016, 8, 1),
            signed_on_precision="month",
        )
        other_twinning = Twinning.objects.create(
            programme=programme,
            sponsor=other_sponsor,
            partner_unit=other_commune,
            partner_organisation=other_partner,
            signed_on=datetime.date(2017, 3, 15),
        )
        world = cls(
            province=province,
            commune=commune,
            other_commune=other_commune,
            programme=programme,
            sponsor=sponsor,
            partner=partner,
            other_sponsor=other_sponsor,
            other_partner=other_partner,
            business=business,
            overseer_body=overseer_body,
            twinning=twinning,
            other_twinning=other_twinning,
        )
        for name, organisation, role in [
            ("coordinator", sponsor, Role.COORDINATOR),
            ("approver", sponsor, Role.APPROVER),
            ("viewer", sponsor, Role.VIEWER),
            ("commune_officer", partner, Role.COMMUNE_OFFICER),
            ("contributor", business, Role.CONTRIBUTOR),
            ("overseer", overseer_body, Role.PROVINCE_OVERSEER),
            ("administrator", None, Role.ADMINISTRATOR),
            ("outsider", other_sponsor, Role.COORDINATOR),
        ]:
            world.users[name] = world.make_user(name, organisation, role)
        return world

    def make_user(self, username: str, organisation: Organisation | None, role: str):
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        if role == Role.ADMINISTRATOR:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            organisation = (
                organisation
                or Organisation.objects.get_or_create(
                    name="Quản trị hệ thống", defaults={"kind": "other"}
                )[0]
            )
        Membership.objects.create(user=user, organisation=organisation, role=role)
        return user


T = TypeVar("T")


@contextmanager
def rolled_back_at_the_end(django_db_blocker) -> Iterator[None]:
    """Open the database for a module-scoped fixture inside one transaction, rolled back when
    the module is done. Each test of the module then runs in a savepoint of it (pytest-django's
    `db`), so its changes are undone while the module's data stays: built once, not per test."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def fresh_copy(shared: T) -> T:
    """Return a deep copy of module-scoped data, so that a test that changes an instance in
    memory (refresh_from_db, a field set by a view) leaves the next test's copy as built."""
    return copy.deepcopy(shared)


def shared_world_fixture(build: Callable[[World], T]):
    """Return a module-scoped fixture that builds World and `build(world)` once per module."""
    import pytest

    @pytest.fixture(scope="module")
    def fixture(django_db_setup, django_db_blocker):
        with rolled_back_at_the_end(django_db_blocker):
            yield build(World.build())

    return fixture
