"""A contributor's statement with a thank-you letter: what a business gave, when, where it went
and to which groups, as a Word document in the Decree 30 layout.

Who signs, and what the letter covers: a department signs for what its own twinnings received
(`signer`: the department and the bodies it succeeded; the contributions to other departments'
twinnings are left out); without a signing department (the business's own download, an
overseer) the letter covers the whole province and says so plainly, signed by the body that
coordinates the programme. Nothing dated after the letter is listed.

Built from queries.statement_totals and queries.statement_lines; rendered with the Word helpers
of docx_parts.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.reports import docx_parts as parts
from twinning.reports import queries
from twinning.reports.tables import PartialDate, Table
from twinning.reports.twinning_report import (
    Header,
    filed_line,
    issuer_header,
    recipients_heading,
    signer_authority,
)
from twinning.reports.wording import (
    counted,
    group_count,
    isolate,
    join,
    lower_first,
    money,
    period,
    vi_or,
)


@dataclass
class Statement:
    language: str
    header: Header | None
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
    issued_on: datetime.date
    scope_note: str = ""
    title_block: list[tuple[str, str]] = field(default_factory=list)


def covered(contributions, *, signer=None, issued_on: datetime.date | None = None):
    """Return the contributions the letter covers: to the twinnings of the signing department
    (and of the bodies it succeeded) when there is one, and none dated after the letter."""
    issued_on = issued_on or timezone.localdate()
    contributions = contributions.filter(activity__start_date__lte=issued_on)
    if signer is not None:
        lineage = signer.lineage_ids() | ({signer.succeeded_by_id} - {None})
        contributions = contributions.filter(activity__twinning__sponsor_id__in=lineage)
    return contributions


def build_statement(
    contributor,
    contributions,
    *,
    language: str = "vi",
    issued_on: datetime.date | None = None,
    number: str = "",
    signer=None,
) -> Statement:
    """Return the statement of the contributions (a queryset the caller got through access.py)
    of `contributor`, with the letter's texts, in the language. `signer`: the department that
    signs (its twinnings only); None: the whole province, signed by the coordinating body."""
    from twinning.programmes.models import Twinning

    issued_on = issued_on or timezone.localdate()
    contributions = covered(contributions, signer=signer, issued_on=issued_on)
    lang = language
    with translation.override(language):
        totals = queries.statement_totals(contributions)
        lines = queries.statement_lines(queries.statement_contributions(contributions))
        if signer is not None:
            issuer = queries.issuing_body(signer, issued_on)
        else:
            main = totals.by_twinning[0] if totals.by_twinning else None
            twinning = (
                Twinning.objects.select_related("programme__coordinating_organisation").get(
                    pk=main.twinning_id
                )
                if main
                else None
            )
            coordinator = twinning.programme.coordinating_organisation if twinning else None
            issuer = queries.issuing_body(coordinator, issued_on) if coordinator else None
        header = issuer_header(issuer, number, issued_on, lang, kind="TC") if issuer else None
        years = [row.year for row in totals.by_year]
        span = period(years[0], years[-1], lang) if years else ""
        communes = join([isolate(row.commune, lang) for row in totals.by_twinning], lang)
        reached = join([group_count(b.group, b.count, lang) for b in totals.beneficiaries], lang)
        issuer_name = isolate(issuer.name, lang) if issuer else ""
        name = isolate(contributor.name, lang)
        if signer is None:
            scope_note = vi_or(
                "Phạm vi: mọi cặp kết nghĩa trên địa bàn tỉnh mà quý đơn vị đã đóng góp.",
                _("Scope: every twinning in the province that you gave to."),
                lang,
            )
        else:
            scope_note = vi_or(
                f"Phạm vi: các xã kết nghĩa với {issuer_name}.",
                _("Scope: the communes twinned with %(issuer)s.") % {"issuer": issuer_name},
                lang,
            )
        times = counted(totals.contributions, "time", lang)
        paragraphs = [
            vi_or(
                f"Thay mặt {issuer_name}, chúng tôi trân trọng cảm ơn {name} đã đồng hành cùng "
                f"công tác giao lưu, kết nghĩa với {communes}.",
                _(
                    "On behalf of %(issuer)s we thank %(contributor)s for standing by the "
                    "exchange and twinning work with %(communes)s."
                )
                % {"issuer": issuer_name, "contributor": name, "communes": communes},
                lang,
            ),
            vi_or(
                f"Trong {lower_first(span)}, quý đơn vị đã đóng góp {times}, tổng giá trị "
                f"{money(totals.delivered_vnd, lang)}"
                + (f", đến với {reached}" if reached else "")
                + ".",
                _("From %(span)s you gave %(times)s, worth %(total)s in all%(groups)s.")
                % {
                    "span": span,
                    "times": times,
                    "total": money(totals.delivered_vnd, lang),
                    "groups": (_(", reaching %(groups)s") % {"groups": reached}) if reached else "",
                },
                lang,
            ),
            scope_note,
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
                    PartialDate(line.activity.start_date, line.activity.date_precision),
                    line.activity.title,
                    line.place or str(line.activity.twinning.partner_unit),
                    line.contribution.item,
                    line.contribution.quantity,
                    line.contribution.unit,
                    line.contribution.value_vnd,
                    join(
                        [group_count(b.group, b.count, lang) for b in line.beneficiary_groups], lang
                    ),  # fmt: skip
                ]
                for line in lines
            ],
            [
                [
                    "",
                    vi_or("Tổng cộng", _("Total"), lang),
                    "",
                    "",
                    None,
                    "",
                    totals.delivered_vnd,
                    "",
                ]
            ],  # fmt: skip
            empty=vi_or("Không có đóng góp.", _("No contribution."), lang),
        )
        authority, title = signer_authority(issuer, lang) if issuer else ("", "")
        short = issuer.short_name if issuer else ""
        return Statement(
            language=lang,
            header=header,
            kind_title=vi_or("THƯ CẢM ƠN", _("LETTER OF THANKS"), lang),
            subject=vi_or(
                f"Về việc đóng góp cho công tác giao lưu, kết nghĩa {span}".strip(),
                _("On the contributions to the twinning work, %(span)s") % {"span": span},
                lang,
            ),
            addressee=vi_or(
                f"Kính gửi: {contributor.name}",
                _("To: %(name)s") % {"name": name},
                lang,
            ),
            paragraphs=paragraphs,
            table=table,
            signer_authority=authority,
            signer_title=title,
            signer_name=queries.signer_name(issuer) if issuer else "",
            recipients_heading=recipients_heading(lang),
            recipients=[vi_or("- Như trên;", _("- As above;"), lang), filed_line(short, lang)],
            delivered_vnd=totals.delivered_vnd,
            file_stem=f"thu-cam-on-{contributor.slug}-{lang}",
            issued_on=issued_on,
            scope_note=scope_note,
            title_block=[
                (_("Contributor"), contributor.name),
                (_("Period"), span),
                (_("Scope"), scope_note),
                (_("Issued by"), issuer.name if issuer else ""),
                (_("Date"), issued_on.strftime("%d/%m/%Y")),
            ],
        )


def render_statement_docx(statement: Statement) -> bytes:
    """Return the thank-you letter with its statement table as a Word file."""
    lang = statement.language
    document = parts.new_document()
    if statement.header is not None:
        parts.write_header(document, statement.header, lang)
    parts.write_title(document, statement.kind_title, statement.subject, lang)
    parts.paragraph(document, statement.addressee, align=parts.CENTER, after=12, lang=lang)
    for text in statement.paragraphs:
        parts.paragraph(document, text, align=parts.JUSTIFY, indent=True, lang=lang)
    parts.data_table(document, statement.table, lang, size=10)
    parts.write_signature(document, statement, lang)
    return parts.save(document)


def statement_document(statement: Statement):
    """Return the statement as a document of tables (for Excel, CSV, PDF and the page), in the
    same frame as the letter."""
    from twinning.reports.province_summary import TablesDocument

    return TablesDocument(
        statement.language,
        statement.subject,
        statement.addressee,
        [statement.table],
        statement.file_stem.replace("thu-cam-on-", "bang-ke-", 1),
        paragraphs=statement.paragraphs[:3],
        header=statement.header,
        kind_title=vi_or("BẢNG KÊ", _("STATEMENT"), statement.language),
        subject=statement.subject,
        signer_authority=statement.signer_authority,
        signer_title=statement.signer_title,
        signer_name=statement.signer_name,
        recipients_heading=statement.recipients_heading,
        recipients=statement.recipients,
        title_block=statement.title_block,
    )
