"""The Excel workbook and the CSV files: a title block, typed cells with formats, years as plain
integers, print setup, widths from content, no header-only sheet; CSV numbers and dates as
machines read them; the article's figures as numbers."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from twinning.reports.render_tables import (
    header_row,
    keyed_sheet,
    render_csv_zip,
    render_xlsx,
    sheet_title,
    table_rows,
)
from twinning.reports.twinning_report import build_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(demo, draft):
    return load_workbook(io.BytesIO(render_xlsx(build_report(demo, 2016, 2023, draft=draft))))


def test_it_has_one_sheet_per_table(workbook):
    # Named in the report's language (Vietnamese here); the stable key is the code name.
    assert [s.sheet_properties.codeName for s in workbook.worksheets] == [
        "activities", "contributions", "beneficiaries", "outputs", "indicators", "totals",
        "appendix",
    ]  # fmt: skip
    assert workbook.sheetnames[:2] == ["Hoạt động", "Đóng góp"]
    for sheet in workbook.worksheets:
        heading = header_row(sheet)
        assert sheet.freeze_panes == f"A{heading + 1}"
        assert sheet.auto_filter.ref.startswith(f"A{heading}:")


def test_each_sheet_says_which_twinning_period_units_and_date(workbook):
    sheet = keyed_sheet(workbook, "contributions")
    block = {row[0]: row[1] for row in sheet.iter_rows(max_row=header_row(sheet) - 1,
                                                        values_only=True) if row[0]}  # fmt: skip
    assert block["Đóng góp"] is None  # the sheet's title
    assert block["Kết nghĩa"] == "Sở Công Thương tỉnh Bình Thuận — Xã Đông Giang"
    assert block["Kỳ báo cáo"] == "giai đoạn 2016 - 2023"
    assert "đơn vị hành chính tại thời điểm thực hiện" in block["Đơn vị hành chính"]
    assert block["Cơ quan ban hành"] == "Sở Công Thương tỉnh Lâm Đồng"
    assert block["Ngày"] == "05/01/2026"


def test_it_sets_up_every_sheet_to_print_on_a4(workbook):
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        heading = header_row(sheet)
        assert sheet.print_title_rows == f"${heading}:${heading}"
    assert keyed_sheet(workbook, "activities").page_setup.orientation == "landscape"  # wide
    assert keyed_sheet(workbook, "outputs").page_setup.orientation == "portrait"


def test_it_sizes_columns_from_their_content(workbook):
    sheet = keyed_sheet(workbook, "contributions")
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGHIJK"}
    assert len(set(widths.values())) > 4  # not "14 or 40" but what each holds
    assert widths["B"] > widths["J"] >= len("12.000.000")  # activity titles > values


def test_it_writes_numbers_and_dates_as_typed_cells(workbook):
    # columns: date, activity, contributor, origin, kind, item, quantity, unit, unit value,
    # value, status (headers are translated, so read by position)
    rows = table_rows(keyed_sheet(workbook, "contributions"), values_only=False)[1:]
    masks = [r for r in rows if r[5].value == "Khẩu trang vải kháng khuẩn"]
    assert sorted((r[6].value, r[9].value) for r in masks) == [(600, 4_800_000), (1500, 12_000_000)]
    value = masks[0][9]
    assert value.data_type == "n" and value.number_format == "#,##0"
    date = masks[0][0]  # the article gives the year only: a date shown as its year
    assert isinstance(date.value, datetime.datetime) and date.number_format == "YYYY"
    notebooks = next(r for r in rows if r[5].value == "Vở học sinh")
    assert notebooks[0].number_format == "DD/MM/YYYY"  # known to the day
    fans = [r for r in rows if r[5].value == "Quạt treo tường"]
    assert fans[0][6].value == 30


def test_years_are_plain_integers(workbook):
    totals = table_rows(keyed_sheet(workbook, "totals"), values_only=False)[1:]
    years = [r[0] for r in totals if isinstance(r[0].value, int)]
    assert [c.value for c in years] == list(range(2016, 2024))
    assert {c.number_format for c in years} == {"0"}  # 2016, never 2,016
    indicators = table_rows(keyed_sheet(workbook, "indicators"), values_only=False)[1:]
    assert {r[1].number_format for r in indicators} == {"0"}


def test_it_holds_every_figure_of_the_article_and_nothing_after_the_period(workbook):
    outputs = {(r[1], r[2]) for r in table_rows(keyed_sheet(workbook, "outputs"))[1:]}
    assert ("Đèn đường năng lượng mặt trời được lắp đặt", 30) in outputs
    assert ("Tuyến đường được chiếu sáng", 1.5) in outputs
    indicators = {
        (r[0], r[1]): (r[2], r[4]) for r in table_rows(keyed_sheet(workbook, "indicators"))[1:]
    }
    assert indicators[("Tỷ lệ hộ sử dụng điện", 2023)] == (100, None)
    assert indicators[("Tỷ lệ hộ nghèo và cận nghèo", 2023)][0] == 40
    assert indicators[("Tỷ lệ hộ nghèo và cận nghèo", 2023)][1]  # a lower bound: "over 40%"
    assert indicators[("Tỷ lệ dân số là người dân tộc thiểu số", 2023)][0] == 95
    assert max(year for _name, year in indicators) == 2023  # no 2024 value in a 2016-2023 report


def test_a_sheet_never_holds_only_its_headings(demo, draft):
    report = build_report(demo, 2023, 2023, draft=draft)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    outputs = table_rows(keyed_sheet(book, "outputs"))
    assert len(outputs) == 2 and outputs[1][0] == "Không có số liệu."


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_it_writes_a_csv_file_per_table_for_machines(demo, draft, language):
    report = build_report(demo, 2016, 2023, language=language, draft=draft)
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(report)))
    assert sorted(archive.namelist()) == sorted(
        [f"{t.key}.csv" for t in report.export_tables()] + ["README.txt"]
    )
    text = archive.read("contributions.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    masks = [r for r in rows if "Khẩu trang vải kháng khuẩn" in r]
    assert sorted((r[6], r[9]) for r in masks) == [("1500", "12000000"), ("600", "4800000")]
    assert {r[0] for r in masks} == {"2020"}  # a year known as a year
    assert "30" in next(r for r in rows if "Quạt treo tường" in r)
    outputs = archive.read("outputs.csv").decode("utf-8-sig")
    assert "1.5,km" in outputs and "30,bộ" in outputs and "1.500" not in outputs
    indicators = archive.read("indicators.csv").decode("utf-8-sig")
    assert ",2023,100," in indicators and ",2023,95," in indicators
    assert ",2024," not in indicators
    readme = archive.read("README.txt").decode("utf-8-sig")
    assert "ISO 8601" in readme and '"1.5"' in readme


def test_sheet_titles_are_what_excel_allows():
    taken: set[str] = set()
    assert sheet_title("Kết quả: 2016/2023 [tổng]?", taken) == "Kết quả 2016 2023 tổng"
    long = "Các hoạt động ngoài kế hoạch của năm"
    assert sheet_title(long, taken) == long[:31]
    assert sheet_title(long, taken) == long[:27] + " (2)"  # unique, still 31 characters
    assert sheet_title("KẾT QUẢ 2016 2023 TỔNG", taken) == "KẾT QUẢ 2016 2023 TỔNG (2)"  # case
