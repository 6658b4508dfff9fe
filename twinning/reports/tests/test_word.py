"""The Word report: the Decree 30 layout, read back with python-docx, and the article's figures."""

import datetime
import io

import pytest
from docx import Document

from twinning.reports.render_docx import render_docx
from twinning.reports.tests.article import missing
from twinning.reports.twinning_report import build_report

pytestmark = pytest.mark.django_db


def _open(report) -> Document:
    return Document(io.BytesIO(render_docx(report)))


def _all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_it_lays_out_the_page_as_decree_30_asks(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25
    assert 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35
    assert 15 <= round(section.right_margin.mm) <= 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text}
    assert fonts == {"Times New Roman"}


def test_it_writes_the_two_column_header_after_the_merger(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    left, right = document.tables[0].rows[0].cells
    left_lines = [p.text for p in left.paragraphs if p.text]
    right_lines = [p.text for p in right.paragraphs if p.text]
    assert left_lines == ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "Số: 05/BC-SCT"]
    assert right_lines == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Lâm Đồng, ngày 05 tháng 01 năm 2026",
    ]
    issuer = left.paragraphs[1]
    assert issuer.runs[0].bold and "w:bottom" in left.paragraphs[2]._p.xml  # bold, a rule under
    assert not left.paragraphs[0].runs[0].bold
    assert right.paragraphs[1].runs[0].bold and "w:bottom" in right.paragraphs[2]._p.xml
    place = next(p for p in right.paragraphs if p.text.startswith("Lâm Đồng"))
    assert place.runs[0].italic
    assert 'w:val="nil"' in document.tables[0]._tbl.xml  # borderless


def test_it_writes_the_header_of_binh_thuan_before_the_merger(demo, draft):
    draft.issued_on = datetime.date(2025, 3, 10)
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    left, right = document.tables[0].rows[0].cells
    assert left.paragraphs[0].text == "UBND TỈNH BÌNH THUẬN"
    assert right.paragraphs[-1].text == "Bình Thuận, ngày 10 tháng 3 năm 2025"


def test_it_has_the_title_body_signature_and_recipients(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    texts = [p.text for p in document.paragraphs]
    title = document.paragraphs[texts.index("BÁO CÁO")]
    assert title.runs[0].bold
    body = next(p for p in document.paragraphs if p.text.startswith("Trong 8 năm liên tục"))
    assert body.alignment == 3  # justified
    assert round(body.paragraph_format.first_line_indent.mm) == 10
    recipients, signature = document.tables[-2].rows[0].cells
    heading = recipients.paragraphs[0].runs[0]
    assert heading.text == "Nơi nhận:" and heading.bold and heading.italic
    assert heading.font.size.pt == 12
    assert recipients.paragraphs[-1].text.startswith("- Lưu: VT,")
    assert recipients.paragraphs[-1].runs[0].font.size.pt == 11
    lines = [p.text for p in signature.paragraphs if p.text]
    assert lines[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signature.paragraphs[-1].runs[0].bold


def test_it_ends_with_the_appendix_table(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    appendix = document.tables[-1]
    assert [c.text for c in appendix.rows[0].cells] == [
        "STT", "Hoạt động", "Thời gian", "Số lượng", "ĐVT", "Giá trị (đồng)", "Nguồn", "Ghi chú",
    ]  # fmt: skip
    masks = [r for r in appendix.rows if "khẩu trang" in r.cells[1].text]
    assert [c.text for c in masks[0].cells][3:6] == ["2.100", "chiếc", "16.800.000"]


def test_it_embeds_the_charts(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    assert len(document.inline_shapes) == 3


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_it_states_every_figure_of_the_article(demo, draft, language):
    document = _open(build_report(demo, 2016, 2023, language=language, draft=draft))
    assert missing(_all_text(document), language) == []
