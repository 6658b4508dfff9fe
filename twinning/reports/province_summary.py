"""Documents of tables: the province summary of a programme (one row per twinning, totals by
category and by year, read from the summary kept exact on every write) and plan versus actual;
and their Word rendering in the Decree 30 frame (issuing body, number, date, title, tables,
signature and "Nơi nhận"), through the shared Word helpers of docx_parts.py.

Excel and CSV carry the document's tables and the data tables behind them (the matrices of
twinnings by category and by year), which are too wide to print and are not in the Word file.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.core.formatting import format_year
from twinning.reports import docx_parts as parts
from twinning.reports import queries
from twinning.reports.tables import PartialDate, Table
from twinning.reports.twinning_report import (
    Header,
    category_label,
    filed_line,
    issuer_header,
    organisation_label,
    recipients_heading,
    signer_authority,
)
from twinning.reports.wording import isolate, join, period, vi_or


@dataclass
class TablesDocument:
    language: str
    title: str
    subtitle: str
    tables: list[Table]  # what the Word file, the PDF and the page show
    file_stem: str
    paragraphs: list[str] = field(default_factory=list)
    header: Header | None = None  # the Decree 30 frame, for a document that is signed
    kind_title: str = ""
    subject: str = ""
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients_heading: str = ""
    recipients: list[str] = field(default_factory=list)
    data_tables: list[Table] = field(default_factory=list)  # Excel and CSV only
    title_block: list[tuple[str, str]] = field(default_factory=list)
    landscape: bool = False

    def export_tables(self) -> list[Table]:
        return [*self.data_tables, *self.tables]


def _span(year_from, year_to, data_years, lang: str) -> str:
    first = year_from or (data_years[0] if data_years else None)
    last = year_to or (data_years[-1] if data_years else None)
    if first is None or last is None:
        return ""
    return period(first, last, lang)


def build_province_summary(programme, twinnings, year_from, year_to, language="vi",
                           issued_on: datetime.date | None = None):  # fmt: skip
    """Return the province summary of the programme's twinnings, issued by the body that
    coordinates the programme on the day (Ban Dân vận, now Ban Tuyên giáo và Dân vận)."""
    issued_on = issued_on or timezone.localdate()
    lang = language
    with translation.override(language):
        data = queries.province_summary(twinnings, year_from=year_from, year_to=year_to)
        money = [_("Own (VND)"), _("Mobilised (VND)"), _("Total (VND)")]
        by_category = Table(
            "by_category",
            _("Totals by category"),
            [_("Sponsor"), _("Commune"), _("Activities"), *money]
            + [label for _code, label in data.categories],
            ["text", "text", "int", "vnd", "vnd", "vnd"] + ["vnd"] * len(data.categories),
            [[r.sponsor, r.commune, r.activities, r.value.direct, r.value.mobilised,
              r.value.total] + [r.by_category.get(code, 0) for code, _l in data.categories]
             for r in data.rows],
            [[_("Total"), "", data.total.activities, data.total.value.direct,
              data.total.value.mobilised, data.total.value.total]
             + [data.total.by_category.get(code, 0) for code, _l in data.categories]],
        )  # fmt: skip
        by_year = Table(
            "by_year",
            _("Totals by year"),
            [_("Sponsor"), _("Commune")] + [format_year(y) for y in data.years] + [_("Total (VND)")],
            ["text", "text"] + ["vnd"] * len(data.years) + ["vnd"],
            [[r.sponsor, r.commune] + [r.by_year.get(y, 0) for y in data.years] + [r.value.total]
             for r in data.rows],
            [[_("Total"), ""] + [data.total.by_year.get(y, 0) for y in data.years]
             + [data.total.value.total]],
        )  # fmt: skip
        # The document names each sponsor as it is on the day of issue, with its former name
        # (a department and the one it became are one sponsor); the data tables keep the names
        # as recorded.
        sponsors = dict(twinnings.order_by().values_list("pk", "sponsor_id"))
        bodies = queries.acting_bodies(set(sponsors.values()), issued_on)
        twinning_rows = Table(
            "twinnings",
            _("Results by twinning"),
            [_("No."), _("Sponsor"), _("Commune"), _("Activities"), *money],
            ["int", "text", "text", "int", "vnd", "vnd", "vnd"],
            [[i, organisation_label(bodies[sponsors[r.twinning_id]], lang), r.commune,
              r.activities, r.value.direct, r.value.mobilised, r.value.total]
             for i, r in enumerate(data.rows, start=1)],
            [["", _("Total"), "", data.total.activities, data.total.value.direct,
              data.total.value.mobilised, data.total.value.total]],
            empty=_("No data."),
        )  # fmt: skip
        category_rows = Table(
            "categories",
            _("Value by category"),
            [_("Category"), _("Total (VND)")],
            ["text", "vnd"],
            [[label, data.total.by_category.get(code, 0)] for code, label in data.categories],
            [[_("Total"), data.total.value.total]],
            empty=_("No data."),
        )
        year_rows = Table(
            "years",
            _("Value by year"),
            [_("Year"), _("Total (VND)")],
            ["year", "vnd"],
            [[y, data.total.by_year.get(y, 0)] for y in data.years],
            [[_("Total"), data.total.value.total]],
            empty=_("No data."),
        )
        span = _span(year_from, year_to, data.years, lang)
        coordinator = programme.coordinating_organisation
        issuer = queries.issuing_body(coordinator, issued_on) if coordinator else None
        title = _("Province summary: %(programme)s") % {"programme": programme.name}
        subject = vi_or(
            f"Tổng hợp kết quả công tác giao lưu, kết nghĩa {span}".strip(),
            (_("Summary of the exchange and twinning work, %(period)s") % {"period": span})
            if span else _("Summary of the exchange and twinning work"),
            lang,
        )  # fmt: skip
        frame = _frame(issuer, issued_on, lang)
        count = len(data.rows)
        paragraphs = [
            vi_or(
                f"Chương trình: {programme.name}. Số liệu của {count} cặp kết nghĩa, tính theo "
                "đơn vị hành chính tại thời điểm thực hiện; giá trị là các đóng góp đã trao.",
                _(
                    "Programme: %(programme)s. Figures of %(count)s twinnings, under the units of "
                    "the time; values are the contributions delivered."
                )
                % {"programme": isolate(programme.name, lang), "count": count},
                lang,
            )
        ]
        return TablesDocument(
            language,
            title,
            span,
            [twinning_rows, category_rows, year_rows],
            f"tong-hop-{programme.slug}-{year_from or 'all'}-{year_to or 'all'}-{language}",
            paragraphs=paragraphs,
            subject=subject,
            data_tables=[by_category, by_year],
            title_block=[
                (_("Programme"), programme.name),
                (_("Period"), span),
                (_("Units"), _("under the administrative units of the time")),
                (_("Issued by"), issuer.name if issuer else ""),
                (_("Date"), issued_on.strftime("%d/%m/%Y")),
            ],
            **frame,
        )


def _frame(issuer, issued_on: datetime.date, lang: str, *, recipients=None) -> dict:
    """Return the Decree 30 frame of a document the issuer signs on the day."""
    if issuer is None:
        return {"kind_title": vi_or("BÁO CÁO", _("REPORT"), lang),
                "recipients_heading": recipients_heading(lang)}  # fmt: skip
    authority, title = signer_authority(issuer, lang)
    return {
        "header": issuer_header(issuer, "", issued_on, lang),
        "kind_title": vi_or("BÁO CÁO", _("REPORT"), lang),
        "signer_authority": authority,
        "signer_title": title,
        "signer_name": queries.signer_name(issuer),
        "recipients_heading": recipients_heading(lang),
        "recipients": [*(recipients or []), filed_line(issuer.short_name, lang)],
    }


def build_plan_versus_actual(plan, language="vi", issued_on: datetime.date | None = None):
    """Return the plan of a year against what was done, as tables (queries.plan_versus_actual),
    issued by the sponsor as it is on the day."""
    issued_on = issued_on or timezone.localdate()
    lang = language
    with translation.override(language):
        data = queries.plan_versus_actual(plan)
        items = Table(
            "plan_items",
            _("Plan items and what was done"),
            [_("No."), _("Plan item"), _("Category"), _("Target"), _("Unit"), _("Done"),
             _("Budget (VND)"), _("Actual (VND)"), _("Activities")],
            ["int", "text", "text", "decimal", "text", "decimal", "vnd", "vnd", "int"],
            [[i, row.item.title, category_label(row.item.category),
              row.item.target_quantity, row.item.target_unit, row.actual_quantity,
              row.item.budget_vnd, row.actual_value, len(row.activities)]
             for i, row in enumerate(data.items, start=1)],
            [["", _("Total"), "", None, "", None, data.budget_total, data.actual_total,
              sum(len(row.activities) for row in data.items)]],
            empty=_("No data."),
        )  # fmt: skip
        unplanned = Table(
            "unplanned",
            _("Activities outside the plan"),
            [_("Date"), _("Activity"), _("Category"), _("Status"), _("Value (VND)")],
            ["date", "text", "text", "text", "vnd"],
            [[PartialDate(line.start_date, line.date_precision), line.title,
              category_label(line.category), line.status_label, line.value_vnd]
             for line in data.unplanned],
            empty=_("Every activity of the year was planned."),
        )  # fmt: skip
        twinning = plan.twinning
        issuer = queries.issuing_body(twinning.sponsor, issued_on)
        number = plan.document_number
        year = format_year(plan.year)
        subject = vi_or(
            f"Tình hình thực hiện Kế hoạch giao lưu, kết nghĩa năm {year}"
            + (f" (Kế hoạch số {number})" if number else ""),
            (_("Plan versus actual, %(year)s (plan No. %(number)s)")
             % {"year": year, "number": isolate(number, lang)}) if number
            else _("Plan versus actual, %(year)s") % {"year": year},
            lang,
        )  # fmt: skip
        partner = queries.issuing_body(twinning.partner_organisation, issued_on)
        done = data.items_done
        paragraphs = [
            vi_or(
                f"Kế hoạch có {len(data.items)} nội dung, đã thực hiện {done}; tổng kinh phí dự "
                "kiến và thực hiện xem bảng dưới đây.",
                _(
                    "The plan has %(items)s items, %(done)s of them done; the budget and what "
                    "was spent are in the table below."
                )
                % {"items": len(data.items), "done": done},
                lang,
            )
        ]
        return TablesDocument(
            language,
            _("Plan versus actual, %(year)s") % {"year": year},
            f"{twinning.sponsor.name} — {twinning.partner_unit}",
            [items, unplanned],
            f"ke-hoach-thuc-hien-{twinning.slug}-{plan.year}-{language}",
            paragraphs=paragraphs,
            subject=subject,
            title_block=[
                (_("Twinning"), f"{twinning.sponsor.name} — {twinning.partner_unit}"),
                (_("Period"), period(plan.year, plan.year, lang)),
                (_("Issued by"), issuer.name),
                (_("Date"), issued_on.strftime("%d/%m/%Y")),
            ],
            **_frame(issuer, issued_on, lang, recipients=[f"- {isolate(partner.name, lang)};"]),
        )


def render_tables_docx(document_data) -> bytes:
    """Return a document of tables as a Word file in the Decree 30 frame: header, kind and
    subject, its paragraphs, its tables (content-sized, headings repeated), and the signature
    block with "Nơi nhận" when it has an issuer; a plain titled document otherwise."""
    lang = document_data.language
    document = parts.new_document(landscape=document_data.landscape)
    if document_data.header is not None:
        parts.write_header(document, document_data.header, lang)
        parts.write_title(document, document_data.kind_title, document_data.subject, lang)
    else:
        parts.write_title(document, document_data.title, document_data.subtitle, lang, before=0)
    for text in document_data.paragraphs:
        parts.paragraph(document, text, align=parts.JUSTIFY, indent=True, lang=lang)
    for table in document_data.tables:
        parts.data_table(document, table, lang, size=11)
    if document_data.header is not None:
        parts.write_signature(document, document_data, lang)
    return parts.save(document)


__all__ = ["TablesDocument", "build_province_summary", "build_plan_versus_actual", "join"]
