"""The province summary: one row per twinning of a programme, its totals by category and by
year, read from the summary kept exact on every write (queries.province_summary)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from twinning.reports import queries
from twinning.reports.twinning_report import Table


@dataclass
class TablesDocument:
    language: str
    title: str
    subtitle: str
    tables: list[Table]
    file_stem: str
    paragraphs: list[str] = field(default_factory=list)

    def export_tables(self) -> list[Table]:
        return self.tables


def build_province_summary(programme, twinnings, year_from, year_to, language="vi"):
    """Return the province summary of the programme's twinnings as tables."""
    with translation.override(language):
        data = queries.province_summary(twinnings, year_from=year_from, year_to=year_to)
        columns = [_("Sponsor"), _("Commune"), _("Activities"), _("Own (VND)"),
                   _("Mobilised (VND)"), _("Total (VND)")]  # fmt: skip
        by_category = Table(
            "by_category",
            _("Totals by category"),
            columns + [label for _code, label in data.categories],
            ["text", "text", "int", "vnd", "vnd", "vnd"] + ["vnd"] * len(data.categories),
            [
                [r.sponsor, r.commune, r.activities, r.value.direct, r.value.mobilised,
                 r.value.total] + [r.by_category.get(code, 0) for code, _l in data.categories]
                for r in data.rows
            ],
            [_("Total"), "", data.total.activities, data.total.value.direct,
             data.total.value.mobilised, data.total.value.total]
            + [data.total.by_category.get(code, 0) for code, _l in data.categories],
        )  # fmt: skip
        by_year = Table(
            "by_year",
            _("Totals by year"),
            [_("Sponsor"), _("Commune")] + [str(y) for y in data.years] + [_("Total (VND)")],
            ["text", "text"] + ["vnd"] * len(data.years) + ["vnd"],
            [
                [r.sponsor, r.commune] + [r.by_year.get(y, 0) for y in data.years]
                + [r.value.total]
                for r in data.rows
            ],
            [_("Total"), ""] + [data.total.by_year.get(y, 0) for y in data.years]
            + [data.total.value.total],
        )  # fmt: skip
        span = f"{year_from or ''}–{year_to or ''}"
        return TablesDocument(
            language,
            _("Province summary: %(programme)s") % {"programme": programme.name},
            span,
            [by_category, by_year],
            f"tong-hop-{programme.slug}-{year_from or 'all'}-{year_to or 'all'}-{language}",
        )


def build_plan_versus_actual(plan, language="vi"):
    """Return the plan of a year against what was done, as tables (queries.plan_versus_actual)."""
    from twinning.core.choices import Category

    with translation.override(language):
        data = queries.plan_versus_actual(plan)
        labels = dict(Category.choices)
        items = Table(
            "plan_items",
            _("Plan items and what was done"),
            [_("No."), _("Plan item"), _("Category"), _("Target"), _("Unit"), _("Done"),
             _("Budget (VND)"), _("Actual (VND)"), _("Activities")],
            ["int", "text", "text", "decimal", "text", "decimal", "vnd", "vnd", "int"],
            [[i, row.item.title, str(labels.get(row.item.category, row.item.category)),
              row.item.target_quantity, row.item.target_unit, row.actual_quantity,
              row.item.budget_vnd, row.actual_value, len(row.activities)]
             for i, row in enumerate(data.items, start=1)],
            ["", _("Total"), "", None, "", None, data.budget_total, data.actual_total,
             sum(len(row.activities) for row in data.items)],
        )  # fmt: skip
        unplanned = Table(
            "unplanned",
            _("Activities outside the plan"),
            [_("Date"), _("Activity"), _("Category"), _("Status"), _("Value (VND)")],
            ["date", "text", "text", "text", "vnd"],
            [[line.start_date, line.title, str(labels.get(line.category, line.category)),
              line.status_label, line.value_vnd] for line in data.unplanned],
        )  # fmt: skip
        twinning = plan.twinning
        return TablesDocument(
            language,
            _("Plan versus actual, %(year)s") % {"year": plan.year},
            f"{twinning.sponsor.name} — {twinning.partner_unit}",
            [items, unplanned],
            f"ke-hoach-thuc-hien-{twinning.slug}-{plan.year}-{language}",
        )


def render_tables_docx(document_data) -> bytes:
    """Return a plain Word document (A4 landscape, Times New Roman) with the tables."""
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    from twinning.reports.render_docx import FONT, _paragraph, _table

    document = Document()
    document.styles["Normal"].font.name = FONT
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _paragraph(document, document_data.title, size=14, bold=True)
    _paragraph(document, document_data.subtitle, size=13, italic=True)
    for text in document_data.paragraphs:
        _paragraph(document, text, rtl=document_data.language == "ar")
    for table in document_data.tables:
        _table(document, table, document_data.language, size=9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
