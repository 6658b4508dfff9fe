"""The twinning report for a year or a span of years, as plain data.

Built from the functions of queries.py (no query of its own beyond them), in the structure the
departments use: Căn cứ; I. Đặc điểm tình hình; II. Kết quả thực hiện; III. Đánh giá; IV.
Phương hướng; V. Kiến nghị; and the appendix table. Every renderer (Word, PDF, Excel, CSV, the
web page) reads a `TwinningReport` and nothing else.

Language: the report is built with `translation.override(language)`. The Decree 30 parts that
are Vietnamese by nature (the national motto, "BÁO CÁO", "Nơi nhận") are written in Vietnamese;
headings and the narrative are Vietnamese in a Vietnamese report and gettext strings otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.activities.models import Activity, BeneficiaryGroup, Contribution
from twinning.core.choices import Category, DatePrecision
from twinning.core.formatting import decree30_date, format_number, format_vnd
from twinning.reports import queries
from twinning.reports.narrative import narrative_paragraphs, vi_or

AS_IT_WAS = "as_it_was"
AS_IT_IS = "as_it_is"


@dataclass
class Table:
    """A table of typed cells: int, Decimal, date, str or None; `kinds` says how to show each
    column ("text", "int", "vnd", "decimal", "date", "percent")."""

    key: str
    title: str
    columns: list[str]
    kinds: list[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None


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
    tables: list[Table]  # the data tables of the Excel and CSV exports
    charts: dict[str, Chart]
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients_heading: str
    recipients: list[str]
    figures: dict  # the key numbers, for tests and the web page
    issued_on: datetime.date

    def export_tables(self) -> list[Table]:
        return [*self.tables, self.appendix]

    @property
    def file_stem(self) -> str:
        return f"bao-cao-{self.slug}-{self.year_from}-{self.year_to}-{self.language}"


def lower_first(text: str) -> str:
    """Return the text with its first letter in lower case: "Xã Đông Giang" → "xã Đông Giang"."""
    return text[:1].lower() + text[1:]


def unit_path(unit) -> str:
    """Return "xã Đông Giang, huyện Hàm Thuận Bắc, tỉnh Bình Thuận" (the unit and its parents)."""
    parts = []
    while unit is not None and unit.level != "country":
        parts.append(lower_first(str(unit)))
        unit = unit.parent
    return ", ".join(parts)


def money(value: int | None, lang: str) -> str:
    return format_vnd(value or 0, lang, document=True)


def millions(value: int, lang: str) -> str:
    """Return an amount in millions as prose writes it: "4,8 triệu đồng", "4.8 million VND"."""
    amount = Decimal(value) / Decimal(1_000_000)
    text = format_number(amount.quantize(Decimal("0.1")).normalize(), lang)
    if lang == "vi":
        return f"{text} triệu đồng"
    return _("%(amount)s million VND") % {"amount": text}


def quantity_text(quantity, lang: str) -> str:
    if quantity is None:
        return ""
    return format_number(Decimal(quantity), lang)


def document_number(number: str, short_name: str) -> str:
    """Return "05/BC-SCT": the number with a leading zero below 10, or a blank for the clerk."""
    number = (number or "").strip()
    if "/" in number:
        head, _sep, tail = number.partition("/")
        if head.isdigit():
            head = f"{int(head):02d}"
        return f"{head}/{tail}"
    if number.isdigit():
        number = f"{int(number):02d}"
    return f"{number or '     '}/BC-{short_name or 'SO'}"


def period_text(year_from: int, year_to: int, lang: str) -> str:
    if year_from == year_to:
        return vi_or(f"năm {year_from}", _("in %(year)s") % {"year": year_from}, lang)
    return vi_or(
        f"giai đoạn {year_from} - {year_to}",
        _("%(first)s to %(last)s") % {"first": year_from, "last": year_to},
        lang,
    )


def date_text(day: datetime.date, precision: str, lang: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return f"{day.month:02d}/{day.year}"
    return day.strftime("%d/%m/%Y")


def indicator_value_text(value: Decimal, unit: str, lower_bound: bool, lang: str) -> str:
    text = format_number(Decimal(value), lang)
    if unit == "percent":
        text += "%"
    elif unit == "met":
        text = vi_or("đạt" if value else "chưa đạt", _("met") if value else _("not met"), lang)
    if lower_bound:
        text = vi_or(f"trên {text}", _("over %(value)s") % {"value": text}, lang)
    return text


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
        return _build(twinning, year_from, year_to, language, scope, draft)


def _build(twinning, year_from, year_to, lang, scope, draft) -> TwinningReport:
    issued_on = (draft.issued_on if draft and draft.issued_on else None) or timezone.localdate()
    merged = queries.merged_scope(twinning) if scope == AS_IT_IS else None
    twinning_ids = merged.twinning_ids if merged else [twinning.pk]
    activities = Activity.objects.filter(
        twinning_id__in=twinning_ids,
        start_date__year__gte=year_from,
        start_date__year__lte=year_to,
    )
    totals = queries.activity_totals(activities)
    summary = queries.summary_totals(twinning_ids, year_from=year_from, year_to=year_to)
    donors = queries.donor_rows(activities)
    items = queries.item_rows(activities)
    outputs = queries.output_rows(activities)
    appendix_rows = queries.appendix_rows(activities)
    plans = queries.plan_years([twinning.pk], year_from, year_to)
    unit_ids = [twinning.partner_unit_id]
    if merged:
        unit_ids += [u.pk for u in merged.current_units]
    trends = queries.indicator_trends(unit_ids)
    _year, ethnic = queries.latest_ethnic_composition(twinning.partner_unit_id)

    issuer = queries.issuing_body(twinning.sponsor, issued_on)
    province = issuer.admin_unit.province() if issuer.admin_unit_id else None
    place = province.name if province else ""
    sponsor_name = twinning.sponsor.name
    issuer_name = issuer.name
    issuer_generic = issuer_name.split(" tỉnh ")[0] if " tỉnh " in issuer_name else issuer_name
    commune = twinning.partner_unit
    commune_name = lower_first(str(commune))  # "xã Đông Giang"
    if merged and merged.current_units:
        where = unit_path(merged.current_units[0])
    else:
        where = unit_path(commune)
    period = period_text(year_from, year_to, lang)
    years = year_to - year_from + 1

    header = Header(
        parent_body=(issuer.parent_body or "").upper(),
        issuer=issuer_generic.upper(),
        number_line="Số: "
        + document_number(draft.document_number if draft else "", issuer.short_name),
        place_date=f"{place}, {decree30_date(issued_on)}" if place else decree30_date(issued_on),
    )
    subject = (draft.subject if draft and draft.subject else "") or vi_or(
        f"Kết quả thực hiện công tác giao lưu, kết nghĩa với {commune_name} {period}",
        _("Results of the exchange and twinning work with %(commune)s, %(period)s")
        % {"commune": commune_name, "period": period},
        lang,
    )
    if merged:
        added = ", ".join(merged.added_communes)
        scope_note = vi_or(
            f"Số liệu tính theo đơn vị hành chính hiện nay ({where}), "
            f"bao gồm số liệu kết nghĩa của {added} đã sáp nhập."
            if added
            else f"Số liệu tính theo đơn vị hành chính hiện nay ({where}).",
            _(
                "Figures as it is now (%(where)s), including the twinning figures of %(added)s, "
                "merged into it."
            )
            % {"where": where, "added": added}
            if added
            else _("Figures as it is now (%(where)s).") % {"where": where},
            lang,
        )
    else:
        scope_note = vi_or(
            f"Số liệu tính theo đơn vị hành chính tại thời điểm thực hiện ({where}).",
            _("Figures as it was, under the units of the time (%(where)s).") % {"where": where},
            lang,
        )

    # --- key figures -------------------------------------------------------------------------
    by_indicator = {t.indicator.code: t for t in trends}

    def in_span(trend):
        points = [p for p in trend.points if year_from <= p.year <= year_to] or trend.points
        if merged:
            points = [p for p in trend.points if p.year >= year_from] or trend.points
        return points

    figures = {
        "years": years,
        "total_vnd": totals.value.total,
        "direct_vnd": totals.value.direct,
        "mobilised_vnd": totals.value.mobilised,
        "activities": totals.activities,
        "summary_total_vnd": summary.value.total,
    }

    # --- Căn cứ ------------------------------------------------------------------------------
    default_bases = []
    if twinning.programme.legal_reference:
        default_bases.append(
            vi_or(
                f"Căn cứ {twinning.programme.legal_reference};",
                _("Having regard to %(reference)s;")
                % {"reference": twinning.programme.legal_reference},
                lang,
            )
        )
    numbered = [p for p in plans if p.document_number]
    if numbered:
        numbers = ", ".join(f"{p.document_number} ({p.year})" for p in numbered)
        default_bases.append(
            vi_or(
                f"Căn cứ các Kế hoạch giao lưu, kết nghĩa hằng năm số {numbers} giữa "
                f"{sponsor_name} và {twinning.partner_organisation.name};",
                _("Having regard to the yearly exchange and twinning plans %(numbers)s;")
                % {"numbers": numbers},
                lang,
            )
        )
    default_bases.append(
        vi_or(
            f"{issuer_name} báo cáo kết quả thực hiện công tác giao lưu, kết nghĩa {period} "
            "như sau:",
            _("%(issuer)s reports on the exchange and twinning work, %(period)s, as follows:")
            % {"issuer": issuer_name, "period": period},
            lang,
        )
    )
    legal_bases = _lines(draft.legal_bases if draft else "") or default_bases

    # --- I. Situation -------------------------------------------------------------------------
    situation = []
    signed = twinning.signed_on_note or date_text(
        twinning.signed_on, twinning.signed_on_precision, lang
    )
    situation.append(
        vi_or(
            f"{commune_name[:1].upper()}{commune_name[1:]} ({where}) là xã vùng cao kết nghĩa với {sponsor_name} "
            f"từ {signed} theo phân công của tỉnh.",
            _(
                "%(commune)s (%(where)s) is the highland commune twinned with %(sponsor)s since "
                "%(signed)s, as assigned by the province."
            )
            % {"commune": commune_name, "where": where, "sponsor": sponsor_name, "signed": signed},
            lang,
        )
    )
    share = by_indicator.get("ethnic_minority_share")
    if share and in_span(share):
        point = in_span(share)[-1]
        groups = ", ".join(e.name for e in ethnic)
        value = indicator_value_text(point.value, "percent", point.is_lower_bound, lang)
        situation.append(
            vi_or(
                f"Đồng bào dân tộc thiểu số chiếm tới {value} dân số"
                + (f" ({groups})" if groups else "")
                + ".",
                _("Up to %(value)s of the population are ethnic minorities%(groups)s.")
                % {"value": value, "groups": f" ({groups})" if groups else ""},
                lang,
            )
        )
    poverty = by_indicator.get("poor_and_near_poor_rate")
    if poverty and in_span(poverty):
        point = in_span(poverty)[-1]
        value = indicator_value_text(point.value, "percent", point.is_lower_bound, lang)
        situation.append(
            vi_or(
                f"Tỷ lệ hộ nghèo và hộ cận nghèo {value} (năm {point.year}); người dân sống "
                "chủ yếu bằng nghề nông.",
                _(
                    "Poor and near-poor households: %(value)s (%(year)s); people live mainly "
                    "from farming."
                )
                % {"value": value, "year": point.year},
                lang,
            )
        )
    if draft and draft.situation:
        situation = _lines(draft.situation)
    section_1 = Section(vi_or("I. ĐẶC ĐIỂM TÌNH HÌNH", _("I. Situation"), lang), situation)

    # --- II. Results --------------------------------------------------------------------------
    labels = dict(Category.choices)
    adopted = [p for p in plans if p.status == "approved"]
    planning = Section(
        vi_or("1. Công tác xây dựng kế hoạch", _("1. Planning"), lang),
        [
            vi_or(
                f"Hằng năm, hai bên thống nhất xây dựng kế hoạch giao lưu, kết nghĩa: "
                f"{len(adopted)}/{years} năm có kế hoạch được phê duyệt.",
                _(
                    "Every year both sides agreed an exchange and twinning plan: %(adopted)s of "
                    "%(years)s years have an approved plan."
                )
                % {"adopted": len(adopted), "years": years},
                lang,
            )
        ],
    )
    exchange_codes = ["exchange", "festival", "training", "trade", "tourism", "environment",
                      "governance", "policy"]  # fmt: skip
    exchange_lines = [
        f"- {labels[row.category]}: "
        + vi_or(f"{row.activities} hoạt động", _("%(n)s activities") % {"n": row.activities}, lang)
        for row in totals.by_category
        if row.category in exchange_codes
    ]
    exchanges = Section(
        vi_or("2. Hoạt động giao lưu, tuyên truyền, hỗ trợ", _("2. Exchanges and outreach"), lang),
        [
            vi_or(
                f"Tổng số {totals.activities} hoạt động trong {years} năm, "
                f"{format_number(totals.reach_person_times, lang)} lượt người tham gia.",
                _("%(n)s activities in %(years)s years, reaching %(reach)s person-times.")
                % {
                    "n": totals.activities,
                    "years": years,
                    "reach": format_number(totals.reach_person_times, lang),
                },
                lang,
            ),
            *exchange_lines,
        ],
    )
    support_table = Table(
        "support",
        vi_or("Giá trị hỗ trợ theo lĩnh vực", _("Support by category"), lang),
        [
            vi_or("Lĩnh vực", _("Category"), lang),
            vi_or("Số hoạt động", _("Activities"), lang),
            vi_or("Của đơn vị (đồng)", _("Own (VND)"), lang),
            vi_or("Vận động (đồng)", _("Mobilised (VND)"), lang),
            vi_or("Tổng (đồng)", _("Total (VND)"), lang),
        ],
        ["text", "int", "vnd", "vnd", "vnd"],
        [
            [
                str(labels.get(r.category, r.category)),
                r.activities,
                r.value.direct,
                r.value.mobilised,
                r.value.total,
            ]
            for r in totals.by_category
        ],  # fmt: skip
        [
            vi_or("Tổng cộng", _("Total"), lang),
            totals.activities,
            totals.value.direct,
            totals.value.mobilised,
            totals.value.total,
        ],  # fmt: skip
    )
    donor_lines = [
        f"- {d.name}: {money(d.value_vnd, lang)}"
        + (
            vi_or(" (kinh phí của đơn vị)", _(" (own means)"), lang)
            if d.origin == Contribution.Origin.DIRECT
            else vi_or(" (vận động)", _(" (mobilised)"), lang)
        )
        for d in donors
    ]
    item_lines = []
    for item in items:
        if item.kind == Contribution.Kind.CASH or item.quantity is None:
            continue
        origin = (
            vi_or("trực tiếp", _("directly"), lang)
            if item.origin == Contribution.Origin.DIRECT
            else vi_or("vận động", _("mobilised"), lang)
        )
        worth = f", {money(item.value_vnd, lang)}" if item.value_vnd else ""
        item_lines.append(
            f"- {item.item}: {quantity_text(item.quantity, lang)} {item.unit}{worth} ({origin})"
        )
    support = Section(
        vi_or("3. Công tác hỗ trợ, tặng quà", _("3. Support and gifts"), lang),
        [
            vi_or(
                f"Tổng giá trị hỗ trợ {money(totals.value.total, lang)}, trong đó kinh phí "
                f"của đơn vị {money(totals.value.direct, lang)}, vận động "
                f"{money(totals.value.mobilised, lang)}.",
                _(
                    "Support worth %(total)s in all: %(direct)s from the department's own "
                    "means and %(mobilised)s mobilised from others."
                )
                % {
                    "total": money(totals.value.total, lang),
                    "direct": money(totals.value.direct, lang),
                    "mobilised": money(totals.value.mobilised, lang),
                },
                lang,
            ),
            vi_or("Đơn vị, doanh nghiệp đóng góp:", _("Contributors:"), lang),
            *donor_lines,
            vi_or("Hiện vật đã trao:", _("Goods given:"), lang),
            *item_lines,
        ],
        [support_table],
        charts=["by_year", "own_mobilised"],
    )
    output_lines = [
        f"- {o.description}: {quantity_text(o.quantity, lang)} {o.unit} ({o.year})" for o in outputs
    ]
    infrastructure = Section(
        vi_or("4. Công trình, kết quả cụ thể", _("4. What the work built"), lang),
        output_lines or [vi_or("Không có.", _("None."), lang)],
    )
    group_labels = dict(BeneficiaryGroup.choices)
    beneficiary_table = Table(
        "beneficiaries",
        vi_or("Đối tượng thụ hưởng", _("Beneficiaries by group"), lang),
        [
            vi_or("Nhóm", _("Group"), lang),
            vi_or("Số lượng", _("Count"), lang),
            vi_or("Nữ", _("Women"), lang),
            vi_or("Dân tộc thiểu số", _("Ethnic minorities"), lang),
        ],
        ["text", "int", "int", "int"],
        [
            [str(group_labels.get(b.group, b.group)), b.count, b.women, b.ethnic_minority]
            for b in totals.beneficiaries
        ],  # fmt: skip
        [vi_or("Tổng cộng", _("Total"), lang), totals.beneficiaries_total, None, None],
    )
    beneficiaries = Section(
        vi_or("5. Đối tượng thụ hưởng", _("5. Beneficiaries"), lang), [], [beneficiary_table]
    )
    indicator_rows = []
    for trend in trends:
        points = in_span(trend)
        if not points:
            continue
        first, last = points[0], points[-1]
        unit = trend.indicator.unit
        indicator_rows.append(
            [
                trend.indicator.localized_name(lang),
                first.year,
                indicator_value_text(first.value, unit, first.is_lower_bound, lang),
                last.year,
                indicator_value_text(last.value, unit, last.is_lower_bound, lang),
            ]
        )
    indicator_table = Table(
        "indicators",
        vi_or("Chỉ tiêu của xã: trước và nay", _("The commune's indicators, then and now"), lang),
        [
            vi_or("Chỉ tiêu", _("Indicator"), lang),
            vi_or("Năm đầu", _("First year"), lang),
            vi_or("Giá trị", _("Value"), lang),
            vi_or("Năm cuối", _("Last year"), lang),
            vi_or("Giá trị", _("Value"), lang),
        ],
        ["text", "int", "text", "int", "text"],
        indicator_rows,
    )
    indicators = Section(
        vi_or("6. Chỉ tiêu kinh tế - xã hội của xã", _("6. The commune's indicators"), lang),
        [],
        [indicator_table],
        charts=["indicators"],
    )
    section_2 = Section(
        vi_or("II. KẾT QUẢ THỰC HIỆN", _("II. Results"), lang),
        narrative_paragraphs(
            lang=lang,
            sponsor=sponsor_name,
            commune=commune_name,
            year_from=year_from,
            year_to=year_to,
            totals=totals,
            items=items,
            outputs=outputs,
            trends=trends,
        ),
        subsections=[planning, exchanges, support, infrastructure, beneficiaries, indicators],
    )

    # --- III-V: editable texts drafted from the data ----------------------------------------
    pending = totals.activities_by_confirmation.get(Activity.Confirmation.PENDING, 0)
    disputed = totals.activities_by_confirmation.get(Activity.Confirmation.DISPUTED, 0)
    assessment_default = [
        vi_or(
            f"Ưu điểm: hoạt động giao lưu, kết nghĩa được duy trì thường xuyên {years} năm liên "
            f"tục, thiết thực, phù hợp; đã vận động được {money(totals.value.mobilised, lang)} "
            "từ các đơn vị, doanh nghiệp.",
            _(
                "Strengths: the exchange and twinning work was kept up for %(years)s consecutive "
                "years, practical and suitable; %(mobilised)s were mobilised from units and "
                "businesses."
            )
            % {"years": years, "mobilised": money(totals.value.mobilised, lang)},
            lang,
        ),
        vi_or(
            f"Hạn chế: còn {pending} hoạt động chờ xã xác nhận và {disputed} hoạt động xã "
            "chưa thống nhất; nguồn lực hỗ trợ còn hạn chế so với nhu cầu.",
            _(
                "Limits: %(pending)s activities await the commune's confirmation and %(disputed)s "
                "are disputed; the means are small compared with the needs."
            )
            % {"pending": pending, "disputed": disputed},
            lang,
        ),
    ]
    direction_default = [
        vi_or(
            f"Tiếp tục duy trì quan hệ kết nghĩa với {commune_name}, đưa vào chương "
            "trình, kế hoạch thực hiện nhiệm vụ chính trị của cơ quan; hằng năm phối hợp với "
            "UBND xã xây dựng kế hoạch với nội dung cụ thể, thiết thực.",
            _(
                "Keep up the twinning with %(commune)s and include it in the agency's programme "
                "and plan; every year agree with the commune People's Committee a plan with "
                "specific, practical tasks."
            )
            % {"commune": commune_name},
            lang,
        )
    ]
    recommendations_default = [
        vi_or(
            "Đề nghị các cấp, các ngành tiếp tục quan tâm, hỗ trợ nguồn lực cho xã; các doanh "
            "nghiệp tiếp tục đồng hành cùng địa phương.",
            _(
                "Ask the authorities to keep supporting the commune with means, and the "
                "businesses to keep standing by it."
            ),
            lang,
        )
    ]
    sections = [
        section_1,
        section_2,
        Section(
            vi_or("III. ĐÁNH GIÁ", _("III. Assessment"), lang),
            _lines(draft.assessment if draft else "") or assessment_default,
        ),
        Section(
            vi_or("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ", _("IV. Direction and tasks"), lang),
            _lines(draft.direction if draft else "") or direction_default,
        ),
        Section(
            vi_or("V. KIẾN NGHỊ, ĐỀ XUẤT", _("V. Recommendations"), lang),
            _lines(draft.recommendations if draft else "") or recommendations_default,
        ),
    ]

    # --- appendix and data tables -----------------------------------------------------------
    appendix = Table(
        "appendix",
        vi_or("PHỤ LỤC: DANH MỤC HOẠT ĐỘNG", _("Appendix: the activities"), lang),
        [
            vi_or("STT", _("No."), lang),
            vi_or("Hoạt động", _("Activity"), lang),
            vi_or("Thời gian", _("Date"), lang),
            vi_or("Số lượng", _("Quantity"), lang),
            vi_or("ĐVT", _("Unit"), lang),
            vi_or("Giá trị (đồng)", _("Value (VND)"), lang),
            vi_or("Nguồn", _("Source"), lang),
            vi_or("Ghi chú", _("Note"), lang),
        ],
        ["int", "text", "text", "decimal", "text", "vnd", "text", "text"],
        [
            [
                r.number,
                r.title,
                date_text(r.date, r.date_precision, lang),
                r.quantity,
                r.unit,
                r.value_vnd,
                "; ".join(r.contributors),
                _note(r.note, lang),
            ]
            for r in appendix_rows
        ],
        [
            "",
            vi_or("Tổng cộng", _("Total"), lang),
            "",
            None,
            "",
            sum(r.value_vnd for r in appendix_rows),
            "",
            "",
        ],  # fmt: skip
    )
    tables = _data_tables(activities, totals, trends, lang)

    charts = {
        "by_year": Chart(
            "by_year",
            vi_or("Giá trị hỗ trợ theo năm và lĩnh vực", _("Support by year and category"), lang),
            "bar",
            [str(y) for y in totals.by_category_year.years],
            [(label, [v / 1_000_000 for v in values])
             for _c, label, values, row_total in totals.by_category_year.rows if row_total],
            vi_or("triệu đồng", _("million VND"), lang),
        ),
        "own_mobilised": Chart(
            "own_mobilised",
            vi_or("Kinh phí của đơn vị và vận động", _("Own means and mobilised"), lang),
            "bar",
            [str(r.year) for r in totals.by_year],
            [
                (vi_or("Của đơn vị", _("Own"), lang), [r.value.direct / 1_000_000 for r in totals.by_year]),
                (vi_or("Vận động", _("Mobilised"), lang), [r.value.mobilised / 1_000_000 for r in totals.by_year]),
            ],
            vi_or("triệu đồng", _("million VND"), lang),
        ),
        "indicators": Chart(
            "indicators",
            vi_or("Tỷ lệ hộ nghèo, cận nghèo và hộ có điện", _("Poverty and electricity"), lang),
            "line",
            [str(y) for y in range(year_from, (max(year_to, *(p.year for t in trends for p in t.points)) if merged else year_to) + 1)]
            if trends
            else [],
            [],
            "%",
        ),
    }  # fmt: skip
    chart = charts["indicators"]
    for code in ("poor_and_near_poor_rate", "households_with_electricity"):
        trend = by_indicator.get(code)
        if trend:
            points = {p.year: float(p.value) for p in trend.points}
            chart.series.append(
                (trend.indicator.localized_name(lang), [points.get(int(y)) for y in chart.labels])
            )

    signer_name = (draft.signer_name if draft else "") or queries.signer_name(issuer)
    recipients = _lines(draft.recipients if draft else "") or _default_recipients(twinning, issuer)
    return TwinningReport(
        language=lang,
        twinning_id=twinning.pk,
        slug=twinning.slug,
        year_from=year_from,
        year_to=year_to,
        scope=scope,
        scope_note=scope_note,
        header=header,
        kind_title="BÁO CÁO",
        subject=subject,
        legal_bases=legal_bases,
        sections=sections,
        narrative=section_2.paragraphs,
        appendix=appendix,
        tables=tables,
        charts=charts,
        signer_authority=(draft.signer_authority if draft else "") or "KT. GIÁM ĐỐC",
        signer_title=(draft.signer_title if draft else "") or "PHÓ GIÁM ĐỐC",
        signer_name=signer_name,
        recipients_heading="Nơi nhận:",
        recipients=recipients,
        figures=figures,
        issued_on=issued_on,
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _note(note: str, lang: str) -> str:
    words = {
        "planned": vi_or("dự kiến", _("planned"), lang),
        "pledged": vi_or("có cam kết chưa trao", _("pledge not yet delivered"), lang),
    }
    return ", ".join(words[n] for n in note.split(",") if n in words)


def _default_recipients(twinning, issuer) -> list[str]:
    lines = []
    coordinator = twinning.programme.coordinating_organisation
    if coordinator:
        coordinator = queries.issuing_body(coordinator, timezone.localdate())
        lines.append(f"- {coordinator.name} (b/c);")
    lines.append(f"- {twinning.partner_organisation.name};")
    lines.append("- Giám đốc, các Phó Giám đốc Sở;")
    lines.append(f"- Lưu: VT, {issuer.short_name or 'VP'}.")
    return lines


def _data_tables(activities, totals, trends, lang) -> list[Table]:
    """Return the tables of the Excel and CSV exports: activities, contributions,
    beneficiaries, indicators and totals."""
    labels = dict(Category.choices)
    kinds = dict(Contribution.Kind.choices)
    origins = dict(Contribution.Origin.choices)
    statuses = dict(Contribution.Status.choices)
    groups = dict(BeneficiaryGroup.choices)
    rows = queries.appendix_rows(activities)
    activity_table = Table(
        "activities",
        _("Activities"),
        [_("No."), _("Activity"), _("Category"), _("Date"), _("Quantity"), _("Unit"),
         _("Own (VND)"), _("Mobilised (VND)"), _("Value (VND)"), _("Contributors"), _("Note")],
        ["int", "text", "text", "date", "decimal", "text", "vnd", "vnd", "vnd", "text", "text"],
        [[r.number, r.title, str(labels.get(r.category, r.category)), r.date, r.quantity, r.unit,
          r.direct_vnd, r.mobilised_vnd, r.value_vnd, "; ".join(r.contributors),
          _note(r.note, lang)] for r in rows],
    )  # fmt: skip
    contribution_table = Table(
        "contributions",
        _("Contributions"),
        [_("Date"), _("Activity"), _("Contributor"), _("Origin"), _("Kind"), _("Item"),
         _("Quantity"), _("Unit"), _("Unit value (VND)"), _("Value (VND)"), _("Status")],
        ["date", "text", "text", "text", "text", "text", "decimal", "text", "vnd", "vnd", "text"],
        [[c.date, c.activity_title, c.contributor_name, str(origins.get(c.origin, c.origin)),
          str(kinds.get(c.kind, c.kind)), c.item, c.quantity, c.unit, c.unit_value_vnd,
          c.value_vnd, str(statuses.get(c.status, c.status))]
         for c in queries.contribution_rows(activities)],
    )  # fmt: skip
    beneficiary_table = Table(
        "beneficiaries",
        _("Beneficiaries"),
        [_("Date"), _("Activity"), _("Group"), _("Count"), _("Women"), _("Ethnic minorities")],
        ["date", "text", "text", "int", "int", "int"],
        [[b.date, b.activity_title, str(groups.get(b.group, b.group)), b.count, b.women,
          b.ethnic_minority] for b in queries.beneficiary_lines(activities)],
    )  # fmt: skip
    indicator_table = Table(
        "indicators",
        _("Indicators"),
        [_("Indicator"), _("Year"), _("Value"), _("Unit"), _("Lower bound")],
        ["text", "int", "decimal", "text", "text"],
        [[t.indicator.localized_name(lang), p.year, p.value, t.indicator.get_unit_display(),
          _("yes") if p.is_lower_bound else ""] for t in trends for p in t.points],
    )  # fmt: skip
    totals_table = Table(
        "totals",
        _("Totals"),
        [_("Year"), _("Category"), _("Activities"), _("Own (VND)"), _("Mobilised (VND)"),
         _("Cash (VND)"), _("In kind (VND)"), _("Services (VND)"), _("Total (VND)")],
        ["int", "text", "int", "vnd", "vnd", "vnd", "vnd", "vnd", "vnd"],
        [[y.year, _("All categories"), y.activities, y.value.direct, y.value.mobilised,
          y.value.cash, y.value.in_kind, y.value.service, y.value.total] for y in totals.by_year]
        + [[None, str(c.label), c.activities, c.value.direct, c.value.mobilised, c.value.cash,
            c.value.in_kind, c.value.service, c.value.total] for c in totals.by_category],
        [None, _("Total"), totals.activities, totals.value.direct, totals.value.mobilised,
         totals.value.cash, totals.value.in_kind, totals.value.service, totals.value.total],
    )  # fmt: skip
    output_table = Table(
        "outputs",
        _("Outputs"),
        [_("Year"), _("Output"), _("Quantity"), _("Unit")],
        ["int", "text", "decimal", "text"],
        [[o.year, o.description, o.quantity, o.unit] for o in queries.output_rows(activities)],
    )
    return [activity_table, contribution_table, beneficiary_table, output_table,
            indicator_table, totals_table]  # fmt: skip


__all__ = ["build_report", "TwinningReport", "Table", "Section", "Chart", "Q"]
