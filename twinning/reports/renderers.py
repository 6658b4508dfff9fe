"""One entry point for every format of the twinning report (command line and web)."""

from __future__ import annotations

from twinning.reports.render_docx import render_docx
from twinning.reports.render_pdf import render_pdf
from twinning.reports.render_tables import render_csv_zip, render_xlsx

FORMATS = {
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (render_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (render_pdf, "application/pdf"),
    "csv": (render_csv_zip, "application/zip"),
}
EXTENSIONS = {"docx": "docx", "xlsx": "xlsx", "pdf": "pdf", "csv": "zip"}


def render(report, file_format: str) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of the report in the format."""
    renderer, content_type = FORMATS[file_format]
    return renderer(report), content_type, f"{report.file_stem}.{EXTENSIONS[file_format]}"


def render_tables(document, file_format: str) -> tuple[bytes, str, str]:
    """Return (content, content type, file name) of a document of tables (province summary,
    plan versus actual, a contributor's statement) in the format."""
    from twinning.reports.province_summary import render_tables_docx
    from twinning.reports.render_pdf import render_tables_pdf

    renderer = {
        "docx": render_tables_docx,
        "xlsx": render_xlsx,
        "pdf": render_tables_pdf,
        "csv": render_csv_zip,
    }[file_format]
    content_type = FORMATS[file_format][1]
    return renderer(document), content_type, f"{document.file_stem}.{EXTENSIONS[file_format]}"
