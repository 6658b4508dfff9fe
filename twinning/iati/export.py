"""IATI activity and organisation files (standard version 2.03) from the public records of
twinnings.

One twinning is one IATI activity: its sponsor (today's body, after a reorganisation) reports
it, the commune's People's Committee implements it, each delivered contribution of a published
activity is a transaction in VND, the categories of the work become DAC 5-digit sectors
(docs/iati.md), and the commune's indicators become results. A programme is one parent activity
that points to its twinnings (related-activity); their activities are published once, in their
own files. Each reporting organisation has an organisation file. Only what the public pages show
goes in: activities confirmed by the commune and published, never a recipient. Identifiers:
identifiers.py; the checks against the schemas and the IATI Standard Ruleset: validation.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from lxml import etree

from twinning.core.choices import Category
from twinning.geo.lineage import current_units
from twinning.iati import identifiers
from twinning.iati.identifiers import current_organisation
from twinning.indicators.models import Indicator
from twinning.organisations.models import Organisation
from twinning.programmes.models import Programme, Twinning
from twinning.reports import queries

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Our categories as OECD DAC CRS purpose codes (5 digits, sector vocabulary 1); docs/iati.md
# gives the reasons. Categories that share a code are added up under it.
SECTORS: dict[str, str] = {
    Category.EXCHANGE: "16061",  # Culture and recreation
    Category.FESTIVAL: "16061",  # Culture and recreation
    Category.GIFTS: "16010",  # Social/welfare services
    Category.EDUCATION: "11220",  # Primary education
    Category.INFRASTRUCTURE: "23630",  # Electric power transmission and distribution
    Category.HEALTH: "12250",  # Infectious disease control
    Category.TRAINING: "11330",  # Vocational training
    Category.TRADE: "33110",  # Trade policy and administrative management
    Category.TOURISM: "33210",  # Tourism policy and administrative management
    Category.ENVIRONMENT: "41010",  # Environmental policy and administrative management
    Category.GOVERNANCE: "15110",  # Public sector policy and administrative management
    Category.POLICY: "15150",  # Democratic participation and civil society
    Category.OTHER: "43010",  # Multisector aid
}

# Organisation kinds as IATI organisation types.
ORGANISATION_TYPES = {
    Organisation.Kind.NATIONAL_AGENCY: "10",  # Government
    Organisation.Kind.PROVINCIAL_AGENCY: "10",
    Organisation.Kind.PROVINCIAL_COMMITTEE: "10",
    Organisation.Kind.COMMUNE_COMMITTEE: "11",  # Local Government
    Organisation.Kind.BUSINESS: "72",  # Private Sector in Aid Recipient Country
    Organisation.Kind.SCHOOL: "80",  # Academic, Training and Research
    Organisation.Kind.ASSOCIATION: "22",  # National NGO
    Organisation.Kind.UNION: "22",
    Organisation.Kind.OTHER: "90",
}

ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_EXTENDING, ROLE_IMPLEMENTING = "1", "2", "3", "4"
ACTIVITY_STATUS = {
    Twinning.Status.ACTIVE: "2",  # Implementation
    Twinning.Status.SUSPENDED: "6",  # Suspended
    Twinning.Status.ENDED: "4",  # Post-completion
}
DATE_PLANNED_START, DATE_ACTUAL_START, DATE_PLANNED_END, DATE_ACTUAL_END = "1", "2", "3", "4"
TRANSACTION_DISBURSEMENT = "3"
FINANCE_STANDARD_GRANT = "110"
RESULT_IMPACT = "3"
MEASURE_UNIT, MEASURE_PERCENTAGE = "1", "2"
RELATED_PARENT, RELATED_CHILD = "1", "2"


# A twinning with nothing published yet still needs a sector (IATI Standard Ruleset): its work is
# not classified yet, so it is reported as multisector aid.
SECTOR_NOTHING_YET = "43010"
OTHER_IDENTIFIER_PREVIOUS_REPORTER = "B1"

# Kept for callers of the earlier names.
twinning_identifier = identifiers.twinning_identifier
programme_identifier = identifiers.programme_identifier


# --- building blocks -----------------------------------------------------------------------------


def _sub(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(
        parent, tag, {k.replace("_", "-"): str(v) for k, v in attributes.items()}
    )
    if text is not None:
        element.text = text
    return element


def _narratives(parent, tag: str | None, texts: dict[str, str]) -> etree._Element:
    """Add (under `tag`, or directly) one narrative per language; Vietnamese is the default."""
    holder = _sub(parent, tag) if tag else parent
    for language, text in texts.items():
        if not text:
            continue
        narrative = _sub(holder, "narrative", text)
        if language != "vi":
            narrative.set(XML_LANG, language)
    return holder


def _organisation(
    parent, tag: str, organisation: Organisation, *, reporting: bool = False, **attributes
) -> etree._Element:
    """Add the organisation under `tag`: its registered identifier as @ref (a reporting
    organisation always has one: the placeholder when none is registered), its type and name."""
    reference = (
        identifiers.reporting_identifier(organisation)
        if reporting
        else identifiers.registered_identifier(organisation)
    )
    element = _sub(parent, tag, **({"ref": reference} if reference else {}))
    element.set("type", ORGANISATION_TYPES.get(organisation.kind, "90"))
    for name, value in attributes.items():
        element.set(name.replace("_", "-"), str(value))
    _narratives(element, None, {"vi": organisation.name})
    return element


def _number(value: Decimal | int) -> str:
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


def sector_shares(by_category: list[queries.CategoryRow]) -> list[tuple[str, int]]:
    """Return (DAC code, percentage) pairs adding up to exactly 100: by delivered value, or by
    number of activities when nothing has a value (largest remainders get the rounding). A code
    with activities keeps at least 1 % even when they have no value (lamps installed by the
    sponsor's own staff are still electricity work); with nothing at all, multisector 100 %."""
    weights: dict[str, int] = {}
    activities: dict[str, int] = {}
    use_value = any(row.value.total for row in by_category)
    for row in by_category:
        code = SECTORS.get(row.category, SECTORS[Category.OTHER])
        weights[code] = weights.get(code, 0) + (row.value.total if use_value else row.activities)
        activities[code] = activities.get(code, 0) + row.activities
    total = sum(weights.values())
    if not total:
        return [(SECTOR_NOTHING_YET, 100)]
    exact = {code: weight * 100 / total for code, weight in weights.items()}
    shares = {code: int(share) for code, share in exact.items()}
    leftover = 100 - sum(shares.values())
    for code in sorted(exact, key=lambda c: exact[c] - shares[c], reverse=True)[:leftover]:
        shares[code] += 1
    for code in sorted(c for c, share in shares.items() if not share and activities[c]):
        largest = max(shares, key=lambda c: (shares[c], c))
        shares[largest] -= 1
        shares[code] = 1
    return sorted(((code, share) for code, share in shares.items() if share), key=lambda r: r[0])


def _location(parent, unit, *, today: datetime.date) -> None:
    """Add the unit as a location: the national statistics office's codes of the unit and its
    parents in @ref and the description (IATI's geographic vocabularies have no national list),
    the country as an ISO 3166-1 administrative code."""
    chain, node = [], unit
    while node is not None and node.level != "country":
        chain.append(node)
        node = node.parent
    codes = "-".join(u.code or "?" for u in reversed(chain))
    location = _sub(parent, "location", ref=f"VN-GSO-{codes}")
    _sub(location, "location-reach", code="1")
    _narratives(location, "name", {"vi": unit.full_name})
    validity = ""
    if unit.valid_until and unit.valid_until < today:
        validity = f"; hiệu lực đến {unit.valid_until:%d/%m/%Y}"
    elif unit.valid_from:
        validity = f"; hiệu lực từ {unit.valid_from:%d/%m/%Y}"
    described = ", ".join(f"{u.type_name or u.get_level_display()} {u.code}" for u in chain)
    described_en = ", ".join(f"{u.level} {u.code}" for u in chain)
    _narratives(
        location,
        "description",
        {
            "vi": f"Mã đơn vị hành chính (Tổng cục Thống kê): {described}{validity}",
            "en": f"Administrative unit codes (General Statistics Office of Viet Nam): "
            f"{described_en}",
        },
    )
    _sub(location, "administrative", vocabulary="A4", level="0", code="VN")
    _sub(location, "exactness", code="2")
    _sub(location, "location-class", code="1")
    levels = {"province": "ADM1", "district": "ADM2", "commune": "ADM3", "village": "ADM4"}
    if unit.level in levels:
        _sub(location, "feature-designation", code=levels[unit.level])


def _results(parent, twinning: Twinning, units: list) -> None:
    """Add the commune's indicators as one result: the first year's value as the baseline and
    each later year as a period with its actual value."""
    trends = [t for t in queries.indicator_trends([u.pk for u in units]) if t.points]
    if not trends:
        return
    result = _sub(parent, "result", type=RESULT_IMPACT, aggregation_status="0")
    _narratives(
        result,
        "title",
        {
            "vi": f"Chỉ tiêu kinh tế - xã hội của {twinning.partner_unit}",
            "en": f"Socio-economic indicators of {twinning.partner_unit}",
        },
    )
    for trend in trends:
        indicator = trend.indicator
        element = _sub(
            result,
            "indicator",
            measure=(
                MEASURE_PERCENTAGE if indicator.unit == Indicator.Unit.PERCENT else MEASURE_UNIT
            ),
            ascending="1" if indicator.higher_is_better else "0",
            aggregation_status="0",
        )
        _narratives(
            element,
            "title",
            {"vi": indicator.name, "en": indicator.name_en, "ar": indicator.name_ar},
        )
        first, *later = trend.points
        _sub(element, "baseline", year=first.year, value=_number(first.value))
        for point in later:
            period = _sub(element, "period")
            _sub(period, "period-start", iso_date=datetime.date(point.year, 1, 1).isoformat())
            _sub(period, "period-end", iso_date=datetime.date(point.year, 12, 31).isoformat())
            _sub(period, "actual", value=_number(point.value))


# --- activities ----------------------------------------------------------------------------------


def _previous_reporter(activity, first: Organisation, reporter: Organisation) -> None:
    """Add the identifier of the organisation that first reported the activity (type B1) when
    its successor reports it now: the activity keeps the identifier it was published with."""
    if first.pk == reporter.pk:
        return
    reference = identifiers.reporting_identifier(first)
    element = _sub(
        activity, "other-identifier", ref=reference, type=OTHER_IDENTIFIER_PREVIOUS_REPORTER
    )
    owner = _sub(element, "owner-org", ref=reference)
    _narratives(owner, None, {"vi": first.name})


def _start_date(activity, day: datetime.date, note: str, *, today: datetime.date) -> None:
    """Add the start: actual (type 2) once the day has come, planned (type 1) before it."""
    kind = DATE_ACTUAL_START if day <= today else DATE_PLANNED_START
    element = _sub(activity, "activity-date", type=kind, iso_date=day.isoformat())
    if note:
        _narratives(element, None, {"vi": note})


def twinning_activity(twinning: Twinning, *, today: datetime.date | None = None) -> etree._Element:
    """Return the <iati-activity> of one twinning, from its public records."""
    today = today or timezone.localdate()
    activities = queries.public_activities(twinning)
    totals = queries.activity_totals(activities)
    updated = activities.aggregate(last=Max("updated_at"))["last"] or twinning.updated_at
    commune = str(twinning.partner_unit)
    sponsor = current_organisation(twinning.sponsor)
    partner = current_organisation(twinning.partner_organisation)

    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": updated.isoformat(timespec="seconds"),
            XML_LANG: "vi",
            "default-currency": "VND",
            "hierarchy": "2",
        },
    )
    _sub(activity, "iati-identifier", identifiers.twinning_identifier(twinning))
    _organisation(activity, "reporting-org", sponsor, reporting=True)
    _narratives(
        activity,
        "title",
        {
            "vi": f"Kết nghĩa giữa {twinning.sponsor.name} và {commune}",
            "en": f"Twinning of {twinning.sponsor.name} with {commune}",
        },
    )
    general = _narratives(
        activity,
        "description",
        {
            "vi": twinning.objectives
            or f"Hoạt động kết nghĩa của {twinning.sponsor.name} với {commune}.",
            "en": f"Exchange and support of {twinning.sponsor.name} for {commune}, "
            f"under {twinning.programme.name}.",
        },
    )
    general.set("type", "1")
    if totals.beneficiaries:
        groups = _narratives(
            activity,
            "description",
            {
                "vi": "; ".join(f"{row.label}: {row.count}" for row in totals.beneficiaries),
            },
        )
        groups.set("type", "3")  # target groups: counts by group, never a name

    _organisation(activity, "participating-org", sponsor, role=ROLE_FUNDING)
    _organisation(activity, "participating-org", sponsor, role=ROLE_ACCOUNTABLE)
    _organisation(activity, "participating-org", partner, role=ROLE_IMPLEMENTING)
    contributions = list(queries.public_contributions(activities))
    seen = {sponsor.pk, partner.pk}
    for contribution in contributions:
        if contribution.contributor_id not in seen:
            seen.add(contribution.contributor_id)
            _organisation(
                activity, "participating-org", contribution.contributor, role=ROLE_FUNDING
            )
    _previous_reporter(activity, identifiers.first_reporter(twinning), sponsor)

    _sub(activity, "activity-status", code=ACTIVITY_STATUS.get(twinning.status, "2"))
    _start_date(activity, twinning.signed_on, twinning.signed_on_note, today=today)
    if twinning.ended_on:
        kind = DATE_ACTUAL_END if twinning.ended_on <= today else DATE_PLANNED_END
        _sub(activity, "activity-date", type=kind, iso_date=twinning.ended_on.isoformat())
    _sub(activity, "recipient-country", code="VN", percentage="100")
    units = [twinning.partner_unit] + [
        u for u in current_units(twinning.partner_unit) if u != twinning.partner_unit
    ]
    for unit in units:
        _location(activity, unit, today=today)
    for code, share in sector_shares(totals.by_category):
        _sub(activity, "sector", vocabulary="1", code=code, percentage=share)
    _sub(activity, "default-finance-type", code=FINANCE_STANDARD_GRANT)

    for contribution in contributions:
        day = min(contribution.delivered_on or contribution.activity.start_date, today)
        transaction = _sub(activity, "transaction", ref=f"contribution-{contribution.pk}")
        _sub(transaction, "transaction-type", code=TRANSACTION_DISBURSEMENT)
        _sub(transaction, "transaction-date", iso_date=day.isoformat())
        _sub(
            transaction,
            "value",
            str(contribution.value_vnd),
            currency="VND",
            value_date=day.isoformat(),
        )
        what = contribution.item or contribution.get_kind_display()
        if contribution.quantity is not None and contribution.unit:
            what += f" ({_number(contribution.quantity)} {contribution.unit})"
        _narratives(transaction, "description", {"vi": f"{what} — {contribution.activity.title}"})
        _organisation(transaction, "provider-org", contribution.contributor)
        _organisation(transaction, "receiver-org", twinning.partner_organisation)

    _sub(
        activity,
        "related-activity",
        ref=identifiers.programme_identifier(twinning.programme),
        type=RELATED_PARENT,
    )
    _results(activity, twinning, units)
    return activity


def programme_activity(
    programme: Programme, twinnings: list[Twinning], *, today: datetime.date | None = None
) -> etree._Element:
    """Return the parent <iati-activity> of a programme: who coordinates and funds it, its
    sectors over all its twinnings' public work, and a related-activity for each twinning (whose
    activities and transactions are published in the twinning's own file, never twice)."""
    today = today or timezone.localdate()
    activity = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": programme.updated_at.isoformat(timespec="seconds"),
            XML_LANG: "vi",
            "default-currency": "VND",
            "hierarchy": "1",
        },
    )
    _sub(activity, "iati-identifier", identifiers.programme_identifier(programme))
    reporter = identifiers.programme_reporter(programme)
    if reporter is not None:
        _organisation(activity, "reporting-org", reporter, reporting=True)
    else:
        reporting = _sub(
            activity,
            "reporting-org",
            ref=f"{settings.IATI_IDENTIFIER_PREFIX}-{programme.slug}",
            type="10",
        )
        _narratives(reporting, None, {"vi": programme.name})
    _narratives(activity, "title", {"vi": programme.name})
    description = _narratives(
        activity,
        "description",
        {"vi": programme.description or programme.legal_reference or programme.name},
    )
    description.set("type", "1")
    if programme.coordinating_organisation:
        _organisation(
            activity,
            "participating-org",
            current_organisation(programme.coordinating_organisation),
            role=ROLE_ACCOUNTABLE,
        )
    sponsors = {}
    communes = {}
    for twinning in twinnings:
        sponsor = current_organisation(twinning.sponsor)
        sponsors.setdefault(sponsor.pk, sponsor)
        commune = current_organisation(twinning.partner_organisation)
        communes.setdefault(commune.pk, commune)
    for sponsor in sponsors.values():
        _organisation(activity, "participating-org", sponsor, role=ROLE_FUNDING)
    for commune in communes.values():
        _organisation(activity, "participating-org", commune, role=ROLE_IMPLEMENTING)
    if reporter is not None:
        _previous_reporter(activity, identifiers.programme_first_reporter(programme), reporter)
    if reporter is None and not twinnings:
        # participating-org is required: without anyone recorded the programme names itself.
        element = _sub(activity, "participating-org", role=ROLE_ACCOUNTABLE, type="10")
        _narratives(element, None, {"vi": programme.name})
    _sub(activity, "activity-status", code="2")
    start = datetime.date(programme.start_year, 1, 1) if programme.start_year else None
    if start is None and twinnings:
        start = min(t.signed_on for t in twinnings)
    _start_date(activity, start or programme.created_at.date(), "", today=today)
    if programme.end_year:
        _sub(
            activity,
            "activity-date",
            type=DATE_PLANNED_END,
            iso_date=datetime.date(programme.end_year, 12, 31).isoformat(),
        )
    _sub(activity, "recipient-country", code="VN", percentage="100")
    totals = queries.activity_totals(queries.public_activities(twinnings))
    for code, share in sector_shares(totals.by_category):
        _sub(activity, "sector", vocabulary="1", code=code, percentage=share)
    _sub(activity, "default-finance-type", code=FINANCE_STANDARD_GRANT)
    for twinning in twinnings:
        _sub(
            activity,
            "related-activity",
            ref=identifiers.twinning_identifier(twinning),
            type=RELATED_CHILD,
        )
    return activity


def organisation_element(
    organisation: Organisation, *, today: datetime.date | None = None
) -> etree._Element:
    """Return the <iati-organisation> of a reporting organisation: its identifier and name, and
    what it gave per calendar year in the public activities of the twinnings it (or a body it
    succeeded) sponsors, as total expenditure."""
    today = today or timezone.localdate()
    lineage = organisation.lineage_ids()
    twinnings = list(Twinning.objects.filter(sponsor__in=lineage))
    activities = queries.public_activities(twinnings)
    by_year: dict[int, int] = {}
    for contribution in queries.public_contributions(activities):
        if contribution.contributor_id in lineage:
            day = contribution.delivered_on or contribution.activity.start_date
            by_year[day.year] = by_year.get(day.year, 0) + contribution.value_vnd
    updated = activities.aggregate(last=Max("updated_at"))["last"] or timezone.now()
    element = etree.Element(
        "iati-organisation",
        {
            "last-updated-datetime": updated.isoformat(timespec="seconds"),
            XML_LANG: "vi",
            "default-currency": "VND",
        },
    )
    reference = identifiers.reporting_identifier(organisation)
    _sub(element, "organisation-identifier", reference)
    _narratives(element, "name", {"vi": organisation.name})
    _organisation(element, "reporting-org", organisation, reporting=True)
    for year in sorted(by_year):
        end = min(datetime.date(year, 12, 31), today)
        expenditure = _sub(element, "total-expenditure")
        _sub(expenditure, "period-start", iso_date=datetime.date(year, 1, 1).isoformat())
        _sub(expenditure, "period-end", iso_date=end.isoformat())
        _sub(expenditure, "value", str(by_year[year]), currency="VND", value_date=end.isoformat())
    return element


def document(activities: list[etree._Element]) -> bytes:
    """Return the <iati-activities> file holding the given activities."""
    return _file("iati-activities", activities)


def _file(root_tag: str, children: list[etree._Element]) -> bytes:
    root = etree.Element(
        root_tag,
        {
            "version": IATI_VERSION,
            "generated-datetime": timezone.now().isoformat(timespec="seconds"),
        },
    )
    root.extend(children)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def twinnings() -> QuerySet:
    """Return the twinnings with what their files read, ready for export."""
    return Twinning.objects.select_related(
        "programme",
        "sponsor__succeeded_by",
        "partner_organisation__succeeded_by",
        "partner_unit__parent__parent__parent",
    )


def reporting_organisations() -> QuerySet:
    """Return the organisations that report in the files: today's sponsors of twinnings and
    today's coordinating bodies of programmes."""
    ids = set()
    for organisation in Organisation.objects.filter(
        Q(sponsored_twinnings__isnull=False) | Q(coordinated_programmes__isnull=False)
    ).distinct():
        ids.add(current_organisation(organisation).pk)
    return Organisation.objects.filter(pk__in=ids).order_by("slug")


def twinning_file(twinning: Twinning) -> bytes:
    """Return the IATI activity file of one twinning."""
    return document([twinning_activity(twinning)])


def programme_file(programme: Programme) -> bytes:
    """Return the IATI activity file of a programme: its own activity, which points to its
    twinnings' files."""
    members = list(twinnings().filter(programme=programme).order_by("sponsor__name", "pk"))
    return document([programme_activity(programme, members)])


def organisation_file(organisation: Organisation) -> bytes:
    """Return the IATI organisation file of a reporting organisation."""
    return _file("iati-organisations", [organisation_element(organisation)])
