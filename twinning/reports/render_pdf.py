"""The twinning report as a PDF (WeasyPrint), from the same `TwinningReport` as the Word file.

Fonts are Tinos (metric-compatible with Times New Roman) and, for Arabic, Noto Sans Arabic,
from the project's pinned npm packages (fonts.py);
Pango and HarfBuzz shape Vietnamese and Arabic; the Arabic report runs right to left.
"""

from __future__ import annotations

import base64

from django.template.loader import render_to_string
from django.utils import translation

from twinning.reports.charts import chart_png
from twinning.reports.fonts import FONT_FAMILY_CSS, font_face_css
from twinning.reports.tables import table_context


def _section(section, report) -> None:
    section.rendered_tables = [table_context(t, report.language) for t in section.tables]
    section.images = []
    for key in section.charts:
        chart = report.charts.get(key)
        if chart and chart.series and chart.labels:
            data = base64.b64encode(chart_png(chart)).decode()
            section.images.append(f"data:image/png;base64,{data}")
    for sub in section.subsections:
        _section(sub, report)


def render_html(report) -> str:
    for section in report.sections:
        _section(section, report)
    with translation.override(report.language):
        return render_to_string(
            "reports/twinning_report_pdf.html",
            {
                "report": report,
                "rtl": report.language == "ar",
                "font_faces": font_face_css(),
                "appendix": table_context(report.appendix, report.language),
            },
        )


def render_pdf(report) -> bytes:
    """Return the report as a PDF file."""
    from weasyprint import HTML

    return HTML(string=render_html(report), base_url=".").write_pdf()


def render_tables_pdf(document) -> bytes:
    """Return a document of tables (province summary, plan versus actual, a contributor's
    statement) as an A4 landscape PDF in the same fonts as the report."""
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
