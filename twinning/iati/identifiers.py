"""IATI organisation and activity identifiers.

An organisation identifier is `{registration agency}-{number in that agency's list}`, the agency
taken from IATI's OrganisationRegistrationAgency codelist: Viet Nam's government bodies (the
departments that sponsor twinnings, the commune People's Committees) by `VN-COA`, a business by
the register it is in. Twinning does not hold those numbers in its data: the operator sets them
in IATI_ORGANISATION_IDENTIFIERS (settings), by organisation short address. Nothing is made up:

- an organisation without a registered identifier is named (narrative) without a reference;
- a reporting organisation must have a reference (the schema requires one): without a
  registered identifier it gets `{IATI_IDENTIFIER_PREFIX}-{short address}`, a placeholder that
  the file checks report as a warning (validation.py) until the body is registered.

An activity identifier starts with the identifier of the organisation that first reported it
(the sponsor that signed the twinning) and never changes; when that body has been succeeded,
the successor reports the activity and the first identifier travels as an other-identifier of
type B1 (previous reporting organisation).
"""

from __future__ import annotations

from django.conf import settings

from twinning.organisations.models import Organisation
from twinning.programmes.models import Programme, Twinning


def current_organisation(organisation: Organisation) -> Organisation:
    """Return the body that carries the organisation's work today: the last of its successors
    (itself when it has none)."""
    seen = {organisation.pk}
    while organisation.succeeded_by_id and organisation.succeeded_by_id not in seen:
        organisation = organisation.succeeded_by
        seen.add(organisation.pk)
    return organisation


def registered_identifier(organisation: Organisation) -> str | None:
    """Return the organisation's registered IATI identifier, or None when none is configured."""
    return settings.IATI_ORGANISATION_IDENTIFIERS.get(organisation.slug)


def placeholder_identifier(organisation: Organisation) -> str:
    return f"{settings.IATI_IDENTIFIER_PREFIX}-{organisation.slug}"


def reporting_identifier(organisation: Organisation) -> str:
    """Return the reference of an organisation that reports: registered, or the placeholder."""
    return registered_identifier(organisation) or placeholder_identifier(organisation)


def is_placeholder(reference: str) -> bool:
    """Return True if the reference is not one of the registered identifiers."""
    return reference not in set(settings.IATI_ORGANISATION_IDENTIFIERS.values())


def first_reporter(twinning: Twinning) -> Organisation:
    """Return the organisation whose identifier starts the twinning's activity identifier: the
    sponsor that signed it when that body has a registered identifier, else today's sponsor."""
    if registered_identifier(twinning.sponsor):
        return twinning.sponsor
    return current_organisation(twinning.sponsor)


def twinning_identifier(twinning: Twinning) -> str:
    return f"{reporting_identifier(first_reporter(twinning))}-{twinning.slug}"


def programme_first_reporter(programme: Programme) -> Organisation | None:
    """Return the body whose identifier starts the programme's identifier: its coordinating
    body (the sponsor of its first twinning when it has none), as for twinnings."""
    first = programme.coordinating_organisation
    if first is None:
        twinning = programme.twinnings.select_related("sponsor").order_by("sponsor__name", "pk")
        twinning = twinning.first()
        first = twinning.sponsor if twinning else None
    if first is None or registered_identifier(first):
        return first
    return current_organisation(first)


def programme_reporter(programme: Programme) -> Organisation | None:
    """Return who reports a programme today: its coordinating body (or that body's successor),
    else today's sponsor of its first twinning; None when it has neither."""
    first = programme_first_reporter(programme)
    return current_organisation(first) if first is not None else None


def programme_identifier(programme: Programme) -> str:
    first = programme_first_reporter(programme)
    if first is None:
        return f"{settings.IATI_IDENTIFIER_PREFIX}-programme-{programme.slug}"
    return f"{reporting_identifier(first)}-programme-{programme.slug}"
