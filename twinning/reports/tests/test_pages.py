"""The province summary, plan versus actual and a contributor's statement through HTTP: who
sees them, who downloads them, and the files read back."""

import csv
import datetime
import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from twinning.programmes.tests.factories import add_activity, add_contribution, add_item, add_plan
from twinning.reports.render_tables import keyed_sheet, table_rows
from twinning.testing import PASSWORD

pytestmark = pytest.mark.django_db
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def gifts(world):
    """The article's masks in 2020 (the Department's 600 and a business's 1,500) and, in the
    other twinning, 2,000,000 đồng of books in 2021."""
    masks = add_activity(
        world.twinning, "Khẩu trang", category="health", start_date=datetime.date(2020, 4, 10)
    )
    add_contribution(masks, world.sponsor, item="Khẩu trang", quantity=600, unit_value_vnd=8_000)
    add_contribution(masks, world.business, item="Khẩu trang", quantity=1500, unit_value_vnd=8_000)
    books = add_activity(
        world.other_twinning, "Sách vở", category="education", start_date=datetime.date(2021, 9, 5)
    )
    add_contribution(books, world.other_sponsor, item="Sách", quantity=200, unit_value_vnd=10_000)
    return masks


def _as(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def _docx_cells(content) -> list[str]:
    document = Document(io.BytesIO(content))
    return [cell.text for table in document.tables for row in table.rows for cell in row.cells]


def _pdf_text(content) -> str:
    """Return the PDF's words, one space between them (a name may wrap inside a table cell)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Province summary


def _province(world, tail=""):
    return f"/programmes/{world.programme.pk}/summary/{tail}"


def test_the_overseer_sees_every_twinning_of_the_programme(client, world, gifts):
    response = _as(client, world.overseer).get(_province(world) + "?year_from=2016&year_to=2023")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở Công Thương tỉnh Bình Thuận" in page and "Sở Giáo dục và Đào tạo" in page
    assert "16.800.000" in page and "18.800.000" in page  # a twinning's total, and the sum
    assert "Download Excel" in page


def test_a_department_sees_only_its_own_twinnings_in_the_summary(client, world, gifts):
    page = _as(client, world.coordinator).get(_province(world)).content.decode()
    assert "Sở Công Thương tỉnh Bình Thuận" in page
    assert "Sở Giáo dục và Đào tạo" not in page and ">2.000.000<" not in page


def test_the_summary_is_hidden_from_a_user_without_a_twinning_in_it(client, world, gifts):
    client = _as(client, world.contributor)
    assert client.get(_province(world)).status_code == 404
    assert client.get(_province(world, "download.xlsx")).status_code == 404


def test_a_viewer_sees_the_summary_but_may_not_download_it(client, world, gifts):
    client = _as(client, world.viewer)
    page = client.get(_province(world))
    assert page.status_code == 200 and "Download Excel" not in page.content.decode()
    assert client.get(_province(world, "download.xlsx")).status_code == 403


def test_a_wrong_span_is_explained_not_a_crash(client, world, gifts):
    response = _as(client, world.overseer).get(_province(world) + "?year_from=2023&year_to=2016")
    assert response.status_code == 400
    assert "The last year cannot be before the first." in response.content.decode()


def test_the_province_summary_downloads_read_back(client, world, gifts):
    client = _as(client, world.overseer)
    query = "?year_from=2016&year_to=2023&lang=vi"
    excel = client.get(_province(world, "download.xlsx") + query)
    assert excel.status_code == 200 and excel["Content-Type"] == EXCEL
    workbook = load_workbook(io.BytesIO(excel.content))
    assert workbook.sheetnames == [
        "Tổng hợp theo lĩnh vực", "Tổng hợp theo năm", "Kết quả theo cặp kết nghĩa",
        "Giá trị theo lĩnh vực", "Giá trị theo năm",
    ]  # fmt: skip
    rows = table_rows(keyed_sheet(workbook, "by_category"))
    sponsors = [row[0] for row in rows[1:]]
    assert "Sở Công Thương tỉnh Bình Thuận" in sponsors and "Sở Giáo dục và Đào tạo" in sponsors
    ours = rows[1 + sponsors.index("Sở Công Thương tỉnh Bình Thuận")]
    assert ours[3:6] == (4_800_000, 12_000_000, 16_800_000)  # own, mobilised, total: numbers
    assert rows[-1][5] == 18_800_000
    by_year = table_rows(keyed_sheet(workbook, "by_year"))
    assert by_year[0][2:4] == ("2020", "2021")

    word = client.get(_province(world, "download.docx") + query)
    assert word["Content-Type"] == WORD
    cells = _docx_cells(word.content)
    assert "Sở Giáo dục và Đào tạo" in cells and "18.800.000" in cells

    pdf = client.get(_province(world, "download.pdf") + query)
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    assert "Sở Công Thương tỉnh Bình Thuận" in text and "18.800.000" in text

    archive = zipfile.ZipFile(
        io.BytesIO(client.get(_province(world, "download.csv") + query).content)
    )
    assert sorted(archive.namelist()) == [
        "README.txt", "by_category.csv", "by_year.csv", "categories.csv", "twinnings.csv",
        "years.csv",
    ]  # fmt: skip
    lines = list(csv.reader(io.StringIO(archive.read("by_year.csv").decode("utf-8-sig"))))
    assert lines[-1][-1] == "18800000"


def test_a_department_downloads_only_its_own_twinnings(client, world, gifts):
    content = _as(client, world.coordinator).get(_province(world, "download.xlsx")).content
    sponsors = [row[0] for row in keyed_sheet(load_workbook(io.BytesIO(content)), "by_category").iter_rows(
        min_row=2, values_only=True
    )]  # fmt: skip
    assert "Sở Giáo dục và Đào tạo" not in sponsors


def test_the_overview_links_to_the_province_summary(client, world, gifts):
    page = _as(client, world.overseer).get("/overview/").content.decode()
    assert _province(world) in page
    assert "/exports/" in page


# ---------------------------------------------------------------------------------------------
# Plan versus actual


@pytest.fixture
def plan(world, gifts):
    plan = add_plan(world.twinning, 2020)
    item = add_item(
        plan, "Khẩu trang phòng dịch", category="health", target_quantity=2000,
        target_unit="cái", budget_vnd=20_000_000,
    )  # fmt: skip
    gifts.plan_item = item
    gifts.save()
    add_activity(
        world.twinning, "Văn nghệ", category="exchange", start_date=datetime.date(2020, 9, 2)
    )
    return plan


def _plan(world, tail=""):
    return f"/twinnings/{world.twinning.slug}/plans/2020/versus-actual/{tail}"


def test_the_coordinator_sees_plan_versus_actual(client, world, plan):
    response = _as(client, world.coordinator).get(_plan(world) + "?lang=vi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Khẩu trang phòng dịch" in page and "20.000.000" in page and "16.800.000" in page
    assert "Văn nghệ" in page  # done outside the plan


def test_plan_versus_actual_is_hidden_from_an_outsider(client, world, plan):
    client = _as(client, world.outsider)
    assert client.get(_plan(world)).status_code == 404
    assert client.get(_plan(world, "download.docx")).status_code == 404


def test_plan_versus_actual_of_a_year_without_a_plan_is_not_found(client, world, plan):
    url = f"/twinnings/{world.twinning.slug}/plans/2019/versus-actual/"
    assert _as(client, world.coordinator).get(url).status_code == 404


def test_a_viewer_may_not_download_plan_versus_actual(client, world, plan):
    client = _as(client, world.viewer)
    assert client.get(_plan(world)).status_code == 200
    assert client.get(_plan(world, "download.xlsx")).status_code == 403


def test_plan_versus_actual_downloads_read_back(client, world, plan):
    client = _as(client, world.approver)
    workbook = load_workbook(io.BytesIO(client.get(_plan(world, "download.xlsx")).content))
    items = table_rows(keyed_sheet(workbook, "plan_items"))
    assert items[1][1] == "Khẩu trang phòng dịch"
    assert items[1][6:8] == (20_000_000, 16_800_000)
    assert (
        table_rows(keyed_sheet(workbook, "plan_items"), values_only=False)[1][7].number_format
        == "#,##0"
    )
    unplanned = table_rows(keyed_sheet(workbook, "unplanned"))
    assert unplanned[1][0] == datetime.datetime(2020, 9, 2) and unplanned[1][1] == "Văn nghệ"
    cells = _docx_cells(client.get(_plan(world, "download.docx")).content)
    assert "Khẩu trang phòng dịch" in cells and "16.800.000" in cells
    text = _pdf_text(client.get(_plan(world, "download.pdf")).content)
    assert "Khẩu trang phòng dịch" in text and "Văn nghệ" in text


def test_the_plan_page_links_to_plan_versus_actual(client, world, plan):
    page = _as(client, world.coordinator).get(f"/twinnings/{world.twinning.slug}/plans/2020/")
    assert _plan(world) in page.content.decode()


# ---------------------------------------------------------------------------------------------
# A contributor's statement


def _statement(world, tail=""):
    return f"/contributors/{world.business.slug}/statement/{tail}"


def test_the_business_sees_its_statement(client, world, gifts):
    response = _as(client, world.contributor).get(_statement(world) + "?lang=vi")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Khẩu trang" in page and "12.000.000" in page and "Xã Đông Giang" in page
    assert "Download Excel" in page and "thank" in page.lower()


def test_the_statement_is_hidden_from_an_outsider(client, world, gifts):
    client = _as(client, world.outsider)
    assert client.get(_statement(world)).status_code == 404
    assert client.get(_statement(world, "download.xlsx")).status_code == 404


def test_a_viewer_sees_the_statement_but_may_not_download_it(client, world, gifts):
    client = _as(client, world.viewer)
    assert client.get(_statement(world)).status_code == 200
    assert client.get(_statement(world, "download.xlsx")).status_code == 403
    assert client.get(f"/contributors/{world.business.slug}/thank-you.docx").status_code == 403


def test_the_statement_downloads_read_back(client, world, gifts):
    client = _as(client, world.contributor)
    workbook = load_workbook(io.BytesIO(client.get(_statement(world, "download.xlsx")).content))
    rows = table_rows(keyed_sheet(workbook, "statement"))
    assert rows[1][0] == datetime.datetime(2020, 4, 10)
    assert rows[1][1] == "Khẩu trang" and rows[1][4] == 1500 and rows[1][6] == 12_000_000
    first = table_rows(keyed_sheet(workbook, "statement"), values_only=False)[1][0]
    assert first.number_format == "DD/MM/YYYY"
    word = Document(io.BytesIO(client.get(_statement(world, "download.docx")).content))
    assert "THƯ CẢM ƠN" in [p.text for p in word.paragraphs]
    text = _pdf_text(client.get(_statement(world, "download.pdf")).content)
    assert "Công ty TNHH Ánh Dương" in text and "12.000.000" in text
    lines = zipfile.ZipFile(io.BytesIO(client.get(_statement(world, "download.csv")).content))
    body = lines.read("statement.csv").decode("utf-8-sig")
    assert "2020-04-10" in body and "12000000" in body


def test_the_sponsor_downloads_the_statement_of_what_came_to_its_twinning(client, world, gifts):
    response = _as(client, world.coordinator).get(_statement(world, "download.xlsx"))
    assert response.status_code == 200


def test_the_organisation_page_links_to_the_statement(client, world, gifts):
    page = _as(client, world.contributor).get(f"/organisations/{world.business.slug}/")
    content = page.content.decode()
    assert _statement(world) in content
    assert f"/contributors/{world.business.slug}/thank-you.docx" in content
