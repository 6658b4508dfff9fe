"""The twinning report for a year or a span of years, as plain data.

Built in the structure the departments use: Căn cứ; I. Đặc điểm tình hình; II. Kết quả thực
hiện; III. Đánh giá; IV. Phương hướng; V. Kiến nghị; and the appendix table. The data is fetched
once (`fetch`: the queries package, a fixed number of queries) and each part of the report is
one function over it. Every renderer (Word, PDF, Excel, CSV, the web page) reads a
`TwinningReport` and nothing else.

Language: the report is built with `translation.override(language)`. Vietnamese is written here
(the document is Vietnamese by nature), English is the gettext message id and Arabic comes from
the catalogue (wording.py). The national header, the titles, categories and units are
translated; names entered in Vietnamese stay as entered.

Scopes: "as it was" reads the twinning's own activities under the units of the time; "as it is"
adds the twinnings of the communes merged into today's commune. Either way the sponsor's own
money is only what the sponsor (or a body it succeeded or that succeeded it) gave: another
department's money in a merged commune is that department's, never the sponsor's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.activities.models import Activity, BeneficiaryGroup, Contribution
from twinning.core.choices import Category
from twinning.core.formatting import decree30_date, format_number, format_year
from twinning.reports import queries
from twinning.reports.narrative import narrative_paragraphs
from twinning.reports.tables import PartialDate, Table
from twinning.reports.wording import (
    GROUP_UNITS,
    counted,
    date_text,
    group_unit_label,
    isolate,
    join,
    join_clauses,
    long_date,
    lower_first,
    money,
    period,
    quantity,
    since_text,
    unit_label,
    unit_total_label,
    upper_first,
    vi_or,
)

AS_IT_WAS = "as_it_was"
AS_IT_IS = "as_it_is"
OWN, OTHER_AGENCY, MOBILISED = "own", "other_agency", "mobilised"

__all__ = ["build_report", "TwinningReport", "Table", "Section", "Chart", "AS_IT_IS", "AS_IT_WAS"]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    subsections: list[Section] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)  # keys of TwinningReport.charts


@dataclass
class Chart:
    key: str
    title: str
    kind: str  # "bar" (stacked) or "line"
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str
    description: str = ""  # the chart in words: its text alternative on a page


@dataclass
class Header:
    parent_body: str  # "UBND TỈNH LÂM ĐỒNG"
    issuer: str  # "SỞ CÔNG THƯƠNG"
    number_line: str  # "Số: 05/BC-SCT"
    place_date: str  # "Lâm Đồng, ngày 05 tháng 01 năm 2026"
    country: str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class TwinningReport:
    language: str
    twinning_id: int
    slug: str
    year_from: int
    year_to: int
    scope: str
    scope_note: str
    header: Header
    kind_title: str  # "BÁO CÁO"
    subject: str
    legal_bases: list[str]
    sections: list[Section]
    narrative: list[str]
    appendix: Table
    appendix_title: str  # "PHỤ LỤC"
    appendix_attached: str  # "(Kèm theo Báo cáo số 05/BC-SCT ngày 05/01/2026 của ...)"
    tables: list[Table]  # the data tables of the Excel and CSV exports
    charts: dict[str, Chart]
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients_heading: str
    recipients: list[str]
    figures: dict  # the key numbers, for tests and the web page
    issued_on: datetime.date
    title_block: list[tuple[str, str]] = field(default_factory=list)  # Excel's first rows

    def export_tables(self) -> list[Table]:
        return [*self.tables, self.appendix]

    @property
    def file_stem(self) -> str:
        return f"bao-cao-{self.slug}-{self.year_from}-{self.year_to}-{self.language}"


# --- the national frame, in the document's language ---------------------------------------------


def national_header(lang: str, *, party: bool = False) -> tuple[str, str]:
    """Return the national title and motto (Decree 30), or the Party's title for a Party body."""
    if party:
        return vi_or("ĐẢNG CỘNG SẢN VIỆT NAM", _("COMMUNIST PARTY OF VIET NAM"), lang), ""
    return (
        vi_or("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", _("SOCIALIST REPUBLIC OF VIET NAM"), lang),
        vi_or("Độc lập - Tự do - Hạnh phúc", _("Independence - Freedom - Happiness"), lang),
    )


def document_number(number: str, short_name: str, kind: str = "BC") -> str:
    """Return "05/BC-SCT": the number with a leading zero below 10, or a blank for the clerk."""
    number = (number or "").strip()
    if "/" in number:
        head, _sep, tail = number.partition("/")
        if head.isdigit():
            head = f"{int(head):02d}"
        return f"{head}/{tail}"
    if number.isdigit():
        number = f"{int(number):02d}"
    return f"{number or '     '}/{kind}-{short_name or 'SO'}"


def number_line(number: str, lang: str) -> str:
    return vi_or(f"Số: {number}", _("No.: %(number)s") % {"number": isolate(number, lang)}, lang)


def place_date(place: str, day: datetime.date, lang: str) -> str:
    """Return "Lâm Đồng, ngày 05 tháng 01 năm 2026" (Decree 30), "Lâm Đồng, 5 January 2026"."""
    if not place:
        return upper_first(long_date(day, lang))
    return f"{isolate(place, lang)}{',' if lang != 'ar' else '،'} {long_date(day, lang)}"


def generic_name(name: str) -> str:
    """Return an agency's name without its province: "Sở Công Thương tỉnh Lâm Đồng" → "Sở Công
    Thương" (the header's issuing body: the province is in the parent body above it)."""
    for marker in (" tỉnh ", " Tỉnh ủy ", " thành phố "):
        if marker in name:
            return name.split(marker)[0]
    return name


def is_party_body(organisation) -> bool:
    from twinning.organisations.models import Organisation

    return organisation.kind == Organisation.Kind.PROVINCIAL_COMMITTEE


def parent_body(organisation) -> str:
    """Return the body above the issuer as the header writes it ("UBND TỈNH LÂM ĐỒNG"; a Party
    committee's board: "TỈNH ỦY LÂM ĐỒNG")."""
    if organisation.parent_body:
        return organisation.parent_body.upper()
    province = organisation.admin_unit.province() if organisation.admin_unit_id else None
    if province is None:
        return ""
    if is_party_body(organisation):
        return f"TỈNH ỦY {province.name}".upper()
    return f"UBND TỈNH {province.name}".upper()


def issuer_header(issuer, number: str, issued_on: datetime.date, lang: str, kind="BC") -> Header:
    """Return the header of a document the organisation issues on the day."""
    province = issuer.admin_unit.province() if issuer.admin_unit_id else None
    party = is_party_body(issuer)
    country, motto = national_header(lang, party=party)
    short = issuer.short_name or _initials(generic_name(issuer.name))
    if party:  # the Party writes "Số 05-BC/BTGDV"
        code = (number or "").strip()
        code = f"{int(code):02d}" if code.isdigit() else (code or "     ")
        numbered = f"{code}-{kind}/{short}"
    else:
        numbered = document_number(number, short, kind)
    line = number_line(numbered, lang)
    if party and lang == "vi":  # the Party writes "Số 05-BC/BTGDV", without a colon
        line = f"Số {numbered}"
    return Header(
        parent_body=parent_body(issuer),
        issuer=generic_name(issuer.name).upper(),
        number_line=line,
        place_date=place_date(province.name if province else "", issued_on, lang),
        country=country,
        motto=motto,
    )


def _initials(name: str) -> str:
    """Return the usual abbreviation of an agency's name: "Ban Tuyên giáo và Dân vận" → "BTGDV"."""
    return "".join(word[0] for word in name.split() if word.lower() != "và").upper()


def signer_authority(issuer, lang: str) -> tuple[str, str]:
    """Return the authority and title of the signature block: "KT. GIÁM ĐỐC" over "PHÓ GIÁM
    ĐỐC" for a department; "K/T TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN" for a Party board."""
    if is_party_body(issuer):
        return (
            vi_or("K/T TRƯỞNG BAN", _("FOR THE HEAD OF THE BOARD"), lang),
            vi_or("PHÓ TRƯỞNG BAN", _("DEPUTY HEAD"), lang),
        )
    return (
        vi_or("KT. GIÁM ĐỐC", _("FOR THE DIRECTOR"), lang),
        vi_or("PHÓ GIÁM ĐỐC", _("DEPUTY DIRECTOR"), lang),
    )


def recipients_heading(lang: str) -> str:
    return vi_or("Nơi nhận:", _("Recipients:"), lang)


def filed_line(short_name: str, lang: str) -> str:
    unit = short_name or "VP"
    return vi_or(
        f"- Lưu: VT, {unit}.",
        _("- Filed: records office, %(unit)s.") % {"unit": isolate(unit, lang)},
        lang,
    )


def organisation_label(body: queries.ActingBody, lang: str) -> str:
    """Return an organisation under its current name, with the former one where it gave under
    it: "Sở Công Thương tỉnh Lâm Đồng (trước đây là Sở Công Thương tỉnh Bình Thuận)"."""
    name = isolate(body.name, lang)
    if not body.former_names:
        return name
    former = join([isolate(n, lang) for n in body.former_names], lang)
    return vi_or(
        f"{name} (trước đây là {former})",
        _("%(name)s (formerly %(former)s)") % {"name": name, "former": former},
        lang,
    )


# --- the data, fetched once ----------------------------------------------------------------------


@dataclass
class Money:
    """An amount split by whose it is, for this report's sponsor."""

    own: int = 0
    other_agency: int = 0  # another department's own money, in a merged commune's twinning
    mobilised: int = 0

    @property
    def total(self) -> int:
        return self.own + self.other_agency + self.mobilised

    def add(self, whose: str, amount: int) -> None:
        setattr(self, whose, getattr(self, whose) + amount)


@dataclass
class GivenItem:
    """What was given, added up by item, unit, whose and kind."""

    item: str
    unit: str
    whose: str
    kind: str
    quantity: Decimal | None
    value_vnd: int
    givers: list[str]


@dataclass
class GroupRow:
    """A beneficiary group: its count, and women and ethnic minorities when every count of the
    group gave them (None: unknown, never 0)."""

    group: str
    unit: str | None
    count: int
    women: int | None
    ethnic_minority: int | None


@dataclass
class IndicatorRow:
    """An indicator as the report shows it: the first and last values of the period, or the
    latest known before its end (never a later one)."""

    indicator: object
    first: queries.IndicatorPoint | None
    last: queries.IndicatorPoint
    in_period: bool
    how: str = ""  # as it is now: how today's commune's figure was made (profile.py)


@dataclass
class ReportData:
    twinning: object
    lang: str
    scope: str
    year_from: int
    year_to: int
    issued_on: datetime.date
    draft: object
    merged: queries.MergedScope | None
    issuer: object
    own_twinning_ids: set[int]
    totals: queries.Totals
    contributions: list[queries.ContributionRow]
    appendix: list[queries.AppendixRow]
    outputs: list[queries.OutputRow]
    beneficiary_lines: list[queries.BeneficiaryLine]
    plans: list[queries.PlanYear]
    trends: list[queries.IndicatorTrend]
    indicators: list[IndicatorRow]
    ethnic_year: int | None
    ethnic: list[queries.EthnicShare]
    bodies: dict[int, queries.ActingBody]
    twinnings: dict[int, object]
    profile: object = None

    @property
    def years(self) -> int:
        return self.year_to - self.year_from + 1

    @property
    def one_year(self) -> bool:
        return self.year_from == self.year_to

    def whose(self, row: queries.ContributionRow) -> str:
        if row.origin != Contribution.Origin.DIRECT:
            return MOBILISED
        return OWN if row.twinning_id in self.own_twinning_ids else OTHER_AGENCY

    @property
    def delivered(self) -> list[queries.ContributionRow]:
        return [c for c in self.contributions if c.status == Contribution.Status.DELIVERED]


def fetch(twinning, year_from, year_to, lang, scope, draft) -> ReportData:
    """Return everything the report shows, read once."""
    from twinning.programmes.models import Twinning
    from twinning.programmes.profile import commune_profile

    issued_on = (draft.issued_on if draft and draft.issued_on else None) or timezone.localdate()
    merged = queries.merged_scope(twinning) if scope == AS_IT_IS else None
    twinning_ids = merged.twinning_ids if merged else [twinning.pk]
    activities = Activity.objects.filter(
        twinning_id__in=twinning_ids,
        start_date__year__gte=year_from,
        start_date__year__lte=year_to,
    )
    lineage = twinning.sponsor.lineage_ids() | ({twinning.sponsor.succeeded_by_id} - {None})
    twinnings = {
        t.pk: t
        for t in Twinning.objects.filter(pk__in=twinning_ids).select_related(
            "sponsor", "partner_unit"
        )
    }
    own_ids = {pk for pk, t in twinnings.items() if t.sponsor_id in lineage}
    contributions = queries.contribution_rows(activities)
    issuer = queries.issuing_body(twinning.sponsor, issued_on)
    bodies = queries.acting_bodies(
        {c.contributor_id for c in contributions} | {t.sponsor_id for t in twinnings.values()},
        issued_on,
    )
    trends = queries.indicator_trends([twinning.partner_unit_id])
    profile = None
    if merged and merged.current_units:
        profile = commune_profile(twinning.partner_unit, up_to=year_to)
    ethnic_year, ethnic = queries.latest_ethnic_composition(twinning.partner_unit_id, year_to)
    data = ReportData(
        twinning=twinning,
        lang=lang,
        scope=scope,
        year_from=year_from,
        year_to=year_to,
        issued_on=issued_on,
        draft=draft,
        merged=merged,
        issuer=issuer,
        own_twinning_ids=own_ids,
        totals=queries.activity_totals(activities),
        contributions=contributions,
        appendix=queries.appendix_rows(activities),
        outputs=queries.output_rows(activities),
        beneficiary_lines=queries.beneficiary_lines(activities),
        plans=queries.plan_years([twinning.pk], year_from, year_to),
        trends=trends,
        indicators=[],
        ethnic_year=ethnic_year,
        ethnic=ethnic,
        bodies=bodies,
        twinnings=twinnings,
        profile=profile,
    )
    data.indicators = indicator_rows(data)
    return data


def indicator_rows(data: ReportData) -> list[IndicatorRow]:
    """Return the indicators the report shows, the same in every section: the period's first
    and last values of the twinning's commune; or, as it is now, today's commune's figure for
    the period (profile.py: recorded, added up, weighted or the former commune's); when no value
    falls in the period, the latest before its end, said to be that."""
    rows = []
    if data.profile is not None and data.profile.changed:
        for figure in data.profile.present:
            point = queries.IndicatorPoint(figure.year, figure.value, figure.is_lower_bound, "")
            rows.append(
                IndicatorRow(
                    figure.indicator,
                    None,
                    point,
                    data.year_from <= figure.year <= data.year_to,
                    figure.how,
                )
            )
        return rows
    for trend in data.trends:
        within = [p for p in trend.points if data.year_from <= p.year <= data.year_to]
        if within:
            first = within[0] if len(within) > 1 else None
            rows.append(IndicatorRow(trend.indicator, first, within[-1], True))
            continue
        before = [p for p in trend.points if p.year < data.year_from]
        if before:
            rows.append(IndicatorRow(trend.indicator, None, before[-1], False))
    return rows


# --- figures folded from the data ----------------------------------------------------------------


def money_split(data: ReportData) -> Money:
    split = Money()
    for c in data.delivered:
        split.add(data.whose(c), c.value_vnd or 0)
    return split


def money_by(data: ReportData, key) -> dict:
    found: dict = defaultdict(Money)
    for c in data.delivered:
        found[key(c)].add(data.whose(c), c.value_vnd or 0)
    return found


def given_items(data: ReportData) -> list[GivenItem]:
    """Return the delivered contributions added up by item, unit, whose and kind, largest
    value first."""
    items: dict[tuple, GivenItem] = {}
    for c in data.delivered:
        key = (c.item.strip().lower(), c.unit, data.whose(c), c.kind)
        item = items.setdefault(key, GivenItem(c.item, c.unit, key[2], c.kind, None, 0, []))
        if c.quantity is not None:
            item.quantity = (item.quantity or Decimal(0)) + c.quantity
        item.value_vnd += c.value_vnd or 0
        name = data.bodies[c.contributor_id].name
        if name not in item.givers:
            item.givers.append(name)
    return sorted(items.values(), key=lambda i: (-i.value_vnd, i.item))


def group_rows(data: ReportData) -> list[GroupRow]:
    """Return the beneficiaries by group in the order of the groups: counts added up; women
    and ethnic minorities only when every count of the group gave them."""
    order = list(dict(BeneficiaryGroup.choices))
    found: dict[str, GroupRow] = {}
    for line in data.beneficiary_lines:
        row = found.get(line.group)
        if row is None:
            row = found[line.group] = GroupRow(line.group, GROUP_UNITS.get(line.group), 0, 0, 0)
        row.count += line.count
        row.women = None if row.women is None or line.women is None else row.women + line.women
        row.ethnic_minority = (
            None
            if row.ethnic_minority is None or line.ethnic_minority is None
            else row.ethnic_minority + line.ethnic_minority
        )
    return sorted(found.values(), key=lambda r: order.index(r.group) if r.group in order else 99)


def unit_totals(rows: list[GroupRow]) -> dict[str, int]:
    """Return the beneficiaries added up per unit (people, households, schools), never across."""
    totals: dict[str, int] = {}
    for row in rows:
        if row.unit:
            totals[row.unit] = totals.get(row.unit, 0) + row.count
    return totals


# --- the parts of the report ---------------------------------------------------------------------


def commune_name(data: ReportData) -> str:
    return lower_first(str(data.twinning.partner_unit))


def unit_path(unit) -> str:
    """Return "xã Đông Giang, huyện Hàm Thuận Bắc, tỉnh Bình Thuận" (the unit and its parents)."""
    parts = []
    while unit is not None and unit.level != "country":
        parts.append(lower_first(str(unit)))
        unit = unit.parent
    return ", ".join(parts)


def where(data: ReportData) -> str:
    if data.merged and data.merged.current_units:
        return unit_path(data.merged.current_units[0])
    return unit_path(data.twinning.partner_unit)


def sponsor_label(data: ReportData) -> str:
    """Return the sponsor under its current name, with the former one when the period's work
    was done under it."""
    return organisation_label(data.bodies[data.twinning.sponsor_id], data.lang)


def header(data: ReportData) -> Header:
    number = data.draft.document_number if data.draft else ""
    return issuer_header(data.issuer, number, data.issued_on, data.lang)


def subject(data: ReportData) -> str:
    if data.draft and data.draft.subject:
        return data.draft.subject
    lang, commune = data.lang, isolate(commune_name(data), data.lang)
    when = period(data.year_from, data.year_to, lang)
    return vi_or(
        f"Kết quả thực hiện công tác giao lưu, kết nghĩa với {commune} {when}",
        _("Results of the exchange and twinning work with %(commune)s, %(period)s")
        % {"commune": commune, "period": when},
        lang,
    )


def scope_note(data: ReportData) -> str:
    lang, place = data.lang, isolate(where(data), data.lang)
    if data.merged:
        added = join([isolate(name, lang) for name in data.merged.added_communes], lang)
        if added:
            return vi_or(
                f"Số liệu tính theo đơn vị hành chính hiện nay ({place}), bao gồm số liệu kết "
                f"nghĩa của {added} đã sáp nhập.",
                _(
                    "Figures under today's administrative units (%(where)s), including the "
                    "twinning figures of %(added)s, merged into it."
                )
                % {"where": place, "added": added},
                lang,
            )
        return vi_or(
            f"Số liệu tính theo đơn vị hành chính hiện nay ({place}).",
            _("Figures under today's administrative units (%(where)s).") % {"where": place},
            lang,
        )
    return vi_or(
        f"Số liệu tính theo đơn vị hành chính tại thời điểm thực hiện ({place}).",
        _("Figures under the administrative units of the time (%(where)s).") % {"where": place},
        lang,
    )


def legal_bases(data: ReportData) -> list[str]:
    if data.draft and _lines(data.draft.legal_bases):
        return _lines(data.draft.legal_bases)
    lang, twinning = data.lang, data.twinning
    bases = []
    reference = twinning.programme.legal_reference
    if reference:
        bases.append(
            vi_or(
                f"Căn cứ {reference};",
                _("Having regard to %(reference)s;") % {"reference": isolate(reference, lang)},
                lang,
            )
        )
    numbered = [p for p in data.plans if p.document_number]
    if numbered:
        numbers = join(
            [isolate(f"{p.document_number} ({format_year(p.year)})", lang) for p in numbered], lang
        )
        sponsor = isolate(twinning.sponsor.name, lang)
        partner = isolate(twinning.partner_organisation.name, lang)
        plans = (
            vi_or(
                f"Căn cứ Kế hoạch giao lưu, kết nghĩa số {numbers} giữa {sponsor} và {partner};",
                _("Having regard to the exchange and twinning plan %(numbers)s;")
                % {"numbers": numbers},
                lang,
            )
            if len(numbered) == 1
            else vi_or(
                f"Căn cứ các Kế hoạch giao lưu, kết nghĩa hằng năm số {numbers} giữa {sponsor} "
                f"và {partner};",
                _("Having regard to the yearly exchange and twinning plans %(numbers)s;")
                % {"numbers": numbers},
                lang,
            )
        )
        bases.append(plans)
    issuer = isolate(data.issuer.name, lang)
    when = period(data.year_from, data.year_to, lang)
    bases.append(
        vi_or(
            f"{data.issuer.name} báo cáo kết quả thực hiện công tác giao lưu, kết nghĩa {when} "
            "như sau:",
            _("%(issuer)s reports on the exchange and twinning work, %(period)s, as follows:")
            % {"issuer": issuer, "period": when},
            lang,
        )
    )
    return bases


def indicator_value_text(value, unit: str, lower_bound: bool, lang: str) -> str:
    """Return an indicator's value with its unit: "95%", "trên 40%", "2.265 người", "đạt"."""
    if unit == "met":
        return vi_or("đạt" if value else "chưa đạt", _("met") if value else _("not met"), lang)
    if unit == "percent":
        text = format_number(Decimal(value).normalize(), lang) + "%"
    elif unit in ("people", "households"):
        text = counted(int(value), "person" if unit == "people" else "household", lang)
    elif unit == "vnd":
        text = money(int(value), lang)
    elif unit == "km":
        text = quantity(Decimal(value), "km", lang)
    else:
        text = format_number(Decimal(value).normalize(), lang)
    if lower_bound:
        text = vi_or(f"trên {text}", _("over %(value)s") % {"value": text}, lang)
    return text


def _year_note(row: IndicatorRow, data: ReportData) -> str:
    """Return what the value is when it is not simply the period's: "số liệu gần nhất, năm
    2020", "của xã Đông Giang trước sáp nhập"."""
    lang = data.lang
    notes = []
    if not row.in_period:
        year = format_year(row.last.year)
        notes.append(
            vi_or(
                f"số liệu gần nhất, năm {year}",
                _("latest value, year %(year)s") % {"year": year},
                lang,
            )
        )
    if row.how == "sum":
        notes.append(vi_or("cộng các xã trước sáp nhập", _("sum of the merged communes"), lang))
    elif row.how == "weighted":
        notes.append(
            vi_or("bình quân các xã trước sáp nhập", _("average of the merged communes"), lang)
        )
    elif row.how == "former":
        name = isolate(commune_name(data), lang)
        notes.append(
            vi_or(
                f"của {name} trước sáp nhập",
                _("of %(commune)s before the merger") % {"commune": name},
                lang,
            )
        )
    return join(notes, lang)


def indicator_fact(row: IndicatorRow, data: ReportData) -> str:
    """Return "dân số: 2.265 người (năm 2020)" for the narrative and section I."""
    lang = data.lang
    value = indicator_value_text(row.last.value, row.indicator.unit, row.last.is_lower_bound, lang)
    year = format_year(row.last.year)
    when = vi_or(f"năm {year}", year, lang)
    note = _year_note(row, data) if row.how else ""
    detail = join([when, note], lang) if note else when
    name = lower_first(row.indicator.localized_name(lang))
    return f"{name}: {value} ({detail})"


def _by_code(data: ReportData) -> dict[str, IndicatorRow]:
    return {row.indicator.code: row for row in data.indicators}


def situation(data: ReportData) -> Section:
    lang = data.lang
    heading = vi_or("I. ĐẶC ĐIỂM TÌNH HÌNH", _("I. SITUATION"), lang)
    if data.draft and _lines(data.draft.situation):
        return Section(heading, _lines(data.draft.situation))
    twinning = data.twinning
    place = unit_path(twinning.partner_unit)
    signed = (
        twinning.signed_on_note
        if lang == "vi" and twinning.signed_on_note
        else since_text(twinning.signed_on, twinning.signed_on_precision, lang)
    )
    sponsor = sponsor_label(data)
    lines = [
        vi_or(
            f"{upper_first(place)} là xã vùng cao, kết nghĩa với {sponsor} từ {signed} theo "
            "phân công của tỉnh.",
            _(
                "%(commune)s is a highland commune, twinned with %(sponsor)s since %(signed)s "
                "as assigned by the province."
            )
            % {"commune": isolate(upper_first(place), lang), "sponsor": sponsor, "signed": signed},
            lang,
        )
    ]
    if data.profile is not None and data.profile.changed:
        for change in data.profile.history:
            names = join([isolate(lower_first(str(u)), lang) for u in change.before], lang)
            day = change.effective_on.strftime("%d/%m/%Y")
            now = isolate(unit_path(change.after), lang)
            lines.append(
                vi_or(
                    f"Từ ngày {day}, {names} được sắp xếp thành {now}.",
                    _("Since %(day)s, %(names)s have been merged into %(now)s.")
                    % {"day": day, "names": names, "now": now},
                    lang,
                )
            )
    rows = _by_code(data)
    share = rows.get("ethnic_minority_share")
    if share:
        value = indicator_value_text(share.last.value, "percent", share.last.is_lower_bound, lang)
        year = format_year(share.last.year)
        groups = [isolate(e.name, lang) for e in data.ethnic]
        majority = [isolate(e.name, lang) for e in data.ethnic if e.is_majority]
        text = vi_or(
            f"Đồng bào dân tộc thiểu số chiếm {value} dân số (năm {year})",
            _("Ethnic minorities make up %(value)s of the population (%(year)s)")
            % {"value": value, "year": year},
            lang,
        )
        if groups:
            text += vi_or(
                f", gồm các dân tộc {join(groups, lang)}",
                _(", of the %(groups)s peoples") % {"groups": join(groups, lang)},
                lang,
            )
        if majority:
            text += vi_or(
                f"; đông nhất là dân tộc {join(majority, lang)}",
                _("; the %(majority)s are the majority") % {"majority": join(majority, lang)},
                lang,
            )
        if share.how:
            text += f" ({_year_note(share, data)})"
        lines.append(text + ".")
    facts = [
        indicator_fact(rows[code], data)
        for code in (
            "poor_and_near_poor_rate",
            "poor_household_rate",
            "households_with_electricity",
            "ntm_criterion_4_electricity",
        )
        if code in rows
    ]
    if facts:
        lines.append(
            vi_or(
                f"Một số chỉ tiêu của xã: {join_clauses(facts, lang)}.",
                _("Some of the commune's indicators: %(facts)s.")
                % {"facts": join_clauses(facts, lang)},
                lang,
            )
        )
    return Section(heading, lines)


def planning(data: ReportData) -> Section:
    lang = data.lang
    adopted = [p for p in data.plans if p.status == "approved"]
    if data.one_year:
        plan = data.plans[0] if data.plans else None
        if plan and plan.status == "approved":
            number = isolate(plan.document_number, lang) if plan.document_number else ""
            text = vi_or(
                "Hai bên đã thống nhất xây dựng kế hoạch giao lưu, kết nghĩa của năm"
                + (f" (Kế hoạch số {number})" if number else "")
                + ".",
                (_("Both sides agreed the year's exchange and twinning plan (No. %(number)s).")
                 % {"number": number}) if number
                else _("Both sides agreed the year's exchange and twinning plan."),
                lang,
            )  # fmt: skip
        else:
            text = vi_or(
                "Năm này chưa có kế hoạch giao lưu, kết nghĩa được phê duyệt.",
                _("The year has no approved exchange and twinning plan."),
                lang,
            )
    else:
        text = vi_or(
            f"Hằng năm, hai bên thống nhất xây dựng kế hoạch giao lưu, kết nghĩa: "
            f"{len(adopted)}/{data.years} năm có kế hoạch được phê duyệt.",
            ngettext(
                "Every year both sides agreed an exchange and twinning plan: %(adopted)s of "
                "%(years)s year has an approved plan.",
                "Every year both sides agreed an exchange and twinning plan: %(adopted)s of "
                "%(years)s years have an approved plan.",
                data.years,
            )
            % {"adopted": len(adopted), "years": data.years},
            lang,
        )
    return Section(vi_or("1. Công tác xây dựng kế hoạch", _("1. Planning"), lang), [text])


def category_label(code: str) -> str:
    return str(dict(Category.choices).get(code, code))


def exchanges(data: ReportData) -> Section:
    lang, totals = data.lang, data.totals
    codes = ["exchange", "festival", "training", "trade", "tourism", "environment",
             "governance", "policy"]  # fmt: skip
    activities = counted(totals.activities, "activity", lang)
    reach = counted(totals.reach_person_times, "person_time", lang)
    if data.one_year:
        first = vi_or(
            f"Trong năm, tổng số {activities}, {reach} tham gia.",
            _("In the year: %(activities)s, reaching %(reach)s.")
            % {"activities": activities, "reach": reach},
            lang,
        )
    else:
        years = counted(data.years, "year", lang)
        first = vi_or(
            f"Tổng số {activities} trong {years}, {reach} tham gia.",
            _("%(activities)s in %(years)s, reaching %(reach)s.")
            % {"activities": activities, "years": years, "reach": reach},
            lang,
        )
    lines = [first] + [
        f"- {category_label(row.category)}: {counted(row.activities, 'activity', lang)}"
        for row in totals.by_category
        if row.category in codes
    ]
    return Section(
        vi_or("2. Hoạt động giao lưu, tuyên truyền, hỗ trợ", _("2. Exchanges and outreach"), lang),
        lines,
    )


def _whose_columns(data: ReportData) -> tuple[list[str], list[str]]:
    lang = data.lang
    columns = [vi_or("Của đơn vị (đồng)", _("Own (VND)"), lang)]
    if data.merged:
        columns.append(
            vi_or("Của đơn vị kết nghĩa khác (đồng)", _("Other twinned agencies (VND)"), lang)
        )
    columns.append(vi_or("Vận động (đồng)", _("Mobilised (VND)"), lang))
    return columns, ["vnd"] * len(columns)


def _whose_cells(data: ReportData, split: Money) -> list[int]:
    return [split.own, *([split.other_agency] if data.merged else []), split.mobilised]


def support_table(data: ReportData) -> Table:
    lang = data.lang
    by_category = money_by(data, lambda c: c.category)
    whose, kinds = _whose_columns(data)
    split = money_split(data)
    return Table(
        "support",
        vi_or("Giá trị hỗ trợ theo lĩnh vực", _("Support by category"), lang),
        [vi_or("Lĩnh vực", _("Category"), lang), vi_or("Số hoạt động", _("Activities"), lang),
         *whose, vi_or("Tổng (đồng)", _("Total (VND)"), lang)],
        ["text", "int", *kinds, "vnd"],
        [[category_label(r.category), r.activities, *_whose_cells(data, by_category[r.category]),
          by_category[r.category].total] for r in data.totals.by_category],
        [[vi_or("Tổng cộng", _("Total"), lang), data.totals.activities,
          *_whose_cells(data, split), split.total]],
    )  # fmt: skip


def twinning_table(data: ReportData) -> Table:
    """Return, as it is now, each twinning of today's commune with its own figures."""
    lang = data.lang
    by_twinning = money_by(data, lambda c: c.twinning_id)
    activities: dict[int, int] = defaultdict(int)
    for row in data.appendix:
        activities[row.twinning_id] += 1
    rows = []
    for pk, twinning in sorted(data.twinnings.items(), key=lambda item: item[0]):
        split = by_twinning[pk]
        rows.append([
            organisation_label(data.bodies[twinning.sponsor_id], lang),
            isolate(str(twinning.partner_unit), lang),
            activities[pk],
            split.own + split.other_agency,
            split.mobilised,
            split.total,
        ])  # fmt: skip
    return Table(
        "by_twinning",
        vi_or("Theo đơn vị kết nghĩa", _("By twinning"), lang),
        [vi_or("Đơn vị kết nghĩa", _("Sponsor"), lang), vi_or("Xã", _("Commune"), lang),
         vi_or("Số hoạt động", _("Activities"), lang),
         vi_or("Kinh phí của đơn vị kết nghĩa (đồng)", _("The sponsor's own (VND)"), lang),
         vi_or("Vận động (đồng)", _("Mobilised (VND)"), lang),
         vi_or("Tổng (đồng)", _("Total (VND)"), lang)],
        ["text", "text", "int", "vnd", "vnd", "vnd"],
        rows,
    )  # fmt: skip


def _whose_word(whose: str, lang: str) -> str:
    return {
        OWN: vi_or("kinh phí của đơn vị", _("own means"), lang),
        OTHER_AGENCY: vi_or("của đơn vị kết nghĩa khác", _("another twinned agency"), lang),
        MOBILISED: vi_or("vận động", _("mobilised"), lang),
    }[whose]


def item_phrase(item: GivenItem, lang: str) -> str:
    """Return "600 chiếc khẩu trang vải kháng khuẩn" (vi) or "Khẩu trang vải kháng khuẩn, 600
    pieces" (en, ar): the unit once, even when the item's name begins with it ("Suất quà Tết",
    "suất")."""
    name = item.item.strip()
    if lang == "vi":
        if item.quantity is None:
            return lower_first(name)
        words = name.split()
        if item.unit and words and words[0].lower() == item.unit.lower() and len(words) > 1:
            name = " ".join(words[1:])
        return f"{quantity(item.quantity, item.unit, lang)} {lower_first(name)}"
    if item.quantity is None:
        return isolate(name, lang)
    return f"{isolate(name, lang)}{',' if lang != 'ar' else '،'} {quantity(item.quantity, item.unit, lang)}"


def support(data: ReportData) -> Section:
    lang = data.lang
    split = money_split(data)
    parts = [
        vi_or(f"kinh phí của đơn vị {money(split.own, lang)}",
              _("%(amount)s from the department's own means") % {"amount": money(split.own, lang)},
              lang),
    ]  # fmt: skip
    if split.other_agency:
        amount = money(split.other_agency, lang)
        parts.append(
            vi_or(
                f"kinh phí của các đơn vị kết nghĩa khác trên địa bàn {amount}",
                _("%(amount)s from the other agencies twinned with the merged communes")
                % {"amount": amount},
                lang,
            )
        )
    parts.append(
        vi_or(
            f"vận động {money(split.mobilised, lang)}",
            _("%(amount)s mobilised from others") % {"amount": money(split.mobilised, lang)},
            lang,
        )
    )
    lines = [
        vi_or(
            f"Tổng giá trị hỗ trợ {money(split.total, lang)}, trong đó {join(parts, lang)}.",
            _("Support worth %(total)s in all: %(parts)s.")
            % {"total": money(split.total, lang), "parts": join(parts, lang)},
            lang,
        )
    ]
    # Contributors: one line per organisation as it is today (a department and the one it
    # became are one), with what it gave; what has no value is described, never "0 đồng".
    donors: dict[int, dict] = {}
    for c in data.delivered:
        body = data.bodies[c.contributor_id]
        entry = donors.setdefault(
            body.organisation_id, {"body": body, "value": 0, "whose": data.whose(c), "items": []}
        )
        entry["value"] += c.value_vnd or 0
        if not c.value_vnd and c.item and c.item not in entry["items"]:
            entry["items"].append(c.item)
    if donors:
        lines.append(vi_or("Đơn vị, doanh nghiệp đóng góp:", _("Contributors:"), lang))
        ordered = sorted(
            donors.values(), key=lambda d: (d["whose"] != OWN, -d["value"], d["body"].name)
        )
        for entry in ordered:
            label = organisation_label(entry["body"], lang)
            whose = _whose_word(entry["whose"], lang)
            if entry["value"]:
                what = money(entry["value"], lang)
                if entry["items"]:
                    what += vi_or(
                        f"; hỗ trợ không quy ra tiền: {join([lower_first(i) for i in entry['items']], lang)}",
                        _("; support not valued in money: %(items)s")
                        % {"items": join([isolate(i, lang) for i in entry["items"]], lang)},
                        lang,
                    )
            else:
                what = vi_or(
                    join([lower_first(i) for i in entry["items"]], lang),
                    join([isolate(i, lang) for i in entry["items"]], lang),
                    lang,
                )
                whose = join([whose, vi_or("không quy ra tiền", _("not valued in money"), lang)],
                             lang)  # fmt: skip
            lines.append(f"- {label}: {what} ({whose})")
    items = given_items(data)
    goods = [i for i in items if i.kind == Contribution.Kind.IN_KIND and i.quantity is not None]
    if goods:
        lines.append(vi_or("Hiện vật đã trao:", _("Goods given:"), lang))
        for item in goods:
            worth = f": {money(item.value_vnd, lang)}" if item.value_vnd else ""
            lines.append(
                f"- {upper_first(item_phrase(item, lang))}{worth} ({_whose_word(item.whose, lang)})"
            )
    services = [i for i in items if i.kind == Contribution.Kind.SERVICE]
    if services:
        lines.append(vi_or("Hỗ trợ bằng dịch vụ, công sức:", _("Services and work:"), lang))
        for item in services:
            worth = f": {money(item.value_vnd, lang)}" if item.value_vnd else ""
            givers = join([isolate(g, lang) for g in item.givers], lang)
            lines.append(f"- {upper_first(item_phrase(item, lang))}{worth} ({givers})")
    tables = [support_table(data)]
    if data.merged:
        tables.insert(0, twinning_table(data))
    return Section(
        vi_or("3. Công tác hỗ trợ, tặng quà", _("3. Support and gifts"), lang),
        lines,
        tables,
        charts=["by_year", "own_mobilised"],
    )


def outputs(data: ReportData) -> Section:
    lang = data.lang
    lines = [
        f"- {isolate(o.description, lang)}: {quantity(o.quantity, o.unit, lang)} "
        f"({format_year(o.year)})"
        for o in data.outputs
    ]
    return Section(
        vi_or("4. Công trình, kết quả cụ thể", _("4. What the work built"), lang),
        lines or [vi_or("Không có.", _("None."), lang)],
    )


def beneficiary_table(data: ReportData) -> Table:
    lang = data.lang
    labels = dict(BeneficiaryGroup.choices)
    rows = group_rows(data)
    totals = unit_totals(rows)
    return Table(
        "beneficiaries",
        vi_or("Đối tượng thụ hưởng", _("Beneficiaries by group"), lang),
        [vi_or("Nhóm", _("Group"), lang), vi_or("Đơn vị tính", _("Unit"), lang),
         vi_or("Số lượng", _("Count"), lang), vi_or("Nữ", _("Women"), lang),
         vi_or("Dân tộc thiểu số", _("Ethnic minorities"), lang)],
        ["text", "text", "int", "count", "count"],
        [[str(labels.get(r.group, r.group)), group_unit_label(r.unit, lang), r.count, r.women,
          r.ethnic_minority] for r in rows],
        [[unit_total_label(unit, lang), group_unit_label(unit, lang), count, None, None]
         for unit, count in totals.items()],
        note=vi_or("“—”: chưa có số liệu.", _("“—”: not recorded."), lang)
        if any(r.women is None or r.ethnic_minority is None for r in rows) else "",
        empty=vi_or("Không có số liệu.", _("No data."), lang),
    )  # fmt: skip


def beneficiaries(data: ReportData) -> Section:
    lang = data.lang
    return Section(
        vi_or("5. Đối tượng thụ hưởng", _("5. Beneficiaries"), lang), [], [beneficiary_table(data)]
    )


def indicator_table(data: ReportData) -> Table:
    lang = data.lang
    rows = []
    for row in data.indicators:
        unit = row.indicator.unit
        first = row.first
        rows.append([
            row.indicator.localized_name(lang),
            first.year if first else None,
            indicator_value_text(first.value, unit, first.is_lower_bound, lang) if first else "",
            row.last.year,
            indicator_value_text(row.last.value, unit, row.last.is_lower_bound, lang),
            _year_note(row, data),
        ])  # fmt: skip
    columns = [vi_or("Chỉ tiêu", _("Indicator"), lang), vi_or("Năm đầu kỳ", _("First year"), lang),
               vi_or("Giá trị", _("Value"), lang), vi_or("Năm cuối kỳ", _("Last year"), lang),
               vi_or("Giá trị", _("Value"), lang), vi_or("Ghi chú", _("Note"), lang)]  # fmt: skip
    kinds = ["text", "year", "text", "year", "text", "text"]
    if not any(row[-1] for row in rows):  # no note to make: no column for it
        columns, kinds, rows = columns[:-1], kinds[:-1], [row[:-1] for row in rows]
    when = period(data.year_from, data.year_to, lang)
    return Table(
        "indicators",
        vi_or(f"Chỉ tiêu của xã {when}", _("The commune's indicators, %(period)s") % {"period": when},
              lang),
        columns,
        kinds,
        rows,
        empty=vi_or("Không có số liệu.", _("No data."), lang),
    )  # fmt: skip


def indicators(data: ReportData) -> Section:
    lang = data.lang
    return Section(
        vi_or("6. Chỉ tiêu kinh tế - xã hội của xã", _("6. The commune's indicators"), lang),
        [],
        [indicator_table(data)],
        charts=["indicators"],
    )


def results(data: ReportData) -> Section:
    lang = data.lang
    return Section(
        vi_or("II. KẾT QUẢ THỰC HIỆN", _("II. RESULTS"), lang),
        narrative_paragraphs(data),
        subsections=[
            planning(data),
            exchanges(data),
            support(data),
            outputs(data),
            beneficiaries(data),
            indicators(data),
        ],
    )


def assessment(data: ReportData) -> Section:
    lang = data.lang
    heading = vi_or("III. ĐÁNH GIÁ", _("III. ASSESSMENT"), lang)
    if data.draft and _lines(data.draft.assessment):
        return Section(heading, _lines(data.draft.assessment))
    split = money_split(data)
    kept = (
        vi_or("trong năm", _("through the year"), lang)
        if data.one_year
        else vi_or(
            f"{data.years} năm liên tục",
            ngettext(
                "for %(count)s consecutive year", "for %(count)s consecutive years", data.years
            )
            % {"count": data.years},
            lang,
        )
    )
    strength = vi_or(
        f"Ưu điểm: hoạt động giao lưu, kết nghĩa được duy trì thường xuyên {kept}, thiết thực, "
        "phù hợp",
        _("Strengths: the exchange and twinning work was kept up %(kept)s, practical and suitable")
        % {"kept": kept},
        lang,
    )
    if split.mobilised:
        amount = money(split.mobilised, lang)
        strength += vi_or(
            f"; đã vận động được {amount} từ các đơn vị, doanh nghiệp",
            _("; %(amount)s were mobilised from units and businesses") % {"amount": amount},
            lang,
        )
    by_confirmation = data.totals.activities_by_confirmation
    pending = by_confirmation.get(Activity.Confirmation.PENDING, 0)
    disputed = by_confirmation.get(Activity.Confirmation.DISPUTED, 0)
    limits = []
    if pending:
        limits.append(
            vi_or(
                f"còn {pending} hoạt động chờ xã xác nhận",
                ngettext(
                    "%(count)s activity awaits the commune's confirmation",
                    "%(count)s activities await the commune's confirmation",
                    pending,
                )
                % {"count": pending},
                lang,
            )
        )
    if disputed:
        limits.append(
            vi_or(
                f"{disputed} hoạt động xã chưa thống nhất số liệu",
                ngettext(
                    "the commune disputes %(count)s activity",
                    "the commune disputes %(count)s activities",
                    disputed,
                )
                % {"count": disputed},
                lang,
            )
        )
    limits.append(
        vi_or(
            "nguồn lực hỗ trợ còn hạn chế so với nhu cầu",
            _("the means are small compared with the needs"),
            lang,
        )
    )
    limit = vi_or(
        f"Hạn chế: {join_clauses(limits, lang)}.",
        _("Limits: %(limits)s.") % {"limits": join_clauses(limits, lang)},
        lang,
    )
    return Section(heading, [strength + ".", limit])


def direction(data: ReportData) -> Section:
    lang = data.lang
    heading = vi_or("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", _("IV. DIRECTION AND TASKS"), lang)
    if data.draft and _lines(data.draft.direction):
        return Section(heading, _lines(data.draft.direction))
    commune = isolate(commune_name(data), lang)
    return Section(
        heading,
        [
            vi_or(
                f"Tiếp tục duy trì quan hệ kết nghĩa với {commune}, đưa vào chương trình, kế hoạch "
                "thực hiện nhiệm vụ chính trị của cơ quan; hằng năm phối hợp với UBND xã xây dựng "
                "kế hoạch với nội dung cụ thể, thiết thực.",
                _(
                    "Keep up the twinning with %(commune)s and include it in the agency's "
                    "programme and plan; every year agree with the commune People's Committee a "
                    "plan with specific, practical tasks."
                )
                % {"commune": commune},
                lang,
            )
        ],
    )


def recommendations(data: ReportData) -> Section:
    lang = data.lang
    heading = vi_or("V. KIẾN NGHỊ, ĐỀ XUẤT", _("V. RECOMMENDATIONS"), lang)
    if data.draft and _lines(data.draft.recommendations):
        return Section(heading, _lines(data.draft.recommendations))
    return Section(
        heading,
        [
            vi_or(
                "Đề nghị các cấp, các ngành tiếp tục quan tâm, hỗ trợ nguồn lực cho xã; các "
                "doanh nghiệp tiếp tục đồng hành cùng địa phương.",
                _(
                    "Ask the authorities to keep supporting the commune with means, and the "
                    "businesses to keep standing by it."
                ),
                lang,
            )
        ],
    )


def _note(note: str, lang: str) -> str:
    words = {
        "planned": vi_or("dự kiến", _("planned"), lang),
        "pledged": vi_or("có cam kết chưa trao", _("pledge not yet delivered"), lang),
    }
    return join([words[n] for n in note.split(",") if n in words], lang)


def appendix(data: ReportData) -> Table:
    lang = data.lang
    names = {c.contributor_id: c.contributor_name for c in data.contributions}
    labels = {name: data.bodies[pk].name for pk, name in names.items()}
    rows = [
        [r.number, r.title, PartialDate(r.date, r.date_precision), r.quantity,
         unit_label(r.unit, lang), r.value_vnd or None,
         "; ".join(dict.fromkeys(labels.get(n, n) for n in r.contributors)), _note(r.note, lang)]
        for r in data.appendix
    ]  # fmt: skip
    when = period(data.year_from, data.year_to, lang)
    return Table(
        "appendix",
        vi_or(
            f"DANH MỤC HOẠT ĐỘNG GIAO LƯU, KẾT NGHĨA {when.upper()}",
            _("THE EXCHANGE AND TWINNING ACTIVITIES, %(period)s") % {"period": when.upper()},
            lang,
        ),
        [vi_or("STT", _("No."), lang), vi_or("Hoạt động", _("Activity"), lang),
         vi_or("Thời gian", _("Date"), lang), vi_or("Số lượng", _("Quantity"), lang),
         vi_or("ĐVT", _("Unit"), lang), vi_or("Giá trị (đồng)", _("Value (VND)"), lang),
         vi_or("Nguồn", _("Source"), lang), vi_or("Ghi chú", _("Note"), lang)],
        ["int", "text", "date", "decimal", "text", "vnd", "text", "text"],
        rows,
        [["", vi_or("Tổng cộng", _("Total"), lang), "", None, "",
          sum(r.value_vnd for r in data.appendix), "", ""]],
        empty=vi_or("Không có hoạt động.", _("No activity."), lang),
    )  # fmt: skip


def attached_line(data: ReportData, header: Header) -> str:
    """Return the appendix's "(Kèm theo Báo cáo số 05/BC-SCT ngày 05/01/2026 của ...)"."""
    lang = data.lang
    number = header.number_line.split(":", 1)[-1].strip()
    day = data.issued_on.strftime("%d/%m/%Y")
    issuer = isolate(data.issuer.name, lang)
    return vi_or(
        f"(Kèm theo Báo cáo số {number} ngày {day} của {data.issuer.name})",
        _("(Attached to report No. %(number)s of %(day)s by %(issuer)s)")
        % {"number": number, "day": day, "issuer": issuer},
        lang,
    )


def data_tables(data: ReportData) -> list[Table]:
    """Return the tables of the Excel and CSV exports: activities, contributions,
    beneficiaries, outputs, indicators and totals, in the period (nothing later)."""
    lang = data.lang
    kinds = dict(Contribution.Kind.choices)
    origins = dict(Contribution.Origin.choices)
    statuses = dict(Contribution.Status.choices)
    groups = dict(BeneficiaryGroup.choices)
    totals = data.totals
    no_data = _("No data.")
    activity_table = Table(
        "activities",
        _("Activities"),
        [_("No."), _("Activity"), _("Category"), _("Date"), _("Quantity"), _("Unit"),
         _("Own (VND)"), _("Mobilised (VND)"), _("Value (VND)"), _("Contributors"), _("Note")],
        ["int", "text", "text", "date", "decimal", "text", "vnd", "vnd", "vnd", "text", "text"],
        [[r.number, r.title, category_label(r.category), PartialDate(r.date, r.date_precision),
          r.quantity, r.unit, r.direct_vnd, r.mobilised_vnd, r.value_vnd,
          "; ".join(r.contributors), _note(r.note, lang)] for r in data.appendix],
        empty=no_data,
    )  # fmt: skip
    contribution_table = Table(
        "contributions",
        _("Contributions"),
        [_("Date"), _("Activity"), _("Contributor"), _("Origin"), _("Kind"), _("Item"),
         _("Quantity"), _("Unit"), _("Unit value (VND)"), _("Value (VND)"), _("Status")],
        ["date", "text", "text", "text", "text", "text", "decimal", "text", "vnd", "vnd", "text"],
        [[PartialDate(c.date, c.date_precision), c.activity_title, c.contributor_name,
          str(origins.get(c.origin, c.origin)), str(kinds.get(c.kind, c.kind)), c.item,
          c.quantity, c.unit, c.unit_value_vnd, c.value_vnd,
          str(statuses.get(c.status, c.status))] for c in data.contributions],
        empty=no_data,
    )  # fmt: skip
    beneficiary_table_ = Table(
        "beneficiaries",
        _("Beneficiaries"),
        [_("Date"), _("Activity"), _("Group"), _("Count"), _("Women"), _("Ethnic minorities")],
        ["date", "text", "text", "int", "count", "count"],
        [[PartialDate(b.date, b.date_precision), b.activity_title,
          str(groups.get(b.group, b.group)), b.count, b.women, b.ethnic_minority]
         for b in data.beneficiary_lines],
        empty=no_data,
    )  # fmt: skip
    indicator_table_ = Table(
        "indicators",
        _("Indicators"),
        [_("Indicator"), _("Year"), _("Value"), _("Unit"), _("Lower bound")],
        ["text", "year", "decimal", "text", "text"],
        _indicator_data_rows(data),
        empty=no_data,
    )
    totals_table = Table(
        "totals",
        _("Totals"),
        [_("Year"), _("Category"), _("Activities"), _("Own (VND)"), _("Mobilised (VND)"),
         _("Cash (VND)"), _("In kind (VND)"), _("Services (VND)"), _("Total (VND)")],
        ["year", "text", "int", "vnd", "vnd", "vnd", "vnd", "vnd", "vnd"],
        [[y.year, _("All categories"), y.activities, y.value.direct, y.value.mobilised,
          y.value.cash, y.value.in_kind, y.value.service, y.value.total] for y in totals.by_year]
        + [[None, str(c.label), c.activities, c.value.direct, c.value.mobilised, c.value.cash,
            c.value.in_kind, c.value.service, c.value.total] for c in totals.by_category],
        [[None, _("Total"), totals.activities, totals.value.direct, totals.value.mobilised,
          totals.value.cash, totals.value.in_kind, totals.value.service, totals.value.total]],
        empty=no_data,
    )  # fmt: skip
    output_table = Table(
        "outputs",
        _("Outputs"),
        [_("Year"), _("Output"), _("Quantity"), _("Unit")],
        ["year", "text", "decimal", "text"],
        [[o.year, o.description, o.quantity, o.unit] for o in data.outputs],
        empty=no_data,
    )
    return [activity_table, contribution_table, beneficiary_table_, output_table,
            indicator_table_, totals_table]  # fmt: skip


def _indicator_data_rows(data: ReportData) -> list[list]:
    """Every value of the period of the indicators the report shows (as it is now: the figure
    the report shows); the latest before the period when none falls in it."""
    lang = data.lang
    rows = []
    if data.profile is not None and data.profile.changed:
        for row in data.indicators:
            rows.append([row.indicator.localized_name(lang), row.last.year, row.last.value,
                         row.indicator.get_unit_display(),
                         _("yes") if row.last.is_lower_bound else ""])  # fmt: skip
        return rows
    shown = {row.indicator.pk: row for row in data.indicators}
    for trend in data.trends:
        row = shown.get(trend.indicator.pk)
        if row is None:
            continue
        points = [p for p in trend.points if data.year_from <= p.year <= data.year_to]
        for p in points or [row.last]:
            rows.append([trend.indicator.localized_name(lang), p.year, p.value,
                         trend.indicator.get_unit_display(),
                         _("yes") if p.is_lower_bound else ""])  # fmt: skip
    return rows


def charts(data: ReportData) -> dict[str, Chart]:
    lang = data.lang
    million = vi_or("triệu đồng", _("million VND"), lang)
    by_year = money_by(data, lambda c: c.date.year)
    years = [y.year for y in data.totals.by_year]
    by_category_year: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for c in data.delivered:
        by_category_year[c.category][c.date.year] += c.value_vnd or 0
    category_series = [
        (category_label(code), [values.get(y, 0) / 1_000_000 for y in years])
        for code in dict(Category.choices)
        if (values := by_category_year.get(code)) and sum(values.values())
    ]
    own_series = [
        (vi_or("Của đơn vị", _("Own"), lang), [by_year[y].own / 1_000_000 for y in years]),
    ]
    if data.merged:
        own_series.append(
            (vi_or("Đơn vị kết nghĩa khác", _("Other twinned agencies"), lang),
             [by_year[y].other_agency / 1_000_000 for y in years])
        )  # fmt: skip
    own_series.append(
        (vi_or("Vận động", _("Mobilised"), lang), [by_year[y].mobilised / 1_000_000 for y in years])
    )
    found = {
        "by_year": Chart(
            "by_year",
            vi_or("Giá trị hỗ trợ theo năm và lĩnh vực", _("Support by year and category"), lang),
            "bar",
            [format_year(y) for y in years],
            category_series,
            million,
        ),
        "own_mobilised": Chart(
            "own_mobilised",
            vi_or("Kinh phí của đơn vị và vận động", _("Own means and mobilised"), lang),
            "bar",
            [format_year(y) for y in years],
            own_series,
            million,
        ),
    }
    rows = _by_code(data)
    labels = [format_year(y) for y in range(data.year_from, data.year_to + 1)]
    lines = []
    if data.profile is None or not data.profile.changed:
        for code in ("poor_and_near_poor_rate", "households_with_electricity"):
            trend = next((t for t in data.trends if t.indicator.code == code), None)
            if trend and code in rows:
                points = {p.year: float(p.value) for p in trend.points}
                values = [points.get(int(y)) for y in labels]
                if sum(v is not None for v in values) >= 2:
                    lines.append((trend.indicator.localized_name(lang), values))
    found["indicators"] = Chart(
        "indicators",
        vi_or("Tỷ lệ hộ nghèo, cận nghèo và hộ có điện", _("Poverty and electricity"), lang),
        "line",
        labels if lines else [],
        lines,
        "%",
    )
    for chart in found.values():
        chart.description = chart_description(chart, lang)
    return found


def chart_description(chart: Chart, lang: str) -> str:
    """Return the chart in words, the text alternative of its image: each series with its
    values by year ("Của đơn vị: 2016: 11,4; 2017: 31 ...")."""
    parts = []
    for name, values in chart.series:
        points = [
            f"{label}: {format_number(Decimal(str(round(v, 1))).normalize(), lang)}"
            for label, v in zip(chart.labels, values, strict=True)
            if v is not None
        ]
        if points:
            parts.append(f"{name} ({chart.unit}): {join(points, lang)}")
    return f"{chart.title}. {join_clauses(parts, lang)}." if parts else chart.title


def default_recipients(data: ReportData) -> list[str]:
    lang, twinning = data.lang, data.twinning
    lines = []
    coordinator = twinning.programme.coordinating_organisation
    if coordinator:
        coordinator = queries.issuing_body(coordinator, data.issued_on)
        lines.append(
            vi_or(
                f"- {coordinator.name} (b/c);",
                _("- %(name)s (for information);") % {"name": isolate(coordinator.name, lang)},
                lang,
            )
        )
    partner = queries.issuing_body(twinning.partner_organisation, data.issued_on)
    lines.append(f"- {isolate(partner.name, lang)};")
    lines.append(
        vi_or(
            "- Giám đốc, các Phó Giám đốc Sở;",
            _("- The Director and the Deputy Directors;"),
            lang,
        )
    )
    lines.append(filed_line(data.issuer.short_name, lang))
    return lines


def title_block(data: ReportData) -> list[tuple[str, str]]:
    """Return the rows that open each sheet of the workbook: which twinning, period, scope,
    issuer and date."""
    lang = data.lang
    twinning = data.twinning
    return [
        (_("Twinning"), f"{twinning.sponsor.name} — {twinning.partner_unit}"),
        (_("Period"), period(data.year_from, data.year_to, lang)),
        (_("Units"), scope_note(data)),
        (_("Issued by"), data.issuer.name),
        (_("Date"), data.issued_on.strftime("%d/%m/%Y")),
    ]


def build_report(
    twinning,
    year_from: int,
    year_to: int,
    *,
    language: str = "vi",
    scope: str = AS_IT_WAS,
    draft=None,
) -> TwinningReport:
    """Return the report of the twinning for the span of years, in the language, with the
    texts of `draft` (a ReportDraft) where it has them and drafted from the data otherwise."""
    with translation.override(language):
        data = fetch(twinning, year_from, year_to, language, scope, draft)
        return assemble(data)


def assemble(data: ReportData) -> TwinningReport:
    """Return the report put together from its parts, one function each."""
    lang, draft = data.lang, data.draft
    the_header = header(data)
    second = results(data)
    split = money_split(data)
    authority, title = signer_authority(data.issuer, lang)
    return TwinningReport(
        language=lang,
        twinning_id=data.twinning.pk,
        slug=data.twinning.slug,
        year_from=data.year_from,
        year_to=data.year_to,
        scope=data.scope,
        scope_note=scope_note(data),
        header=the_header,
        kind_title=vi_or("BÁO CÁO", _("REPORT"), lang),
        subject=subject(data),
        legal_bases=legal_bases(data),
        sections=[
            situation(data),
            second,
            assessment(data),
            direction(data),
            recommendations(data),
        ],
        narrative=second.paragraphs,
        appendix=appendix(data),
        appendix_title=vi_or("PHỤ LỤC", _("APPENDIX"), lang),
        appendix_attached=attached_line(data, the_header),
        tables=data_tables(data),
        charts=charts(data),
        signer_authority=(draft.signer_authority if draft else "") or authority,
        signer_title=(draft.signer_title if draft else "") or title,
        signer_name=(draft.signer_name if draft else "") or queries.signer_name(data.issuer),
        recipients_heading=recipients_heading(lang),
        recipients=_lines(draft.recipients if draft else "") or default_recipients(data),
        figures={
            "years": data.years,
            "total_vnd": data.totals.value.total,
            "direct_vnd": data.totals.value.direct,
            "own_vnd": split.own,
            "other_agency_vnd": split.other_agency,
            "mobilised_vnd": data.totals.value.mobilised,
            "activities": data.totals.activities,
            "summary_total_vnd": queries.summary_totals(
                sorted(data.twinnings), year_from=data.year_from, year_to=data.year_to
            ).value.total,
        },
        issued_on=data.issued_on,
        title_block=title_block(data),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Kept for callers of the former module: the header's date.
__all__ += ["decree30_date", "date_text"]
