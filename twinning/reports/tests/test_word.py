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


# --- the XML that Word and LibreOffice both read ----------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _twips(element, tag: str) -> int:
    return int(element.find(f"{W}{tag}").get(f"{W}w"))


@pytest.mark.parametrize("language", ["vi", "ar"])
def test_every_table_grid_equals_its_cells(demo, draft, language):
    document = _open(build_report(demo, 2016, 2023, language=language, draft=draft))
    assert len(document.tables) > 5
    for table in document.tables:
        tbl = table._tbl
        grid = [int(c.get(f"{W}w")) for c in tbl.tblGrid.findall(f"{W}gridCol")]
        assert tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        assert _twips(tbl.tblPr, "tblW") == sum(grid)
        for row in table.rows:
            cells = [_twips(c._tc.tcPr, "tcW") for c in row.cells]
            assert cells == grid


def test_the_appendix_repeats_its_heading_row_and_keeps_its_caption(demo, draft):
    document = _open(build_report(demo, 2016, 2023, draft=draft))
    appendix = document.tables[-1]
    assert appendix.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    texts = [p.text for p in document.paragraphs]
    attached = texts.index(
        "(Kèm theo Báo cáo số 05/BC-SCT ngày 05/01/2026 của Sở Công Thương tỉnh Lâm Đồng)"
    )
    assert texts[attached - 2 : attached] == [
        "PHỤ LỤC", "DANH MỤC HOẠT ĐỘNG GIAO LƯU, KẾT NGHĨA GIAI ĐOẠN 2016 - 2023",
    ]  # fmt: skip
    captions = [p for p in document.paragraphs if p.text == "Giá trị hỗ trợ theo lĩnh vực"]
    assert captions and captions[0].paragraph_format.keep_with_next


def test_the_arabic_report_is_right_to_left_with_complex_script_fonts(demo, draft):
    document = _open(build_report(demo, 2016, 2023, language="ar", draft=draft))
    body = document.element.body
    paragraphs = [p for p in body.iter(f"{W}p") if "".join(t.text or "" for t in p.iter(f"{W}t"))]
    assert paragraphs and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs)
    tables = list(body.iter(f"{W}tbl"))
    assert tables and all(t.find(f"{W}tblPr/{W}bidiVisual") is not None for t in tables)
    runs = [r for r in body.iter(f"{W}r") if r.find(f"{W}t") is not None]
    arabic = [r for r in runs if any("\u0600" <= ch <= "\u06ff" for ch in r.find(f"{W}t").text)]
    assert len(arabic) > 200
    for run in arabic:
        properties = run.find(f"{W}rPr")
        assert properties.find(f"{W}rtl") is not None
        assert properties.find(f"{W}rFonts").get(f"{W}cs") == "Times New Roman"
        assert properties.find(f"{W}szCs") is not None
        if properties.find(f"{W}b") is not None:
            assert properties.find(f"{W}bCs") is not None
    # Names entered in Vietnamese: runs of their own, left to right between marks.
    latin = [r.find(f"{W}t").text for r in runs if r.find(f"{W}rtl") is None
             and any(ch.isascii() and ch.isalpha() for ch in r.find(f"{W}t").text)]  # fmt: skip
    assert latin and all(text[0] == text[-2] == "\u200e" and text[-1] == "\u200f"
                         for text in latin), latin[:5]  # fmt: skip
    assert "\u2068" not in body.xml and "\u2069" not in body.xml
