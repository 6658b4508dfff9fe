"""The templates to download: drop-down lists, a sheet that explains every column in the user's
language, and a round trip (a filled-in template imports)."""

import csv
import io
import zipfile

import openpyxl
from django.urls import reverse
from django.utils import translation

from twinning.activities.models import Activity
from twinning.imports.columns import LAYOUTS
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import commit, latest_job, sign_in, upload


def _get(client, world, kind, file_format, language="en"):
    url = reverse(
        "imports:template",
        kwargs={"slug": world.twinning.slug, "kind": kind, "file_format": file_format},
    )
    return client.get(url, headers={"Accept-Language": language})


def test_the_workbook_has_drop_downs_and_explains_every_column(client, world):
    sign_in(client, world.coordinator)
    response = _get(client, world, "activities", "xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="twinning-activities.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    data, explanation, lists = workbook.worksheets
    assert all(sheet.sheet_state == "visible" for sheet in workbook.worksheets)
    layout = LAYOUTS["activities"]
    assert [c.value for c in data[1]] == [
        str(c.label) + (" *" if c.required else "") for c in layout.columns
    ]
    sources = {v.formula1 for v in data.data_validations.dataValidation if v.type == "list"}
    assert len(sources) >= 8  # categories, units, groups, contributors, kinds, statuses...
    listed = {column[0].value: [c.value for c in column[1:] if c.value] for column in lists.columns}
    assert "Health and epidemic response" in listed["Category"]
    assert "Poor households" in listed["Beneficiary group"]
    assert "Công ty TNHH Ánh Dương" in listed["Contributor"]
    assert "cái" in listed["Unit"]
    explained = [
        row[0].value for row in explanation.iter_rows(min_row=2, max_row=len(layout.columns) + 1)
    ]
    assert explained == [str(c.label) for c in layout.columns]
    # Nothing in it is refused on upload: no macro, no hidden sheet.
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert not any("vba" in name.lower() for name in names)


def test_the_explanations_follow_the_users_language(client, world):
    sign_in(client, world.coordinator)
    response = _get(client, world, "indicators", "xlsx", language="vi")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    with translation.override("vi"):
        expected = str(LAYOUTS["indicators"].column("year").label)
    assert expected in [c.value for c in workbook.worksheets[1]["A"]]


def test_the_csv_template_has_the_columns(client, world):
    sign_in(client, world.coordinator)
    response = _get(client, world, "organisations", "csv")
    text = response.content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert header[0] == "Name *" and "Tax code" in header


def test_a_filled_in_template_imports(client, world):
    sign_in(client, world.coordinator)
    workbook = openpyxl.load_workbook(io.BytesIO(_get(client, world, "activities", "xlsx").content))
    data = workbook.worksheets[0]
    labels = [c.value.rstrip(" *") for c in data[1]]
    values = {
        "Activity reference": "T-1",
        "Category": "Education support",
        "Title": "Books for the school",
        "Date": "01/09/2022",
        "Contributor": "Công ty TNHH Ánh Dương",
        "Kind of contribution": "In kind",
        "Quantity": 200,
        "Unit": "quyển",
        "Unit value (đồng)": 25000,
        "Beneficiary group": "Students",
        "Beneficiaries": 200,
    }
    data.append([values.get(label) for label in labels])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, world.twinning, buffer.getvalue(), "filled.xlsx")
    job = latest_job()
    assert job.status == ImportJob.Status.READY, (job.refusal, job.errors)
    commit(client, job)
    activity = Activity.objects.get(ref="T-1")
    assert activity.contributions.get().value_vnd == 5_000_000  # computed: 200 × 25.000
