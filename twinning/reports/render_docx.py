"""The twinning report as a Word document in the Decree 30/2020/NĐ-CP layout (Appendix I).

A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; the
two-column borderless header sized from its lines (each on one line); the kind of document and
the subject over the full width; justified body with a 1 cm first-line indent and 6 pt after
each paragraph; the signature block beside "Nơi nhận:"; page numbers centred in the top margin
from page 2 on; the appendix on its own page with its "Kèm theo" line, content-sized columns and
its heading row repeated. Arabic: right-to-left paragraphs and tables, complex-script font, size
and bold (docx_parts.py).

Reads a `TwinningReport` (twinning_report.py) and nothing else.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_BREAK
from docx.shared import Cm

from twinning.reports import docx_parts as parts
from twinning.reports.charts import chart_png

# Kept for the callers of the former private helpers.
FONT = parts.FONT


def render_docx(report) -> bytes:
    """Return the report as a .docx file."""
    lang = report.language
    document = parts.new_document()
    parts.write_header(document, report.header, lang)
    parts.write_title(document, report.kind_title, report.subject, lang)
    justify = parts.JUSTIFY
    parts.paragraph(document, report.scope_note, size=13, italic=True, align=justify,
                    indent=True, lang=lang)  # fmt: skip
    for index, line in enumerate(report.legal_bases):
        legal = index < len(report.legal_bases) - 1  # the bases; the last line introduces
        parts.paragraph(document, line, italic=legal, align=justify, indent=True, lang=lang)

    def write(section, level: int) -> None:
        parts.paragraph(document, section.heading, bold=True, italic=level > 0, align=justify,
                        indent=True, before=6, lang=lang, keep_with_next=True)  # fmt: skip
        for text in section.paragraphs:
            parts.paragraph(document, text, align=justify, indent=True, lang=lang)
        for table in section.tables:
            parts.data_table(document, table, lang)
        for key in section.charts:
            chart = report.charts.get(key)
            if chart and chart.series and chart.labels:
                document.add_picture(io.BytesIO(chart_png(chart)), width=Cm(15))
                picture = document.paragraphs[-1]
                picture.alignment = parts.CENTER
                picture.paragraph_format.keep_with_next = False
                shape = document.inline_shapes[-1]
                shape._inline.docPr.set("descr", chart.description)
                shape._inline.docPr.set("title", chart.title)
        for sub in section.subsections:
            write(sub, level + 1)

    for section in report.sections:
        write(section, 0)
    parts.write_signature(document, report, lang)

    # --- the appendix: its own page, its title, the "Kèm theo" line and the table -------------
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    parts.paragraph(document, report.appendix_title, size=14, bold=True, align=parts.CENTER,
                    after=0, lang=lang, keep_with_next=True)  # fmt: skip
    parts.paragraph(document, report.appendix.title, size=13, bold=True, align=parts.CENTER,
                    after=0, lang=lang, keep_with_next=True)  # fmt: skip
    parts.paragraph(document, report.appendix_attached, size=13, italic=True,
                    align=parts.CENTER, after=6, lang=lang, keep_with_next=True)  # fmt: skip
    parts.data_table(document, report.appendix, lang, size=10, caption=False)
    return parts.save(document)
