"""Units followed through the 2025 reorganisation: old Đông Giang and old Đông Tiến became the
new Đông Giang commune on 01/07/2025, and Bình Thuận province became part of Lâm Đồng."""

import datetime
from dataclasses import dataclass

import pytest

from twinning.geo.lineage import current_units, predecessor_ids, successor_ids
from twinning.geo.models import AdminChange, AdminUnit

LAST_DAY_OLD = datetime.date(2025, 6, 30)
FIRST_DAY_NEW = datetime.date(2025, 7, 1)


@dataclass
class Merge:
    old_dong_giang: AdminUnit
    old_dong_tien: AdminUnit
    new_dong_giang: AdminUnit
    la_da: AdminUnit
    change: AdminChange


def record_change(kind: str, before: list[AdminUnit], after: list[AdminUnit], on=FIRST_DAY_NEW):
    change = AdminChange.objects.create(
        effective_on=on, kind=kind, legal_reference="Nghị quyết 1671/NQ-UBTVQH15"
    )
    change.units_before.set(before)
    change.units_after.set(after)
    return change


@pytest.fixture
def merge(world) -> Merge:
    old_dong_giang = world.commune
    old_dong_giang.valid_until = LAST_DAY_OLD
    old_dong_giang.save(update_fields=["valid_until"])
    old_dong_tien = AdminUnit.objects.create(
        code="23068",
        name="Đông Tiến",
        type_name="Xã",
        level="commune",
        parent=old_dong_giang.parent,
        valid_until=LAST_DAY_OLD,
    )
    lam_dong = AdminUnit.objects.create(
        code="68", name="Lâm Đồng", type_name="Tỉnh", level="province", valid_from=FIRST_DAY_NEW
    )
    new_dong_giang = AdminUnit.objects.create(
        code="23074",
        name="Đông Giang",
        type_name="Xã",
        level="commune",
        parent=lam_dong,
        valid_from=FIRST_DAY_NEW,
    )
    change = record_change("merge", [old_dong_giang, old_dong_tien], [new_dong_giang])
    return Merge(old_dong_giang, old_dong_tien, new_dong_giang, world.other_commune, change)


def test_it_finds_both_old_communes_behind_the_new_one(merge):
    assert predecessor_ids({merge.new_dong_giang.pk}) == {
        merge.new_dong_giang.pk,
        merge.old_dong_giang.pk,
        merge.old_dong_tien.pk,
    }


def test_it_finds_the_new_commune_after_each_old_one(merge):
    for old in (merge.old_dong_giang, merge.old_dong_tien):
        assert successor_ids({old.pk}) == {old.pk, merge.new_dong_giang.pk}


def test_it_finds_no_predecessor_of_an_old_commune(merge):
    assert predecessor_ids([merge.old_dong_tien.pk]) == {merge.old_dong_tien.pk}


def test_it_leaves_a_commune_outside_the_merge_alone(merge):
    assert predecessor_ids({merge.la_da.pk}) == {merge.la_da.pk}
    assert successor_ids({merge.la_da.pk}) == {merge.la_da.pk}


def test_it_gives_today_s_unit_for_an_old_commune(merge):
    assert current_units(merge.old_dong_giang) == [merge.new_dong_giang]
    assert current_units(merge.old_dong_tien) == [merge.new_dong_giang]


def test_it_gives_a_unit_still_in_force_as_itself(merge):
    assert current_units(merge.new_dong_giang) == [merge.new_dong_giang]
    assert current_units(merge.la_da) == [merge.la_da]


def test_it_follows_several_changes_in_a_row(merge):
    merge.new_dong_giang.valid_until = datetime.date(2030, 12, 31)
    merge.new_dong_giang.save(update_fields=["valid_until"])
    renamed = AdminUnit.objects.create(
        code="23075",
        name="Đông Giang Mới",
        level="commune",
        valid_from=datetime.date(2031, 1, 1),
    )
    record_change("rename", [merge.new_dong_giang], [renamed], on=datetime.date(2031, 1, 1))
    assert successor_ids({merge.old_dong_tien.pk}) == {
        merge.old_dong_tien.pk,
        merge.new_dong_giang.pk,
        renamed.pk,
    }
    assert predecessor_ids({renamed.pk}) >= {merge.old_dong_giang.pk, merge.old_dong_tien.pk}
    assert current_units(merge.old_dong_giang) == [renamed]


def test_it_gives_every_part_of_a_split_unit(merge):
    merge.la_da.valid_until = LAST_DAY_OLD
    merge.la_da.save(update_fields=["valid_until"])
    parts = [
        AdminUnit.objects.create(code=code, name=name, level="commune", valid_from=FIRST_DAY_NEW)
        for code, name in [("23100", "La Dạ Bắc"), ("23101", "La Dạ Nam")]
    ]
    record_change("split", [merge.la_da], parts)
    assert sorted(u.pk for u in current_units(merge.la_da)) == sorted(p.pk for p in parts)


def test_it_ignores_a_unit_that_stays_on_both_sides_of_a_change(merge):
    # A transfer lists the moved unit before and after: that is not a successor of itself.
    record_change("transfer", [merge.la_da], [merge.la_da])
    assert successor_ids({merge.la_da.pk}) == {merge.la_da.pk}
