"""The twinning report as a Word document in the Decree 30/2020/NĐ-CP layout (Appendix I).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the
two-column borderless header (parent body, issuing body with a short rule, "Số: 05/BC-SCT";
national title, motto with a rule, the italic place and date); "BÁO CÁO" and the subject;
justified body with a 1 cm first-line indent and 6 pt after each paragraph; the signature block
beside "Nơi nhận:"; page numbers centred in the top margin from page 2 on.

Reads a `TwinningReport` (twinning_report.py) and nothing else.
"""

from __future__ import annotations

import io
from decimal import Decimal

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from twinning.core.formatting import format_number
from twinning.reports.charts import chart_png

FONT = "Times New Roman"
BODY_PT = 14


def _set_font(run, size: float | None = None, bold=None, italic=None) -> None:
    """Set the run's font (Times New Roman), size, bold and italic.

    A new run gets its properties written at once, in the schema's order (rFonts, b, i, sz):
    python-docx's setters look for each element's place among every possible sibling, which
    made them most of the Word report's time (600 runs)."""
    r_pr = run._r.get_or_add_rPr()
    if len(r_pr):  # a run with properties already: the general (slower) way
        run.font.name = FONT
        r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
        if size is not None:
            run.font.size = Pt(size)
        if bold is not None:
            run.bold = bold
        if italic is not None:
            run.italic = italic
        return
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    r_pr.append(fonts)
    for tag, value in (("w:b", bold), ("w:i", italic)):
        if value is not None:
            element = OxmlElement(tag)
            if not value:
                element.set(qn("w:val"), "0")
            r_pr.append(element)
    if size is not None:
        element = OxmlElement("w:sz")
        element.set(qn("w:val"), str(round(size * 2)))
        r_pr.append(element)


def _paragraph(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None,
               indent=False, after=6, before=0, rtl=False):  # fmt: skip
    paragraph = container.add_paragraph()
    if text:
        _set_font(paragraph.add_run(text), size, bold, italic)
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1)
    if rtl:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    return paragraph


def _rule(paragraph, inset_cm: float) -> None:
    """Draw a rule under the paragraph's text, shortened by `inset_cm` on each side."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    paragraph.paragraph_format.left_indent = Cm(inset_cm)
    paragraph.paragraph_format.right_indent = Cm(inset_cm)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _cell_text(value, kind: str, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind in ("int", "vnd"):
        return format_number(int(value), lang)
    if kind == "decimal":
        return format_number(Decimal(value), lang)
    if kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


def _table(document, table, lang: str, size: float = 11) -> None:
    rtl = lang == "ar"
    _paragraph(document, table.title, size=12, bold=True, after=3, rtl=rtl)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(paragraph.add_run(heading), size, bold=True)
    rows = [*table.rows, *([table.total] if table.total else [])]
    for index, row in enumerate(rows):
        cells = grid.add_row().cells
        is_total = table.total is not None and index == len(rows) - 1
        for cell, value, kind in zip(cells, row, table.kinds, strict=True):
            paragraph = cell.paragraphs[0]
            if kind in ("int", "vnd", "decimal"):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(paragraph.add_run(_cell_text(value, kind, lang)), size, bold=is_total)
    _paragraph(document, "", after=3)


def new_document():
    """Return an empty document with the Decree 30 page: A4, margins, Times New Roman, and
    page numbers centred at the top from page 2 on."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(number)
    return document


def write_header(document, h) -> None:
    """Write the two-column borderless header of Decree 30."""
    header = document.add_table(rows=1, cols=2)
    _no_borders(header)
    header.autofit = False
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    left.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(left.paragraphs[0].add_run(h.parent_body), 13)
    left.paragraphs[0].paragraph_format.space_after = Pt(0)
    issuer = _paragraph(
        left, h.issuer, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0
    )
    _rule(issuer, 0)
    rule = _paragraph(left, "", size=4, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    rule.paragraph_format.space_before = Pt(0)
    issuer.paragraph_format.left_indent = Cm(1.8)
    issuer.paragraph_format.right_indent = Cm(1.8)
    _paragraph(left, h.number_line, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)

    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(right.paragraphs[0].add_run(h.country), 12, bold=True)
    right.paragraphs[0].paragraph_format.space_after = Pt(0)
    motto = _paragraph(right, h.motto, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _rule(motto, 1.7)
    _paragraph(right, "", size=4, after=6)
    _paragraph(right, h.place_date, size=13, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)


def write_signature(document, report) -> None:
    """Write "Nơi nhận:" and its list beside the signature block."""
    block = document.add_table(rows=1, cols=2)
    _no_borders(block)
    recipients, signature = block.rows[0].cells
    recipients.width, signature.width = Cm(8), Cm(8)
    first = recipients.paragraphs[0]
    _set_font(first.add_run(report.recipients_heading), 12, bold=True, italic=True)
    first.paragraph_format.space_after = Pt(0)
    for line in report.recipients:
        _paragraph(recipients, line, size=11, after=0)
    top = signature.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(top.add_run(report.signer_authority), 14, bold=True)
    top.paragraph_format.space_after = Pt(0)
    _paragraph(signature, report.signer_title, size=14, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, after=0)  # fmt: skip
    for _ in range(4):
        _paragraph(signature, "", after=0)
    _paragraph(signature, report.signer_name, size=14, bold=True,
               align=WD_ALIGN_PARAGRAPH.CENTER, after=0)  # fmt: skip


def render_docx(report) -> bytes:
    """Return the report as a .docx file."""
    lang = report.language
    rtl = lang == "ar"
    document = new_document()
    write_header(document, report.header)

    # --- title and subject --------------------------------------------------------------------
    _paragraph(document, report.kind_title, size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
               before=18, after=0)  # fmt: skip
    subject = _paragraph(document, report.subject, size=14, bold=True,
                         align=WD_ALIGN_PARAGRAPH.CENTER, after=0)  # fmt: skip
    _paragraph(document, "", size=4, after=12)
    _rule(subject, 5.5)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(
        document, report.scope_note, size=13, italic=True, align=justify, indent=True, rtl=rtl
    )
    for line in report.legal_bases:
        _paragraph(document, line, italic=line.startswith("Căn cứ"), align=justify, indent=True,
                   rtl=rtl)  # fmt: skip

    # --- the sections ---------------------------------------------------------------------------
    def write(section, level: int) -> None:
        _paragraph(document, section.heading, bold=True, align=justify, indent=True, rtl=rtl,
                   italic=level > 0, before=6)  # fmt: skip
        for text in section.paragraphs:
            _paragraph(document, text, align=justify, indent=True, rtl=rtl)
        for table in section.tables:
            _table(document, table, lang)
        for key in section.charts:
            chart = report.charts.get(key)
            if chart and chart.series and chart.labels:
                document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(16))
                document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for sub in section.subsections:
            write(sub, level + 1)

    for part in report.sections:
        write(part, 0)

    write_signature(document, report)

    # --- appendix -------------------------------------------------------------------------------
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _table(document, report.appendix, lang, size=10)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
