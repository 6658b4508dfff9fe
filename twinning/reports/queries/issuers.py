"""Who issues a report on a given day, and which twinnings a commune's report covers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from twinning.core.text import vn_order

# ---------------------------------------------------------------------------------------------
# Who issues a report on a given day, and which twinnings a commune's report covers


def issuing_body(organisation, day: datetime.date):
    """Return the organisation that acted for `organisation` on `day`: its successor after it
    ceased (the Bình Thuận Department became Lâm Đồng's on 1 July 2025), its predecessor before
    it began."""
    from twinning.organisations.models import Organisation

    seen = set()
    current = organisation
    while current.pk not in seen:
        seen.add(current.pk)
        if current.valid_until and day > current.valid_until and current.succeeded_by_id:
            current = Organisation.objects.select_related("admin_unit").get(
                pk=current.succeeded_by_id
            )
        elif current.valid_from and day < current.valid_from:
            before = (
                Organisation.objects.select_related("admin_unit")
                .filter(succeeded_by=current, kind=current.kind)
                .order_by("-valid_until")
                .first()
            )
            if before is None:
                break
            current = before
        else:
            break
    return current


def signer_name(organisation) -> str:
    """Return the name of the organisation's (or its successor's) first approver, or ""."""
    from twinning.organisations.models import Membership, Role

    membership = (
        Membership.objects.filter(organisation=organisation, role=Role.APPROVER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        return ""
    user = membership.user
    return (user.get_full_name() or user.first_name or "").strip()


@dataclass
class MergedScope:
    """A commune as it is now: today's unit(s), every unit merged into them, and the twinnings
    of all of them."""

    current_units: list
    unit_ids: set[int]
    twinning_ids: list[int]
    added_communes: list[str]  # the units merged in, other than the twinning's own


def merged_scope(twinning) -> MergedScope:
    """Return the twinnings and units that add up under the unit the partner commune became."""
    from twinning.geo.lineage import current_units, predecessor_ids
    from twinning.geo.models import AdminUnit
    from twinning.programmes.models import Twinning

    units = current_units(twinning.partner_unit)
    unit_ids = predecessor_ids({u.pk for u in units})
    twinning_ids = list(
        Twinning.objects.filter(partner_unit_id__in=unit_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    added = [
        str(unit)
        for unit in AdminUnit.objects.filter(pk__in=unit_ids, level=twinning.partner_unit.level)
        .exclude(pk=twinning.partner_unit_id)
        .exclude(pk__in=[u.pk for u in units])
        .order_by(vn_order("name"))
    ]
    return MergedScope(units, unit_ids, twinning_ids, added)


@dataclass
class ActingBody:
    """The organisation that acts today for one given before (its successor after a
    reorganisation), and the former names it gave under."""

    organisation_id: int
    name: str
    former_names: list[str]


def acting_bodies(organisation_ids, day: datetime.date) -> dict[int, ActingBody]:
    """Return, for each organisation id, the body that acts for it on `day` (following
    `succeeded_by` past the day it ceased) with the former names, so that a department and the
    one it became are one contributor in a report (1 query per step of succession, usually 1 or
    2)."""
    from twinning.organisations.models import Organisation

    known: dict[int, Organisation] = {}
    wanted = set(organisation_ids)
    while wanted - set(known):
        for organisation in Organisation.objects.filter(pk__in=wanted - set(known)):
            known[organisation.pk] = organisation
            if organisation.succeeded_by_id:
                wanted.add(organisation.succeeded_by_id)

    def acting(pk: int) -> int:
        seen = set()
        while pk not in seen:
            seen.add(pk)
            organisation = known[pk]
            if (
                organisation.succeeded_by_id
                and organisation.valid_until
                and day > organisation.valid_until
            ):
                pk = organisation.succeeded_by_id
            else:
                break
        return pk

    bodies: dict[int, ActingBody] = {}
    by_acting: dict[int, ActingBody] = {}
    for pk in organisation_ids:
        target = acting(pk)
        body = by_acting.setdefault(target, ActingBody(target, known[target].name, []))
        name = known[pk].name
        if name != body.name and name not in body.former_names:
            body.former_names.append(name)
        bodies[pk] = body
    return bodies
