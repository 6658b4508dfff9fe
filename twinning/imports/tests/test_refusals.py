"""Files that are not what they claim are refused with a clear message, never a crash."""

import io
import zipfile

import pytest

from twinning.activities.models import Activity
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import (
    activity_rows,
    csv_bytes,
    latest_job,
    preview,
    sign_in,
    upload,
    xlsx_bytes,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _refused_at_upload(client, world, content, name, message):
    sign_in(client, world.coordinator)
    response = upload(client, world.twinning, content, name)
    assert response.status_code == 400
    assert message in response.text
    assert not ImportJob.objects.exists()


def test_it_refuses_a_png_renamed_xlsx(client, world):
    _refused_at_upload(client, world, PNG, "photo.xlsx", "is not an Excel workbook (.xlsx)")


def test_it_refuses_a_binary_file_named_csv(client, world):
    _refused_at_upload(client, world, PNG, "photo.csv", "is not an Excel workbook (.xlsx)")


def test_it_refuses_another_kind_of_file_name(client, world):
    _refused_at_upload(client, world, b"a,b", "notes.pdf", "Choose an Excel workbook")


def test_it_refuses_a_word_document_renamed_xlsx(client, world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    _refused_at_upload(client, world, buffer.getvalue(), "a.xlsx", "is not an Excel workbook")


def test_it_refuses_a_zip_bomb_from_its_central_directory(client, world, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            block = b"\0" * (1 << 20)
            for _ in range(30):
                member.write(block)
    content = buffer.getvalue()
    assert len(content) < 100_000
    _refused_at_upload(client, world, content, "bomb.xlsx", "possible zip bomb")


def test_it_refuses_a_workbook_with_macros(client, world):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(xlsx_bytes(activity_rows()))) as source,
        zipfile.ZipFile(buffer, "w") as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    _refused_at_upload(client, world, buffer.getvalue(), "macros.xlsm", "contains macros")
    _refused_at_upload(client, world, buffer.getvalue(), "renamed.xlsx", "contains macros")


def test_it_refuses_an_xlsm_even_without_a_macro_inside(client, world):
    _refused_at_upload(client, world, xlsx_bytes(activity_rows()), "book.xlsm", "contains macros")


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_it_refuses_a_workbook_with_a_hidden_sheet(client, world, state):
    def hide(workbook):
        sheet = workbook.create_sheet("Secret")
        sheet.append(["x"])
        sheet.sheet_state = state

    content = xlsx_bytes(activity_rows(), edit=hide)
    _refused_at_upload(client, world, content, "hidden.xlsx", "hidden sheet (&quot;Secret&quot;)")


def test_it_refuses_a_workbook_with_a_formula(client, world):
    rows = activity_rows()
    rows[1][10] = "=2000000*1"
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows), "formula.xlsx")
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert job.refusal == {"code": "formula", "params": {"row": 3, "column": "K"}}
    assert "contains a formula (row 3, column K)" in preview(client, job).text
    assert not Activity.objects.exists()


def test_it_refuses_a_workbook_with_an_array_formula(client, world):
    """An array formula is read back as an object, not as text starting with "="."""
    from openpyxl.worksheet.formula import ArrayFormula

    def add_array_formula(workbook):
        workbook.active["K2"] = ArrayFormula("K2:K2", "=SUM(H2:H3*J2:J3)")

    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows(), edit=add_array_formula), "a.xlsx")
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert job.refusal == {"code": "formula", "params": {"row": 2, "column": "K"}}
    assert not Activity.objects.exists()


def test_it_refuses_a_csv_cell_that_starts_a_formula(client, world):
    rows = activity_rows()
    rows[0][2] = '=HYPERLINK("http://example.com")'
    sign_in(client, world.coordinator)
    upload(client, world.twinning, csv_bytes(rows), "formula.csv")
    assert latest_job().refusal["code"] == "formula"


def test_it_refuses_a_file_over_the_size_limit(client, world, settings):
    settings.IMPORT_MAX_BYTES = 2000
    content = csv_bytes(activity_rows() * 20)
    _refused_at_upload(client, world, content, "big.csv", "files of at most 2.0")


def test_it_refuses_a_file_over_the_row_limit(client, world, settings):
    settings.IMPORT_MAX_ROWS = 2
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(activity_rows()))
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert "more than 2 rows" in preview(client, job).text


def test_it_refuses_a_csv_file_not_in_utf8(client, world):
    sign_in(client, world.coordinator)
    content = csv_bytes(activity_rows()).decode().encode("cp1258", errors="replace")
    upload(client, world.twinning, content, "legacy.csv")
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert "UTF-8" in preview(client, job).text


def test_it_refuses_a_damaged_workbook(client, world):
    content = xlsx_bytes(activity_rows())
    _refused_at_upload(client, world, content[:2000], "cut.xlsx", "is not an Excel workbook")


def test_it_refuses_an_empty_file(client, world):
    sign_in(client, world.coordinator)
    response = upload(client, world.twinning, b"", "empty.csv")
    assert response.status_code in (200, 400)
    assert not ImportJob.objects.exists()
