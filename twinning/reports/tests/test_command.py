"""`twinning report` and the report's scope across the 2025 merger, on the demo data."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook

from twinning.reports.render_tables import keyed_sheet, table_rows
from twinning.reports.twinning_report import AS_IT_IS, build_report

pytestmark = pytest.mark.django_db


def test_it_lists_the_twinnings_with_ids_and_slugs(demo):
    out = io.StringIO()
    call_command("report", "--list", stdout=out)
    assert f"{demo.pk}\tsct-dong-giang\t" in out.getvalue()


def test_it_writes_the_word_report_of_the_article(demo, tmp_path):
    path = tmp_path / "report.docx"
    call_command(
        "report", "--twinning", "sct-dong-giang", "--from", "2016", "--to", "2023",
        "--format", "docx", "--lang", "vi", "--number", "5", "--date", "2026-01-05",
        "-o", str(path), stderr=io.StringIO(),
    )  # fmt: skip
    document = Document(str(path))
    left = [p.text for p in document.tables[0].rows[0].cells[0].paragraphs if p.text]
    assert left == ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "Số: 05/BC-SCT"]


def test_it_accepts_the_twinning_id(demo, tmp_path):
    path = tmp_path / "report.xlsx"
    call_command(
        "report", "--twinning", str(demo.pk), "--from", "2020", "--to", "2020",
        "--format", "xlsx", "--lang", "en", "-o", str(path), stderr=io.StringIO(),
    )  # fmt: skip
    workbook = load_workbook(str(path))
    assert "Contributions" in workbook.sheetnames  # --lang en
    assert keyed_sheet(workbook, "contributions").title == "Contributions"


def test_it_refuses_an_unknown_twinning(demo):
    with pytest.raises(CommandError):
        call_command("report", "--twinning", "nowhere", "--format", "docx")


def test_it_writes_the_province_summary(demo, tmp_path):
    path = tmp_path / "province.xlsx"
    call_command(
        "report", "--province-summary", "--programme", "ket-nghia-nq04-binh-thuan",
        "--from", "2016", "--to", "2023", "--format", "xlsx", "-o", str(path),
        stderr=io.StringIO(),
    )  # fmt: skip
    workbook = load_workbook(str(path))
    rows = table_rows(keyed_sheet(workbook, "by_category"))[1:]
    assert len(rows) == 7  # six twinnings and the total (after the heading row)
    dong_giang = next(r for r in rows if r[0] == "Sở Công Thương tỉnh Bình Thuận")
    assert dong_giang[5] == build_report(demo, 2016, 2023).figures["total_vnd"]


def test_it_reports_as_it_was_under_the_old_units(demo, draft):
    report = build_report(demo, 2016, 2023, draft=draft)
    assert "huyện Hàm Thuận Bắc, tỉnh Bình Thuận" in report.scope_note
    assert report.figures["total_vnd"] == report.figures["summary_total_vnd"]


def test_it_reports_as_it_is_now_with_dong_tien_added_in(demo, draft):
    was = build_report(demo, 2016, 2023, draft=draft)
    now = build_report(demo, 2016, 2023, scope=AS_IT_IS, draft=draft)
    assert "tỉnh Lâm Đồng" in now.scope_note and "Đông Tiến" in now.scope_note
    assert now.figures["total_vnd"] > was.figures["total_vnd"]
    assert now.figures["activities"] > was.figures["activities"]


@pytest.mark.parametrize(
    ("language", "opening"),
    [
        ("vi", "Trong 8 năm liên tục (từ năm 2016 đến năm 2023), Sở Công Thương"),
        ("en", "For 8 consecutive years (from 2016 to 2023) Sở Công Thương"),
    ],
)
def test_it_writes_the_narrative_in_the_manner_of_the_article(demo, draft, language, opening):
    narrative = " ".join(build_report(demo, 2016, 2023, language=language, draft=draft).narrative)
    assert narrative.startswith(opening)
    if language == "vi":
        assert "600 chiếc khẩu trang vải kháng khuẩn (trị giá 4,8 triệu đồng)" in narrative
        assert "vận động doanh nghiệp trao tặng" in narrative
        assert "1.500 chiếc khẩu trang vải kháng khuẩn (trị giá 12 triệu đồng)" in narrative
    else:
        # Names entered in Vietnamese stay as entered; units and counts are English.
        assert "Khẩu trang vải kháng khuẩn, 600 pieces worth 4.8 million VND" in narrative
        assert "Khẩu trang vải kháng khuẩn, 1,500 pieces worth 12 million VND" in narrative
        assert "it mobilised businesses to give" in narrative
        assert "suất" not in narrative and "chiếc" not in narrative


def test_it_writes_a_thank_you_letter_with_the_statement(demo, tmp_path):
    path = tmp_path / "thanks.docx"
    call_command(
        "report", "--contributor", "doanh-nghiep-van-dong", "--date", "2026-01-05",
        "-o", str(path), stderr=io.StringIO(),
    )  # fmt: skip
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "THƯ CẢM ƠN" in texts
    assert "Kính gửi: Các doanh nghiệp do Sở Công Thương vận động" in texts
    statement = document.tables[1]
    assert [c.text for c in statement.rows[0].cells][:3] == ["Thời gian", "Hoạt động", "Nơi nhận"]
    cells = [[c.text for c in row.cells] for row in statement.rows]
    assert any(row[4:7] == ["1.500", "chiếc", "12.000.000"] for row in cells)
    assert any(row[3:6] == ["Quạt treo tường", "30", "cái"] for row in cells)


def test_it_writes_plan_versus_actual_for_a_year(demo, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command(
        "report", "--twinning", "sct-dong-giang", "--plan", "2020", "--format", "xlsx",
        "-o", str(path), stderr=io.StringIO(),
    )  # fmt: skip
    sheet = keyed_sheet(load_workbook(str(path)), "plan_items")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    masks = next(r for r in rows if r[1] and "khẩu trang" in r[1])
    assert masks[7] == 16_800_000 and masks[8] == 1
