"""The reports as PDF files (WeasyPrint), from the same plain data as the Word files.

Fonts (fonts.py, from the project's pinned npm packages): Tinos (metric-compatible with Times
New Roman) for Latin and Vietnamese, Tajawal for Arabic, whose glyphs map one to one to letters
so that the text layer extracts to the same words. Pango and HarfBuzz shape Vietnamese and
Arabic; the Arabic documents run right to left, names entered in Vietnamese kept whole as
isolates.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from twinning.reports.charts import chart_png
from twinning.reports.fonts import FONT_FAMILY_CSS, font_face_css
from twinning.reports.tables import section_context, table_context


def _images(report) -> dict[str, str]:
    images = {}
    for key, chart in report.charts.items():
        if chart.series and chart.labels:
            data = base64.b64encode(chart_png(chart)).decode()
            images[key] = f"data:image/png;base64,{data}"
    return images


def render_html(report) -> str:
    """Return the twinning report as the HTML that WeasyPrint lays out."""
    images = _images(report)
    sections = [section_context(s, report) for s in report.sections]

    def attach(section):
        section["images"] = [(images[c.key], c.description) for c in section["charts"]
                             if c.key in images]  # fmt: skip
        for sub in section["subsections"]:
            attach(sub)

    for section in sections:
        attach(section)
    with translation.override(report.language):
        return render_to_string(
            "reports/twinning_report_pdf.html",
            {
                "report": report,
                "rtl": report.language == "ar",
                "font_faces": font_face_css(),
                "font_family": FONT_FAMILY_CSS,
                "sections": sections,
                "appendix": table_context(report.appendix, report.language),
            },
        )


def render_pdf(report) -> bytes:
    """Return the report as a PDF file."""
    from weasyprint import HTML

    return HTML(string=render_html(report), base_url=".").write_pdf()


def render_tables_pdf(document) -> bytes:
    """Return a document of tables (province summary, plan versus actual, a contributor's
    statement) as an A4 PDF in the same fonts and frame as the report."""
    from weasyprint import HTML

    with translation.override(document.language):
        html = render_to_string(
            "reports/tables_pdf.html",
            {
                "document": document,
                "rtl": document.language == "ar",
                "font_faces": font_face_css(),
                "font_family": FONT_FAMILY_CSS,
                "tables": [table_context(t, document.language) for t in document.tables],
            },
        )
    return HTML(string=html, base_url=".").write_pdf()
