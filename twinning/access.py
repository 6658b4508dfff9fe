"""Who may see and do what: the one place every view, export, import and API call asks.

Scope comes from memberships. A member of an organisation (or of its successor: the Lâm Đồng
Department took over the Bình Thuận Department's twinning in July 2025) sees the twinnings in
which that organisation is the sponsor or the partner commune's People's Committee. A province
overseer sees every twinning of the programmes of the province (and of the provinces merged into
it); an overseer of a national body sees all. What a user may *do* then depends on the role and
on which side of the twinning the organisation stands.

A user outside a twinning gets 404 (existence does not leak); a user inside without the right
gets 403.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from twinning.organisations.models import Membership, Organisation, Role


class Capability(enum.Enum):
    VIEW = "view"
    EDIT = "edit"  # plans, activities, contributions, attachments
    APPROVE = "approve"  # approve plans, sign off reports, unlock a year
    AGREE = "agree"  # the commune agrees the plan and confirms or disputes activities
    EDIT_PROFILE = "edit_profile"  # the commune's profile and indicator values
    SEE_RECIPIENTS = "see_recipients"  # named recipients: personal data
    EXPORT_SUMMARY = "export_summary"


SPONSOR_ROLES = {Role.COORDINATOR, Role.APPROVER, Role.VIEWER}
PARTNER_ROLES = {Role.COMMUNE_OFFICER, Role.VIEWER}

# Which capabilities a role has on the side of the twinning its organisation stands on.
_SPONSOR_CAPABILITIES = {
    Role.COORDINATOR: {
        Capability.VIEW,
        Capability.EDIT,
        Capability.SEE_RECIPIENTS,
        Capability.EXPORT_SUMMARY,
    },
    Role.APPROVER: {Capability.VIEW, Capability.APPROVE, Capability.EXPORT_SUMMARY},
    Role.VIEWER: {Capability.VIEW},
}
_PARTNER_CAPABILITIES = {
    Role.COMMUNE_OFFICER: {
        Capability.VIEW,
        Capability.AGREE,
        Capability.EDIT_PROFILE,
        Capability.SEE_RECIPIENTS,
        Capability.EXPORT_SUMMARY,
    },
    Role.VIEWER: {Capability.VIEW},
}
_OVERSIGHT_CAPABILITIES = {Capability.VIEW, Capability.EXPORT_SUMMARY}


@dataclass(frozen=True)
class Scope:
    """A user's memberships resolved to organisation and unit ids (computed once per request)."""

    is_admin: bool
    sponsor_orgs: dict[str, frozenset[int]]  # role -> organisation ids incl. predecessors
    partner_orgs: dict[str, frozenset[int]]
    overseen_provinces: frozenset[int]
    national_overseer: bool
    contributor_orgs: frozenset[int]

    @property
    def member_org_ids(self) -> frozenset[int]:
        ids: set[int] = set()
        for group in (*self.sponsor_orgs.values(), *self.partner_orgs.values()):
            ids |= group
        return frozenset(ids)


def scope_for(user) -> Scope:
    """Return the user's resolved scope, cached on the user object for the request."""
    cached = getattr(user, "_twinning_scope", None)
    if cached is not None:
        return cached
    sponsor: dict[str, set[int]] = {}
    partner: dict[str, set[int]] = {}
    provinces: set[int] = set()
    contributors: set[int] = set()
    national = False
    # A deactivated account keeps no right, not even a superuser's (as for memberships below).
    is_admin = bool(user.is_authenticated and user.is_active and user.is_superuser)
    if user.is_authenticated and user.is_active:
        from twinning.geo.lineage import predecessor_ids

        memberships = Membership.objects.filter(user=user).select_related(
            "organisation__admin_unit"
        )
        for membership in memberships:
            org: Organisation = membership.organisation
            role = membership.role
            if role == Role.ADMINISTRATOR:
                is_admin = True
            elif role == Role.PROVINCE_OVERSEER:
                unit = org.admin_unit
                if unit is None:
                    # An organisation whose place is not recorded oversees nothing: reading a
                    # missing unit as "the whole country" would open every twinning to a role
                    # given by mistake. A national body is placed at the country unit.
                    continue
                if unit.level == "country":
                    national = True
                else:
                    province = unit.province()
                    if province is not None:
                        provinces |= predecessor_ids({province.pk})
            elif role == Role.CONTRIBUTOR:
                contributors |= org.lineage_ids()
            else:
                lineage = org.lineage_ids()
                if role in SPONSOR_ROLES:
                    sponsor.setdefault(role, set()).update(lineage)
                if role in PARTNER_ROLES:
                    partner.setdefault(role, set()).update(lineage)
    scope = Scope(
        is_admin=is_admin,
        sponsor_orgs={k: frozenset(v) for k, v in sponsor.items()},
        partner_orgs={k: frozenset(v) for k, v in partner.items()},
        overseen_provinces=frozenset(provinces),
        national_overseer=national,
        contributor_orgs=frozenset(contributors),
    )
    if user.is_authenticated:
        user._twinning_scope = scope
    return scope


def _twinning_filter(scope: Scope, prefix: str = "") -> Q | None:
    """Return the Q that selects visible twinnings (None means all)."""
    if scope.is_admin or scope.national_overseer:
        return None
    q = Q(pk__in=[])
    org_ids = scope.member_org_ids
    if org_ids:
        q |= Q(**{f"{prefix}sponsor_id__in": org_ids}) | Q(
            **{f"{prefix}partner_organisation_id__in": org_ids}
        )
    if scope.overseen_provinces:
        q |= Q(**{f"{prefix}programme__province_id__in": scope.overseen_provinces})
    return q


def visible_twinnings(user) -> QuerySet:
    """Return the twinnings the user may read."""
    from twinning.programmes.models import Twinning

    if not user.is_authenticated:
        return Twinning.objects.none()
    condition = _twinning_filter(scope_for(user))
    qs = Twinning.objects.all()
    return qs if condition is None else qs.filter(condition)


@dataclass(frozen=True)
class TwinningAccess:
    """A twinning together with what the user may do with it."""

    twinning: object
    capabilities: frozenset[Capability]

    def can(self, capability: Capability) -> bool:
        return capability in self.capabilities

    @cached_property
    def can_edit(self) -> bool:
        return Capability.EDIT in self.capabilities

    @cached_property
    def can_approve(self) -> bool:
        return Capability.APPROVE in self.capabilities

    @cached_property
    def can_agree(self) -> bool:
        return Capability.AGREE in self.capabilities

    @cached_property
    def can_edit_profile(self) -> bool:
        return Capability.EDIT_PROFILE in self.capabilities

    @cached_property
    def can_see_recipients(self) -> bool:
        return Capability.SEE_RECIPIENTS in self.capabilities

    @cached_property
    def is_read_only(self) -> bool:
        return not (self.can_edit or self.can_approve or self.can_agree or self.can_edit_profile)


def capabilities_for(user, twinning) -> frozenset[Capability]:
    """Return what the user may do with the twinning (empty if the user may not see it)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    scope = scope_for(user)
    caps: set[Capability] = set()
    for role, org_ids in scope.sponsor_orgs.items():
        if twinning.sponsor_id in org_ids:
            caps |= _SPONSOR_CAPABILITIES[role]
    for role, org_ids in scope.partner_orgs.items():
        if twinning.partner_organisation_id in org_ids:
            caps |= _PARTNER_CAPABILITIES[role]
    # Every member of either party sees the twinning, as visible_twinnings() lists it, even in
    # a role meant for the other side (a coordinator of the commune's committee): otherwise the
    # list would show a twinning whose page answers 404.
    party_ids = {twinning.sponsor_id, twinning.partner_organisation_id}
    if party_ids & scope.member_org_ids:
        caps.add(Capability.VIEW)
    if scope.national_overseer or twinning.programme.province_id in scope.overseen_provinces:
        caps |= _OVERSIGHT_CAPABILITIES
    if scope.is_admin:
        caps.add(Capability.VIEW)
    return frozenset(caps)


def _lookup(key) -> Q:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return Q(pk=int(key))
    return Q(slug=key)


def get_twinning_for_user(user, key) -> TwinningAccess:
    """Return the twinning (by id or slug) and the user's rights, or raise 404 if not visible."""
    from twinning.programmes.models import Twinning

    twinning = (
        Twinning.objects.select_related(
            "programme", "sponsor", "partner_unit__parent__parent", "partner_organisation"
        )
        .filter(_lookup(key))
        .first()
    )
    if twinning is None:
        raise Http404
    caps = capabilities_for(user, twinning)
    if Capability.VIEW not in caps:
        raise Http404
    return TwinningAccess(twinning, caps)


def get_rw_twinning_for_user(user, key, capability: Capability = Capability.EDIT) -> TwinningAccess:
    """Return the twinning if the user has `capability` on it; 404 if invisible, 403 if read-only."""
    access = get_twinning_for_user(user, key)
    if not access.can(capability):
        raise PermissionDenied
    return access


def visible_activities(user) -> QuerySet:
    from twinning.activities.models import Activity

    if not user.is_authenticated:
        return Activity.objects.none()
    condition = _twinning_filter(scope_for(user), prefix="twinning__")
    qs = Activity.objects.all()
    return qs if condition is None else qs.filter(condition)


def get_activity_for_user(
    user, pk, capability: Capability = Capability.VIEW
) -> tuple[object, TwinningAccess]:
    """Return (activity, access): 404 if the user may not see it, 403 without `capability`."""
    from twinning.activities.models import Activity

    activity = Activity.objects.filter(pk=pk).select_related("twinning").first()
    if activity is None:
        raise Http404
    access = get_twinning_for_user(user, activity.twinning_id)
    if not access.can(capability):
        raise PermissionDenied
    return activity, access


def visible_contributions(user) -> QuerySet:
    """Return the contributions the user may read: those of visible twinnings, and a
    contributor's own (a business sees what it gave, wherever it went)."""
    from twinning.activities.models import Contribution

    if not user.is_authenticated:
        return Contribution.objects.none()
    scope = scope_for(user)
    condition = _twinning_filter(scope, prefix="activity__twinning__")
    if condition is None:
        return Contribution.objects.all()
    if scope.contributor_orgs:
        condition |= Q(contributor_id__in=scope.contributor_orgs)
    return Contribution.objects.filter(condition)


def contributor_organisations(user) -> frozenset[int]:
    """Return the organisations whose contributions the user may see as their contributor."""
    return scope_for(user).contributor_orgs if user.is_authenticated else frozenset()


def recipients_for(user, activity, *, action: str = "view", reason: str = "", path: str = ""):
    """Return the activity's named recipients, logging the access; 403 for roles without the
    right. The log is written even when the list is empty: the attempt to look is the fact."""
    from twinning.activities.models import PersonalDataAccess

    access = get_twinning_for_user(user, activity.twinning_id)
    if not access.can_see_recipients:
        raise PermissionDenied
    from twinning.core.text import vn_order

    recipients = list(activity.recipients.order_by(vn_order("full_name"), "pk"))
    PersonalDataAccess.objects.create(
        user=user,
        action=action,
        twinning_id=activity.twinning_id,
        activity=activity,
        record_count=len(recipients),
        reason=reason,
        path=path[:255],
    )
    return recipients


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and scope_for(user).is_admin)


def is_overseer(user) -> bool:
    scope = scope_for(user) if user.is_authenticated else None
    return bool(scope and (scope.national_overseer or scope.overseen_provinces))


def twinnings_with(user, capability: Capability) -> QuerySet:
    """Return the twinnings on which the user has `capability` (for work lists: the plans an
    approver must approve, the activities a commune officer must confirm)."""
    from twinning.programmes.models import Twinning

    if not user.is_authenticated or not user.is_active:
        return Twinning.objects.none()
    scope = scope_for(user)
    if capability == Capability.VIEW:
        return visible_twinnings(user)
    q = Q(pk__in=[])
    for role, org_ids in scope.sponsor_orgs.items():
        if capability in _SPONSOR_CAPABILITIES[role]:
            q |= Q(sponsor_id__in=org_ids)
    for role, org_ids in scope.partner_orgs.items():
        if capability in _PARTNER_CAPABILITIES[role]:
            q |= Q(partner_organisation_id__in=org_ids)
    if capability in _OVERSIGHT_CAPABILITIES:
        if scope.national_overseer:
            return Twinning.objects.all()
        if scope.overseen_provinces:
            q |= Q(programme__province_id__in=scope.overseen_provinces)
    return Twinning.objects.filter(q)


def visible_organisations(user) -> QuerySet:
    """Return the organisations the user may look up: the parties of the twinnings they see,
    the contributors to those twinnings, and their own organisations (and predecessors)."""
    from twinning.activities.models import Contribution

    if not user.is_authenticated:
        return Organisation.objects.none()
    scope = scope_for(user)
    if scope.is_admin or scope.national_overseer:
        return Organisation.objects.all()
    twinnings = visible_twinnings(user)
    own = scope.member_org_ids | scope.contributor_orgs
    contributors = Contribution.objects.filter(activity__twinning__in=twinnings.values("pk"))
    return Organisation.objects.filter(
        Q(pk__in=own)
        | Q(pk__in=twinnings.values("sponsor_id"))
        | Q(pk__in=twinnings.values("partner_organisation_id"))
        | Q(pk__in=contributors.values("contributor_id"))
    )


def get_organisation_for_user(user, slug: str) -> Organisation:
    """Return the organisation if the user may look it up, or raise 404."""
    organisation = visible_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation
