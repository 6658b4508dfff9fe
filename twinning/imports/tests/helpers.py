"""Files for the import tests, built in memory."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from twinning.imports.models import ImportJob
from twinning.testing import PASSWORD

ACTIVITY_HEADER = [
    "activity_ref",
    "category",
    "title",
    "start_date",
    "contributor",
    "contribution_kind",
    "item",
    "quantity",
    "unit",
    "unit_value_vnd",
    "value_vnd",
    "beneficiary_group",
    "beneficiary_count",
]


def activity_rows() -> list[list]:
    """Two activities: masks and gifts given by the business, with beneficiaries."""
    return [
        ["A-1", "health", "Cloth masks", "15/04/2020", "Công ty TNHH Ánh Dương", "in_kind",
         "masks", 600, "cái", 8000, 4800000, "residents", 600],
        ["A-1", "health", "Cloth masks", "15/04/2020", "3400000001", "cash",
         "", "", "", "", 2000000, "", ""],
        ["A-2", "Gifts and social support", "Tết gifts", "20/01/2021", "Công ty TNHH Ánh Dương",
         "In kind", "gift boxes", 50, "suất", 300000, "15.000.000", "Poor households", 50],
    ]  # fmt: skip


def xlsx_bytes(rows: list[list], header: list[str] | None = None, *, edit=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(header or ACTIVITY_HEADER)
    for row in rows:
        sheet.append(row)
    if edit:
        edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or ACTIVITY_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def sign_in(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, twinning, content: bytes, name: str = "activities.xlsx", kind="activities"):
    return client.post(
        reverse("imports:upload", kwargs={"slug": twinning.slug}),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
    )


def latest_job() -> ImportJob:
    return ImportJob.objects.order_by("-created_at").first()


def commit(client, job: ImportJob):
    return client.post(reverse("imports:commit", kwargs={"slug": job.twinning.slug, "pk": job.pk}))


def preview(client, job: ImportJob):
    return client.get(reverse("imports:preview", kwargs={"slug": job.twinning.slug, "pk": job.pk}))
