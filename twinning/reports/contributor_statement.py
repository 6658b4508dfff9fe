"""A contributor's statement with a thank-you letter: what a business gave, when, where it went
and to which groups, as a Word document in the Decree 30 layout signed by the sponsor.

Built from queries.statement_totals and queries.statement_lines; rendered with the Word
helpers of render_docx."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.core.formatting import decree30_date
from twinning.reports import queries
from twinning.reports.narrative import vi_or
from twinning.reports.twinning_report import Header, Table, document_number, money


@dataclass
class Statement:
    language: str
    header: Header
    kind_title: str
    subject: str
    addressee: str
    paragraphs: list[str]
    table: Table
    signer_authority: str
    signer_title: str
    signer_name: str
    recipients_heading: str
    recipients: list[str]
    delivered_vnd: int
    file_stem: str


def build_statement(
    contributor,
    contributions,
    *,
    language: str = "vi",
    issued_on: datetime.date | None = None,
    number: str = "",
) -> Statement:
    """Return the statement of the contributions (a queryset the caller got through access.py)
    of `contributor`, with the letter's texts, in the language."""
    from twinning.programmes.models import Twinning

    issued_on = issued_on or timezone.localdate()
    with translation.override(language):
        lang = language
        totals = queries.statement_totals(contributions)
        lines = queries.statement_lines(queries.statement_contributions(contributions))
        main = totals.by_twinning[0] if totals.by_twinning else None
        twinning = (
            Twinning.objects.select_related("sponsor__admin_unit").get(pk=main.twinning_id)
            if main
            else None
        )
        issuer = queries.issuing_body(twinning.sponsor, issued_on) if twinning else None
        province = issuer.admin_unit.province() if issuer and issuer.admin_unit_id else None
        place = f"{province.name}, " if province else ""
        issuer_name = issuer.name if issuer else ""
        header = Header(
            parent_body=(issuer.parent_body if issuer else "").upper(),
            issuer=(issuer_name.split(" tỉnh ")[0] if issuer else "").upper(),
            number_line="Số: "
            + document_number(number, issuer.short_name if issuer else "").replace(
                f"/BC-{issuer.short_name if issuer else ''}",
                f"/{issuer.short_name if issuer else 'SO'}-VP",
            ),
            place_date=place + decree30_date(issued_on),
        )
        years = [row.year for row in totals.by_year]
        span = f"{years[0]}–{years[-1]}" if years else ""
        communes = ", ".join(row.commune for row in totals.by_twinning)
        groups = ", ".join(f"{b.count} {b.label.lower()}" for b in totals.beneficiaries)
        paragraphs = [
            vi_or(
                f"Thay mặt {issuer_name}, chúng tôi trân trọng cảm ơn {contributor.name} đã "
                f"đồng hành cùng công tác giao lưu, kết nghĩa với {communes}.",
                _(
                    "On behalf of %(issuer)s we thank %(contributor)s for standing by the "
                    "exchange and twinning work with %(communes)s."
                )
                % {"issuer": issuer_name, "contributor": contributor.name, "communes": communes},
                lang,
            ),
            vi_or(
                f"Trong giai đoạn {span}, quý đơn vị đã đóng góp {totals.contributions} lần, tổng giá trị "
                f"{money(totals.delivered_vnd, lang)}"
                + (f", đến với {groups}" if groups else "")
                + ".",
                _("In %(span)s you gave %(count)s times, worth %(total)s in all%(groups)s.")
                % {
                    "span": span,
                    "count": totals.contributions,
                    "total": money(totals.delivered_vnd, lang),
                    "groups": (_(", reaching %(groups)s") % {"groups": groups}) if groups else "",
                },
                lang,
            ),
            vi_or(
                "Kính chúc quý đơn vị sức khỏe, thành công và mong tiếp tục nhận được sự đồng "
                "hành của quý đơn vị.",
                _("We wish you every success and hope you will keep standing by us."),
                lang,
            ),
        ]
        table = Table(
            "statement",
            vi_or("Bảng kê đóng góp", _("Statement of contributions"), lang),
            [
                vi_or("Thời gian", _("Date"), lang),
                vi_or("Hoạt động", _("Activity"), lang),
                vi_or("Nơi nhận", _("Where it went"), lang),
                vi_or("Hiện vật", _("Item"), lang),
                vi_or("Số lượng", _("Quantity"), lang),
                vi_or("ĐVT", _("Unit"), lang),
                vi_or("Giá trị (đồng)", _("Value (VND)"), lang),
                vi_or("Đối tượng thụ hưởng", _("Beneficiaries"), lang),
            ],
            ["date", "text", "text", "text", "decimal", "text", "vnd", "text"],
            [
                [
                    line.activity.start_date,
                    line.activity.title,
                    line.place or str(line.activity.twinning.partner_unit),
                    line.contribution.item,
                    line.contribution.quantity,
                    line.contribution.unit,
                    line.contribution.value_vnd,
                    ", ".join(f"{b.label}: {b.count}" for b in line.beneficiary_groups),
                ]
                for line in lines
            ],
            [
                "",
                vi_or("Tổng cộng", _("Total"), lang),
                "",
                "",
                None,
                "",
                totals.delivered_vnd,
                "",
            ],  # fmt: skip
        )
        return Statement(
            language=lang,
            header=header,
            kind_title="THƯ CẢM ƠN" if lang == "vi" else _("LETTER OF THANKS"),
            subject=vi_or(
                f"Về việc đóng góp cho công tác giao lưu, kết nghĩa {span}",
                _("On the contributions to the twinning work, %(span)s") % {"span": span},
                lang,
            ),
            addressee=f"Kính gửi: {contributor.name}"
            if lang == "vi"
            else _("To: %(name)s") % {"name": contributor.name},
            paragraphs=paragraphs,
            table=table,
            signer_authority="KT. GIÁM ĐỐC",
            signer_title="PHÓ GIÁM ĐỐC",
            signer_name=queries.signer_name(issuer) if issuer else "",
            recipients_heading="Nơi nhận:",
            recipients=[
                "- Như trên;",
                f"- Lưu: VT, {issuer.short_name if issuer and issuer.short_name else 'VP'}.",
            ],
            delivered_vnd=totals.delivered_vnd,
            file_stem=f"thu-cam-on-{contributor.slug}-{lang}",
        )


def render_statement_docx(statement: Statement) -> bytes:
    """Return the thank-you letter with its statement table as a Word file."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from twinning.reports.render_docx import (
        _paragraph,
        _table,
        new_document,
        write_header,
        write_signature,
    )

    document = new_document()
    write_header(document, statement.header)
    centre, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, statement.kind_title, bold=True, align=centre, before=18, after=0)
    _paragraph(document, statement.subject, bold=True, align=centre, after=12)
    _paragraph(document, statement.addressee, align=centre, after=12)
    for text in statement.paragraphs:
        _paragraph(document, text, align=justify, indent=True, rtl=statement.language == "ar")
    _table(document, statement.table, statement.language, size=10)
    write_signature(document, statement)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def statement_document(statement: Statement):
    """Return the statement as a document of tables (for Excel, CSV and PDF): the letter's
    subject as the title, its paragraphs, and the table of contributions."""
    from twinning.reports.province_summary import TablesDocument

    return TablesDocument(
        statement.language,
        statement.subject,
        statement.addressee,
        [statement.table],
        statement.file_stem.replace("thu-cam-on-", "bang-ke-", 1),
        paragraphs=statement.paragraphs[:2],
    )
