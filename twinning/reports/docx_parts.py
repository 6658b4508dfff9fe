"""The building blocks of every Word document (the twinning report, the province summary, the
letter of thanks, plan versus actual): the Decree 30/2020/NĐ-CP page, header, title, body
paragraphs, data tables and signature block.

Layout rules that Word and LibreOffice both honour:
- a table's grid (`w:tblGrid`) and its cells (`w:tcW`) give the same widths, in a fixed layout
  whose total is the table's width: no renderer has to choose between them;
- a run sets its font, size and bold for Latin and for complex scripts alike (`w:rFonts w:cs`,
  `w:szCs`, `w:bCs`, `w:iCs`), so Arabic is set in the document's font and size, not the theme's;
- in Arabic, paragraphs are right to left (`w:bidi`), tables too (`w:bidiVisual`), Arabic runs
  carry `w:rtl`, and a name entered in Vietnamese is its own left-to-right run between
  left-to-right marks (the isolates FSI ... PDI of the text become those marks, which every
  version of Word reads), so the sentence around it never reorders;
- a table's caption keeps with the table, its heading row repeats on every page, and its rows
  do not break across pages.
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from twinning.reports.tables import NUMERIC, cell_text, column_widths, text_width_mm
from twinning.reports.wording import FSI, PDI

FONT = "Times New Roman"
BODY_PT = 14
LRM, RLM = "\u200e", "\u200f"
PORTRAIT_TEXT_MM = 165.0  # A4 (210 mm) less the margins, left 30 and right 15
LANDSCAPE_TEXT_MM = 252.0  # A4 landscape (297 mm) less the margins, left 30 and right 15
CENTER, RIGHT, JUSTIFY, LEFT = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
    WD_ALIGN_PARAGRAPH.LEFT,
)

_ISOLATE = re.compile(f"{FSI}(.*?){PDI}", re.S)
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def _element(tag: str, **attributes) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def set_font(run, size: float | None = None, bold=None, italic=None, *, rtl: bool = False):
    """Give the run the document's font, size, bold and italic for Latin and complex scripts
    alike, and mark it right to left when it holds Arabic. Written in the schema's order
    (rFonts, b, bCs, i, iCs, sz, szCs, rtl) on a new run: python-docx's setters search every
    possible sibling for each element, which made them most of a report's time."""
    r_pr = run._r.get_or_add_rPr()
    for child in list(r_pr):
        r_pr.remove(child)
    fonts = _element("w:rFonts")
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)
    r_pr.append(fonts)
    for tags, value in ((("w:b", "w:bCs"), bold), (("w:i", "w:iCs"), italic)):
        if value is not None:
            for tag in tags:
                r_pr.append(_element(tag) if value else _element(tag, val="0"))
    if size is not None:
        half_points = str(round(size * 2))
        r_pr.append(_element("w:sz", val=half_points))
        r_pr.append(_element("w:szCs", val=half_points))
    if rtl:
        r_pr.append(_element("w:rtl"))
    return run


def _marks(text: str) -> str:
    """Return the name between the marks of its direction (LRM for a Latin name), followed by a
    right-to-left mark: without it a number after the name ("Lâm Đồng، 5 يناير") would join the
    name's left-to-right run, as the isolates FSI ... PDI would prevent."""
    mark = RLM if _ARABIC.search(text[:1] or "") else LRM
    return f"{mark}{text}{mark}{RLM}"


def add_text(paragraph, text: str, *, size=BODY_PT, bold=False, italic=False, lang="vi"):
    """Add the text to the paragraph as runs: one run in Vietnamese and English; in Arabic,
    right-to-left runs for the Arabic and a left-to-right run for each isolated name (or for a
    whole text with no Arabic in it: a Vietnamese name in a table cell)."""
    if lang != "ar":
        set_font(paragraph.add_run(text), size, bold, italic)
        return
    if not _ARABIC.search(text):
        if _LATIN.search(text):
            text = _marks(text.replace(FSI, "").replace(PDI, ""))
        set_font(paragraph.add_run(text), size, bold, italic)
        return
    position = 0
    for match in _ISOLATE.finditer(text):
        if match.start() > position:
            set_font(
                paragraph.add_run(text[position : match.start()]), size, bold, italic, rtl=True
            )
        name = match.group(1)
        rtl = bool(_ARABIC.match(name[:1] or ""))
        set_font(paragraph.add_run(_marks(name)), size, bold, italic, rtl=rtl)
        position = match.end()
    if position < len(text):
        set_font(paragraph.add_run(text[position:]), size, bold, italic, rtl=True)


def paragraph(container, text="", *, size=BODY_PT, bold=False, italic=False, align=None,
              indent=False, after=6, before=0, lang="vi", keep_with_next=False,
              line_spacing=None):  # fmt: skip
    """Add a paragraph with its text; right to left in Arabic (alignment mirrored by Word)."""
    p = container.add_paragraph()
    if text:
        add_text(p, text, size=size, bold=bold, italic=italic, lang=lang)
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    if line_spacing is not None:
        fmt.line_spacing = line_spacing
    if align is not None:
        p.alignment = align
    if indent:
        fmt.first_line_indent = Cm(1)
    if keep_with_next:
        fmt.keep_with_next = True
    if lang == "ar":
        p._p.get_or_add_pPr().insert(0, _element("w:bidi"))
    return p


def rule(container, width_mm: float, *, after=6, before=0):
    """Add a centred rule `width_mm` long (an empty paragraph with a bottom border), as under the
    issuing body, the motto and the subject."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = Pt(2)
    p.alignment = CENTER
    p_pr = p._p.get_or_add_pPr()
    borders = _element("w:pBdr")
    borders.append(_element("w:bottom", val="single", sz="6", space="1", color="000000"))
    p_pr.append(borders)
    # No text: the paragraph mark alone, 2 pt high, carries the border.
    mark = _element("w:rPr")
    mark.append(_element("w:sz", val="4"))
    mark.append(_element("w:szCs", val="4"))
    p_pr.append(mark)
    return p, width_mm


def _centre_rule(p, width_mm: float, column_mm: float) -> None:
    inset = max((column_mm - width_mm) / 2, 0)
    p.paragraph_format.left_indent = Mm(inset)
    p.paragraph_format.right_indent = Mm(inset)


def set_widths(table, widths_mm: list[float], *, indent_mm: float = 0.0) -> None:
    """Give the table a fixed layout whose grid and cells have the same widths (mm)."""
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblInd"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    twips = [round(w * 1440 / 25.4) for w in widths_mm]
    tbl_pr.append(_element("w:tblW", w=sum(twips), type="dxa"))
    if indent_mm:
        tbl_pr.append(_element("w:tblInd", w=round(indent_mm * 1440 / 25.4), type="dxa"))
    tbl_pr.append(_element("w:tblLayout", type="fixed"))
    grid = tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        column.set(qn("w:w"), str(width))
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=True):
            tc_pr = cell._tc.get_or_add_tcPr()
            for old in tc_pr.findall(qn("w:tcW")):
                tc_pr.remove(old)
            tc_pr.insert(0, _element("w:tcW", w=width, type="dxa"))


def no_borders(table) -> None:
    borders = _element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_element(f"w:{edge}", val="nil"))
    table._tbl.tblPr.append(borders)


def right_to_left(table) -> None:
    """Lay the table out right to left (its first column at the right), as Arabic reads."""
    table._tbl.tblPr.append(_element("w:bidiVisual"))


def _repeat_heading(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_element("w:cantSplit"))
    tr_pr.append(_element("w:tblHeader"))


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(_element("w:cantSplit"))


def page_number(p) -> None:
    run = p.add_run()
    set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = _element("w:fldChar", fldCharType=kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def new_document(*, landscape: bool = False, numbered: bool = True):
    """Return an empty document with the Decree 30 page: A4, margins top and bottom 20 mm,
    left 30, right 15; Times New Roman 14 pt; page numbers centred at the top from page 2 on."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    normal.element.get_or_add_rPr().append(_element("w:szCs", val=str(BODY_PT * 2)))

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    if numbered:
        section.different_first_page_header_footer = True
        number = section.header.paragraphs[0]
        number.alignment = CENTER
        page_number(number)
    return document


def text_width(document) -> float:
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / 36000


# --- the header of Decree 30 -----------------------------------------------------------------

HEADER_PT = {"parent": 13, "issuer": 13, "number": 13, "country": 12, "motto": 13, "date": 13}


def header_widths(h, width_mm: float) -> tuple[float, float]:
    """Return the widths of the header's two columns: the right one as wide as its widest line
    (the national title, the motto, the place and date) needs, the left one the rest."""
    right_need = max(
        text_width_mm(h.country, HEADER_PT["country"], True),
        text_width_mm(h.motto, HEADER_PT["motto"], True),
        text_width_mm(h.place_date, HEADER_PT["date"]),
    )
    left_need = max(
        text_width_mm(h.parent_body, HEADER_PT["parent"]),
        text_width_mm(h.issuer, HEADER_PT["issuer"], True),
        text_width_mm(h.number_line, HEADER_PT["number"]),
    )
    padding = 4.0 + 3.0  # the cells' margins, and room for a renderer's rounding
    right = min(right_need + padding, width_mm * 0.68)
    left = width_mm - right
    if left < left_need + padding:  # a long issuer: share what is left between the two
        spare = width_mm - (left_need + padding) - (right_need + padding)
        if spare >= 0:
            left = left_need + padding + spare / 2
            right = width_mm - left
    return left, right


def write_header(document, h, lang: str = "vi") -> None:
    """Write the two-column borderless header: parent body, issuing body with a short rule and
    the number at the left; the national title, the motto with its rule, and the place and date
    at the right. Each line is one line at its size (the columns are sized from them)."""
    width = text_width(document)
    header = document.add_table(rows=1, cols=2)
    no_borders(header)
    left_mm, right_mm = header_widths(h, width)
    set_widths(header, [left_mm, right_mm])
    if lang == "ar":
        right_to_left(header)
    left, right = header.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    size = HEADER_PT
    paragraph(left, h.parent_body, size=size["parent"], align=CENTER, after=0, lang=lang)
    paragraph(left, h.issuer, size=size["issuer"], bold=True, align=CENTER, after=0, lang=lang)
    issuer_mm = text_width_mm(h.issuer, size["issuer"], True)
    line, _w = rule(left, issuer_mm * 0.4, after=6)
    _centre_rule(line, issuer_mm * 0.4, left_mm - 4)
    if h.number_line:
        paragraph(left, h.number_line, size=size["number"], align=CENTER, after=0, lang=lang)

    paragraph(right, h.country, size=size["country"], bold=True, align=CENTER, after=0, lang=lang)
    if h.motto:
        paragraph(right, h.motto, size=size["motto"], bold=True, align=CENTER, after=0, lang=lang)
        motto_mm = text_width_mm(h.motto, size["motto"], True)
    else:  # a Party document: the rule goes under the title
        motto_mm = text_width_mm(h.country, size["country"], True)
    line, _w = rule(right, motto_mm, after=6)
    _centre_rule(line, motto_mm, right_mm - 4)
    paragraph(right, h.place_date, size=size["date"], italic=True, align=CENTER, after=0,
              lang=lang)  # fmt: skip


def write_title(document, kind_title: str, subject: str, lang: str, *, before=18) -> None:
    """Write the kind of document in capitals ("BÁO CÁO") and the subject over the full width,
    with a short rule under it."""
    paragraph(document, kind_title, size=14, bold=True, align=CENTER, before=before, after=0,
              lang=lang, keep_with_next=True)  # fmt: skip
    paragraph(document, subject, size=14, bold=True, align=CENTER, after=0, lang=lang,
              keep_with_next=True)  # fmt: skip
    line, _w = rule(document, 40, after=12)
    _centre_rule(line, 40, text_width(document))


def data_table(document, table, lang: str, *, size: float = 11, caption: bool = True,
               caption_size: float = 12, sub_caption: str = "") -> None:  # fmt: skip
    """Write a table: its caption kept with it, its note, the heading row repeated on every page,
    columns as wide as their content needs (grid equal to cells), numbers at the right, rows
    that do not break across pages; "no data" said when it has no row."""
    if caption and table.title:
        paragraph(document, table.title, size=caption_size, bold=True, after=3, lang=lang,
                  keep_with_next=True)  # fmt: skip
    if sub_caption:
        paragraph(document, sub_caption, size=caption_size, italic=True, align=CENTER, after=6,
                  lang=lang, keep_with_next=True)  # fmt: skip
    if table.note:
        paragraph(document, table.note, size=size, italic=True, after=3, lang=lang,
                  keep_with_next=True)  # fmt: skip
    if not table.rows and table.empty:
        paragraph(document, table.empty, size=size, italic=True, after=6, lang=lang)
        return
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    if lang == "ar":
        right_to_left(grid)
    heading = grid.rows[0]
    _repeat_heading(heading)
    for cell, text in zip(heading.cells, table.columns, strict=True):
        p = cell.paragraphs[0]
        p.alignment = CENTER
        if lang == "ar":
            p._p.get_or_add_pPr().insert(0, _element("w:bidi"))
        add_text(p, text, size=size, bold=True, lang=lang)
    numeric = [kind in NUMERIC or kind == "year" for kind in table.kinds]
    last = len(table.rows)
    for index, row in enumerate(table.all_rows):
        line = grid.add_row()
        _cant_split(line)
        for cell, value, kind, is_number in zip(line.cells, row, table.kinds, numeric,
                                                strict=True):  # fmt: skip
            p = cell.paragraphs[0]
            if is_number:
                p.alignment = RIGHT if lang != "ar" else LEFT
            if lang == "ar":
                p._p.get_or_add_pPr().insert(0, _element("w:bidi"))
            add_text(p, cell_text(value, kind, lang), size=size, bold=index >= last, lang=lang)
    set_widths(grid, column_widths(table, lang, size, text_width(document)))
    paragraph(document, "", size=4, after=3)


def write_signature(document, doc, lang: str = "vi") -> None:
    """Write "Nơi nhận:" and its list (12 and 11 pt) beside the signature block (the authority
    and title in bold capitals, room to sign, the signer's name in bold)."""
    block = document.add_table(rows=1, cols=2)
    no_borders(block)
    width = text_width(document)
    set_widths(block, [width * 0.45, width * 0.55])
    if lang == "ar":
        right_to_left(block)
    recipients, signature = block.rows[0].cells
    for cell in (recipients, signature):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    paragraph(recipients, doc.recipients_heading, size=12, bold=True, italic=True, after=0,
              lang=lang)  # fmt: skip
    for text in doc.recipients:
        paragraph(recipients, text, size=11, after=0, lang=lang)
    paragraph(signature, doc.signer_authority, size=14, bold=True, align=CENTER, after=0,
              lang=lang)  # fmt: skip
    paragraph(signature, doc.signer_title, size=14, bold=True, align=CENTER, after=0,
              lang=lang)  # fmt: skip
    for _ in range(4):
        paragraph(signature, "", after=0)
    paragraph(signature, doc.signer_name, size=14, bold=True, align=CENTER, after=0, lang=lang)


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
