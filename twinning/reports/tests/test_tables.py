"""The Excel workbook and the CSV files: typed cells with formats, frozen headers, filters, and
the article's figures as numbers."""

import csv
import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from twinning.reports.render_tables import (
    keyed_sheet,
    render_csv_zip,
    render_xlsx,
    sheet_title,
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
    assert workbook.sheetnames[-1] == "PHỤ LỤC DANH MỤC HOẠT ĐỘNG"  # ":" is not allowed
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")


def test_it_writes_numbers_and_dates_as_typed_cells(workbook):
    # columns: date, activity, contributor, origin, kind, item, quantity, unit, unit value,
    # value, status (headers are translated, so read by position)
    rows = list(keyed_sheet(workbook, "contributions").iter_rows(min_row=2))
    masks = [r for r in rows if r[5].value == "Khẩu trang vải kháng khuẩn"]
    assert sorted((r[6].value, r[9].value) for r in masks) == [(600, 4_800_000), (1500, 12_000_000)]
    value = masks[0][9]
    assert value.data_type == "n" and value.number_format == "#,##0"
    date = masks[0][0]
    assert isinstance(date.value, datetime.datetime) and date.number_format == "DD/MM/YYYY"
    fans = [r for r in rows if r[5].value == "Quạt treo tường"]
    assert fans[0][6].value == 30


def test_it_holds_every_figure_of_the_article(workbook):
    outputs = {
        (r[1], r[2])
        for r in keyed_sheet(workbook, "outputs").iter_rows(min_row=2, values_only=True)
    }
    assert ("Đèn đường năng lượng mặt trời được lắp đặt", 30) in outputs
    assert ("Tuyến đường được chiếu sáng", 1.5) in outputs
    indicators = {
        (r[0], r[1]): (r[2], r[4])
        for r in keyed_sheet(workbook, "indicators").iter_rows(min_row=2, values_only=True)
    }
    assert indicators[("Tỷ lệ hộ sử dụng điện", 2023)] == (100, None)
    assert indicators[("Tỷ lệ hộ nghèo và cận nghèo", 2023)][0] == 40
    assert indicators[("Tỷ lệ hộ nghèo và cận nghèo", 2023)][1]  # a lower bound: "over 40%"
    assert indicators[("Tỷ lệ dân số là người dân tộc thiểu số", 2023)][0] == 95
    years = [
        r[0] for r in keyed_sheet(workbook, "totals").iter_rows(min_row=2, values_only=True) if r[0]
    ]
    assert years == list(range(2016, 2024))  # 8 years


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_it_writes_a_csv_file_per_table(demo, draft, language):
    report = build_report(demo, 2016, 2023, language=language, draft=draft)
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(report)))
    assert sorted(archive.namelist()) == sorted(f"{t.key}.csv" for t in report.export_tables())
    text = archive.read("contributions.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    masks = [r for r in rows if "Khẩu trang vải kháng khuẩn" in r]
    assert sorted((r[6], r[9]) for r in masks) == [("1500.000", "12000000"), ("600.000", "4800000")]
    assert "30.000" in next(r for r in rows if "Quạt treo tường" in r)
    outputs = archive.read("outputs.csv").decode("utf-8-sig")
    assert "1.500,km" in outputs and "30.000,bộ" in outputs
    indicators = archive.read("indicators.csv").decode("utf-8-sig")
    assert ",2023,100.000," in indicators and ",2023,95.000," in indicators


def test_sheet_titles_are_what_excel_allows():
    taken: set[str] = set()
    assert sheet_title("Kết quả: 2016/2023 [tổng]?", taken) == "Kết quả 2016 2023 tổng"
    long = "Các hoạt động ngoài kế hoạch của năm"
    assert sheet_title(long, taken) == long[:31]
    assert sheet_title(long, taken) == long[:27] + " (2)"  # unique, still 31 characters
    assert sheet_title("KẾT QUẢ 2016 2023 TỔNG", taken) == "KẾT QUẢ 2016 2023 TỔNG (2)"  # case
