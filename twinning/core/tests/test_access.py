"""Who sees which twinning, and who may do what with it (twinning/access.py), for every role.

The world: the Department of Industry and Trade (sponsor) twinned with Đông Giang commune, the
Department of Education twinned with La Dạ, both under Bình Thuận's programme; one named user per
role. Here a third twinning in another province (Đắk Lắk) shows where a province's oversight
stops. Outside a twinning a user gets 404 (existence does not leak); inside without the right,
403.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from twinning import access
from twinning.access import Capability
from twinning.activities.models import Activity, Contribution, PersonalDataAccess, Recipient
from twinning.geo.models import AdminChange, AdminUnit
from twinning.organisations.models import Membership, Organisation, Role
from twinning.programmes.models import Programme, Twinning
from twinning.testing import World

ROLES = [
    "coordinator",
    "approver",
    "viewer",
    "commune_officer",
    "contributor",
    "overseer",
    "administrator",
    "outsider",
]

# Which of the three twinnings each role's user sees.
VISIBLE = {
    "coordinator": {"twinning"},
    "approver": {"twinning"},
    "viewer": {"twinning"},
    "commune_officer": {"twinning"},
    "contributor": set(),
    "overseer": {"twinning", "other_twinning"},
    "administrator": {"twinning", "other_twinning", "far_twinning"},
    "outsider": {"other_twinning"},
}

# What each role may do with the world's twinning (SCT ↔ Đông Giang); None: it is not visible.
C = Capability
CAPABILITIES = {
    "coordinator": {C.VIEW, C.EDIT, C.SEE_RECIPIENTS, C.EXPORT_SUMMARY},
    "approver": {C.VIEW, C.APPROVE, C.EXPORT_SUMMARY},
    "viewer": {C.VIEW},
    "commune_officer": {C.VIEW, C.AGREE, C.EDIT_PROFILE, C.SEE_RECIPIENTS, C.EXPORT_SUMMARY},
    "contributor": None,
    "overseer": {C.VIEW, C.EXPORT_SUMMARY},
    "administrator": {C.VIEW},
    "outsider": None,
}

LAST_DAY_OLD = datetime.date(2025, 6, 30)
FIRST_DAY_NEW = datetime.date(2025, 7, 1)


@dataclass
class Place:
    """The world, a twinning in another province, and one activity in each twinning."""

    world: World
    far_twinning: Twinning
    activities: dict[str, Activity]
    contributions: dict[str, Contribution]

    def twinning(self, name: str) -> Twinning:
        return self.far_twinning if name == "far_twinning" else getattr(self.world, name)

    def user(self, role: str):
        return self.world.users[role]


def new_activity(twinning: Twinning, title: str) -> Activity:
    return Activity.objects.create(
        twinning=twinning, category="gifts", title=title, start_date=datetime.date(2020, 1, 20)
    )


def new_user(username: str, organisation: Organisation | None, role: str, **fields):
    user = get_user_model().objects.create_user(username=username, **fields)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def place(world) -> Place:
    country = world.province.parent
    dak_lak = AdminUnit.objects.create(
        code="66", name="Đắk Lắk", type_name="Tỉnh", level="province", parent=country
    )
    ea_sol = AdminUnit.objects.create(
        code="24000", name="Ea Sol", type_name="Xã", level="commune", parent=dak_lak
    )
    far_twinning = Twinning.objects.create(
        programme=Programme.objects.create(name="Kết nghĩa tỉnh Đắk Lắk", province=dak_lak),
        sponsor=Organisation.objects.create(
            name="Sở Y tế tỉnh Đắk Lắk", kind="provincial_agency", admin_unit=dak_lak
        ),
        partner_unit=ea_sol,
        partner_organisation=Organisation.objects.create(
            name="UBND xã Ea Sol", kind="commune_committee", admin_unit=ea_sol
        ),
        signed_on=datetime.date(2018, 5, 1),
    )
    activities = {
        "twinning": new_activity(world.twinning, "Tặng 600 khẩu trang vải"),
        "other_twinning": new_activity(world.other_twinning, "Tặng sách vở"),
        "far_twinning": new_activity(far_twinning, "Khám bệnh miễn phí"),
    }
    give = Contribution.objects.create
    contributions = {
        "business_to_twinning": give(
            activity=activities["twinning"],
            contributor=world.business,
            kind="in_kind",
            quantity=600,
            unit="cái",
            unit_value_vnd=8_000,
            value_vnd=4_800_000,
        ),
        "business_to_other_twinning": give(
            activity=activities["other_twinning"],
            contributor=world.business,
            kind="cash",
            value_vnd=2_000_000,
        ),
        "sponsor_to_twinning": give(
            activity=activities["twinning"], contributor=world.sponsor, kind="cash", value_vnd=1
        ),
    }
    return Place(world, far_twinning, activities, contributions)


def names_of(place: Place, twinnings) -> set[str]:
    ids = {t.pk for t in twinnings}
    return {
        name
        for name in ("twinning", "other_twinning", "far_twinning")
        if place.twinning(name).pk in ids
    }


# visible_twinnings and visible_activities


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_each_role_exactly_its_twinnings(place, role):
    assert names_of(place, access.visible_twinnings(place.user(role))) == VISIBLE[role]


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_each_role_the_activities_of_its_twinnings_only(place, role):
    visible = set(access.visible_activities(place.user(role)))
    assert visible == {place.activities[name] for name in VISIBLE[role]}


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_a_twinning_exactly_when_its_page_may_be_seen(place, role):
    user = place.user(role)
    listed = set(access.visible_twinnings(user))
    for name in ("twinning", "other_twinning", "far_twinning"):
        twinning = place.twinning(name)
        assert (twinning in listed) == (C.VIEW in access.capabilities_for(user, twinning)), name


def test_it_shows_the_twinning_read_only_to_a_member_in_a_role_of_the_other_side(place):
    world = place.world
    # A coordinator (a sponsor's role) registered at the commune's committee, and a commune
    # officer registered at the department: members of a party, with no right of that side.
    for organisation, role in [
        (world.partner, Role.COORDINATOR),
        (world.sponsor, Role.COMMUNE_OFFICER),
    ]:
        user = new_user(f"misplaced_{role}", organisation, role)
        assert names_of(place, access.visible_twinnings(user)) == {"twinning"}
        assert access.get_twinning_for_user(user, world.twinning.pk).capabilities == {C.VIEW}
        with pytest.raises(PermissionDenied):
            access.get_rw_twinning_for_user(user, world.twinning.pk, Capability.EDIT)


def test_it_shows_nothing_to_a_deactivated_superuser(place):
    former = new_user("former_root", None, "", is_active=False, is_superuser=True)
    assert not access.visible_twinnings(former).exists()
    assert not access.is_administrator(former)


def test_it_shows_nothing_to_an_anonymous_visitor(place):
    anonymous = AnonymousUser()
    assert not access.visible_twinnings(anonymous).exists()
    assert not access.visible_activities(anonymous).exists()
    assert not access.visible_contributions(anonymous).exists()
    with pytest.raises(Http404):
        access.get_twinning_for_user(anonymous, place.world.twinning.pk)


def test_it_shows_nothing_to_a_deactivated_coordinator(place):
    former = new_user("former", place.world.sponsor, Role.COORDINATOR, is_active=False)
    assert not access.visible_twinnings(former).exists()
    with pytest.raises(Http404):
        access.get_twinning_for_user(former, place.world.twinning.pk)


def test_it_shows_the_predecessor_s_twinning_to_a_member_of_the_successor(place):
    world = place.world
    successor = Organisation.objects.create(
        name="Sở Công Thương tỉnh Lâm Đồng", kind="provincial_agency"
    )
    world.sponsor.succeeded_by = successor
    world.sponsor.save(update_fields=["succeeded_by"])
    newcomer = new_user("newcomer", successor, Role.COORDINATOR)
    assert names_of(place, access.visible_twinnings(newcomer)) == {"twinning"}
    assert set(access.visible_activities(newcomer)) == {place.activities["twinning"]}
    assert access.get_rw_twinning_for_user(newcomer, world.twinning.pk).can_edit


def test_it_does_not_show_the_successor_s_twinnings_to_a_member_of_the_predecessor(place):
    world = place.world
    world.other_sponsor.succeeded_by = world.sponsor
    world.other_sponsor.save(update_fields=["succeeded_by"])
    # The outsider works for the Department of Education, which the SCT now succeeds.
    outsider = get_user_model().objects.get(pk=world.outsider.pk)
    assert names_of(place, access.visible_twinnings(outsider)) == {"other_twinning"}


def test_it_shows_a_twinning_through_a_chain_of_successors(place):
    world = place.world
    middle = Organisation.objects.create(name="Sở Công Thương (2025)", kind="provincial_agency")
    last = Organisation.objects.create(name="Sở Công Thương (2030)", kind="provincial_agency")
    world.sponsor.succeeded_by = middle
    world.sponsor.save(update_fields=["succeeded_by"])
    middle.succeeded_by = last
    middle.save(update_fields=["succeeded_by"])
    assert names_of(place, access.visible_twinnings(new_user("heir", last, Role.VIEWER))) == {
        "twinning"
    }


# Oversight


def test_it_shows_the_merged_province_s_programme_to_the_new_province_s_overseer(place):
    world = place.world
    world.province.valid_until = LAST_DAY_OLD
    world.province.save(update_fields=["valid_until"])
    lam_dong = AdminUnit.objects.create(
        code="68",
        name="Lâm Đồng",
        type_name="Tỉnh",
        level="province",
        parent=world.province.parent,
        valid_from=FIRST_DAY_NEW,
    )
    merger = AdminChange.objects.create(
        effective_on=FIRST_DAY_NEW, kind="merge", legal_reference="Nghị quyết 202/2025/QH15"
    )
    merger.units_before.set([world.province])
    merger.units_after.set([lam_dong])
    body = Organisation.objects.create(
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
        kind="provincial_committee",
        admin_unit=lam_dong,
    )
    overseer = new_user("lam_dong_overseer", body, Role.PROVINCE_OVERSEER)
    assert names_of(place, access.visible_twinnings(overseer)) == {"twinning", "other_twinning"}
    access_ = access.get_twinning_for_user(overseer, world.twinning.slug)
    assert access_.capabilities == {C.VIEW, C.EXPORT_SUMMARY}


def test_it_does_not_show_a_new_province_to_an_overseer_of_one_merged_into_it(place):
    world = place.world
    lam_dong = AdminUnit.objects.create(
        code="68", name="Lâm Đồng", level="province", valid_from=FIRST_DAY_NEW
    )
    merger = AdminChange.objects.create(effective_on=FIRST_DAY_NEW, kind="merge")
    merger.units_before.set([world.province])
    merger.units_after.set([lam_dong])
    programme = Programme.objects.create(name="Kết nghĩa tỉnh Lâm Đồng", province=lam_dong)
    Twinning.objects.filter(pk=place.far_twinning.pk).update(programme=programme)
    assert names_of(place, access.visible_twinnings(world.overseer)) == {
        "twinning",
        "other_twinning",
    }


def test_it_shows_every_twinning_to_a_national_overseer(place):
    country = place.world.province.parent
    ministry = Organisation.objects.create(
        name="Bộ Dân tộc và Tôn giáo", kind="national_agency", admin_unit=country
    )
    national = new_user("national", ministry, Role.PROVINCE_OVERSEER)
    assert names_of(place, access.visible_twinnings(national)) == {
        "twinning",
        "other_twinning",
        "far_twinning",
    }
    assert access.get_twinning_for_user(national, place.far_twinning.pk).is_read_only


def test_it_shows_the_province_to_an_overseer_placed_in_one_of_its_communes(place):
    body = Organisation.objects.create(
        name="Ban Dân vận xã Đông Giang", kind="other", admin_unit=place.world.commune
    )
    overseer = new_user("local_overseer", body, Role.PROVINCE_OVERSEER)
    assert names_of(place, access.visible_twinnings(overseer)) == {"twinning", "other_twinning"}


def test_it_shows_nothing_to_an_overseer_whose_organisation_has_no_place(place):
    # A missing unit must not read as "the whole country".
    body = Organisation.objects.create(name="Hội Khuyến học", kind="association")
    overseer = new_user("misplaced_overseer", body, Role.PROVINCE_OVERSEER)
    assert not access.visible_twinnings(overseer).exists()
    assert not access.is_overseer(overseer)
    with pytest.raises(Http404):
        access.get_twinning_for_user(overseer, place.world.twinning.pk)


def test_it_knows_overseers_and_administrators(place):
    assert access.is_overseer(place.user("overseer"))
    assert access.is_administrator(place.user("administrator"))
    for role in ROLES:
        if role != "overseer":
            assert not access.is_overseer(place.user(role)), role
        if role != "administrator":
            assert not access.is_administrator(place.user(role)), role


# Contributions


def test_it_shows_a_contributor_its_own_contributions_wherever_they_went(place):
    contributor = place.user("contributor")
    assert set(access.visible_contributions(contributor)) == {
        place.contributions["business_to_twinning"],
        place.contributions["business_to_other_twinning"],
    }
    assert access.contributor_organisations(contributor) == {place.world.business.pk}


def test_it_shows_the_coordinator_every_contribution_to_its_twinning_only(place):
    assert set(access.visible_contributions(place.user("coordinator"))) == {
        place.contributions["business_to_twinning"],
        place.contributions["sponsor_to_twinning"],
    }


def test_it_shows_the_outsider_only_the_contributions_to_its_own_twinning(place):
    assert set(access.visible_contributions(place.user("outsider"))) == {
        place.contributions["business_to_other_twinning"]
    }


def test_it_shows_the_administrator_every_contribution(place):
    assert set(access.visible_contributions(place.user("administrator"))) == set(
        place.contributions.values()
    )


# get_twinning_for_user and get_rw_twinning_for_user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("capability", list(Capability), ids=lambda c: c.value)
def test_it_grants_each_role_exactly_its_capabilities(place, role, capability):
    user, twinning = place.user(role), place.world.twinning
    expected = CAPABILITIES[role]
    if expected is None:
        with pytest.raises(Http404):
            access.get_rw_twinning_for_user(user, twinning.pk, capability)
    elif capability in expected:
        granted = access.get_rw_twinning_for_user(user, twinning.pk, capability)
        assert granted.twinning == twinning
        assert granted.capabilities == expected
    else:
        with pytest.raises(PermissionDenied):
            access.get_rw_twinning_for_user(user, twinning.pk, capability)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("capability", list(Capability), ids=lambda c: c.value)
def test_it_lists_for_work_the_twinnings_where_a_role_has_the_capability(place, role, capability):
    listed = access.twinnings_with(place.user(role), capability)
    expected = CAPABILITIES[role] or set()
    assert listed.filter(pk=place.world.twinning.pk).exists() == (capability in expected)


@pytest.mark.parametrize("key", ["pk", "pk_text", "slug"])
def test_it_hides_a_twinning_from_an_outsider_by_id_or_by_slug(place, key):
    twinning = place.world.twinning
    value = {"pk": twinning.pk, "pk_text": str(twinning.pk), "slug": twinning.slug}[key]
    with pytest.raises(Http404):
        access.get_twinning_for_user(place.user("outsider"), value)
    with pytest.raises(Http404):
        access.get_rw_twinning_for_user(place.user("outsider"), value)


@pytest.mark.parametrize("key", ["pk_text", "slug"])
def test_it_finds_the_twinning_for_its_coordinator_by_id_or_by_slug(place, key):
    twinning = place.world.twinning
    value = str(twinning.pk) if key == "pk_text" else twinning.slug
    assert access.get_twinning_for_user(place.user("coordinator"), value).twinning == twinning


def test_it_answers_404_for_a_twinning_that_does_not_exist(place):
    for key in (999_999, "khong-ton-tai"):
        with pytest.raises(Http404):
            access.get_twinning_for_user(place.user("administrator"), key)


def test_it_gives_read_only_access_to_viewer_overseer_and_administrator(place):
    twinning = place.world.twinning
    for role in ("viewer", "overseer", "administrator"):
        assert access.get_twinning_for_user(place.user(role), twinning.pk).is_read_only, role
    for role in ("coordinator", "approver", "commune_officer"):
        assert not access.get_twinning_for_user(place.user(role), twinning.pk).is_read_only, role


def test_it_defaults_to_asking_for_the_right_to_edit(place):
    twinning = place.world.twinning
    assert access.get_rw_twinning_for_user(place.user("coordinator"), twinning.pk).can_edit
    with pytest.raises(PermissionDenied):
        access.get_rw_twinning_for_user(place.user("approver"), twinning.pk)


def test_it_adds_up_the_rights_of_a_user_with_two_roles(place):
    world = place.world
    both = new_user("both", world.sponsor, Role.COORDINATOR)
    Membership.objects.create(user=both, organisation=world.sponsor, role=Role.APPROVER)
    granted = access.get_twinning_for_user(both, world.twinning.pk)
    assert granted.can_edit and granted.can_approve


def test_it_gives_a_commune_viewer_read_only_access_to_its_twinning(place):
    viewer = new_user("commune_viewer", place.world.partner, Role.VIEWER)
    granted = access.get_twinning_for_user(viewer, place.world.twinning.pk)
    assert granted.capabilities == {C.VIEW}


# get_activity_for_user


def test_it_gives_an_activity_to_those_who_see_its_twinning(place):
    activity = place.activities["twinning"]
    found, granted = access.get_activity_for_user(place.user("viewer"), activity.pk)
    assert found == activity and granted.twinning == place.world.twinning
    found, granted = access.get_activity_for_user(
        place.user("coordinator"), activity.pk, Capability.EDIT
    )
    assert found == activity and granted.can_edit


def test_it_hides_an_activity_from_an_outsider_and_refuses_a_viewer_s_edit(place):
    activity = place.activities["twinning"]
    with pytest.raises(Http404):
        access.get_activity_for_user(place.user("outsider"), activity.pk)
    with pytest.raises(Http404):
        access.get_activity_for_user(place.user("coordinator"), 999_999)
    with pytest.raises(PermissionDenied):
        access.get_activity_for_user(place.user("viewer"), activity.pk, Capability.EDIT)


# Named recipients: personal data


@pytest.fixture
def recipient(place) -> Recipient:
    return Recipient.objects.create(
        activity=place.activities["twinning"],
        full_name="Hộ bà K'Thị Lan",
        group="poor_households",
        village="Thôn 2",
    )


@pytest.mark.parametrize("role", ["coordinator", "commune_officer"])
def test_it_shows_named_recipients_to_coordinator_and_commune_officer_and_logs_it(
    place, recipient, role
):
    user = place.user(role)
    shown = access.recipients_for(
        user, recipient.activity, action="export", reason="báo cáo năm", path="/x/" + "a" * 300
    )
    assert shown == [recipient]
    log = PersonalDataAccess.objects.get()
    assert (log.user, log.twinning, log.activity, log.record_count, log.action, log.reason) == (
        user,
        place.world.twinning,
        recipient.activity,
        1,
        "export",
        "báo cáo năm",
    )
    assert len(log.path) == 255


def test_it_logs_a_look_at_an_empty_list_too(place):
    activity = place.activities["twinning"]
    assert access.recipients_for(place.user("coordinator"), activity) == []
    log = PersonalDataAccess.objects.get()
    assert (log.record_count, log.action) == (0, "view")


def test_it_logs_every_look(place, recipient):
    for _ in range(3):
        access.recipients_for(place.user("commune_officer"), recipient.activity)
    assert PersonalDataAccess.objects.count() == 3


@pytest.mark.parametrize("role", ["viewer", "approver", "overseer", "administrator"])
def test_it_refuses_named_recipients_to_read_only_roles(place, recipient, role):
    with pytest.raises(PermissionDenied):
        access.recipients_for(place.user(role), recipient.activity)


@pytest.mark.parametrize("role", ["outsider", "contributor"])
def test_it_hides_named_recipients_from_those_outside_the_twinning(place, recipient, role):
    with pytest.raises(Http404):
        access.recipients_for(place.user(role), recipient.activity)
