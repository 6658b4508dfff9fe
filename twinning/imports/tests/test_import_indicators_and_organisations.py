"""Indicator values of the partner commune, and organisations, from a spreadsheet."""

from decimal import Decimal

import pytest

from twinning.core.choices import Provenance
from twinning.imports.models import ImportJob
from twinning.imports.tests.helpers import commit, latest_job, sign_in, upload, xlsx_bytes
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.organisations.models import Organisation

INDICATOR_HEADER = ["indicator", "year", "value", "is_lower_bound", "note"]


@pytest.fixture
def poor_rate(db):
    return Indicator.objects.create(
        code="test_poor_rate",
        name="Tỷ lệ hộ nghèo (thử)",
        name_en="Poor rate (test)",
        unit="percent",
    )


def test_the_commune_officer_imports_indicator_values(client, world, poor_rate):
    rows = [
        ["test_poor_rate", 2020, "12,5", "", "census"],
        ["Poor rate (test)", 2021, 9.75, "yes", ""],
    ]
    sign_in(client, world.commune_officer)
    upload(client, world.twinning, xlsx_bytes(rows, INDICATOR_HEADER), "rates.xlsx", "indicators")
    job = latest_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    values = IndicatorValue.objects.filter(admin_unit=world.commune).order_by("year")
    assert [v.value for v in values] == [Decimal("12.5"), Decimal("9.75")]
    assert values[1].is_lower_bound and values[0].note == "census"
    assert values[0].provenance == Provenance.IMPORTED
    assert values[0].provenance_detail == "rates.xlsx, row 2"
    assert values[0].history.get().history_user == world.commune_officer


def test_indicator_errors_are_reported(client, world, poor_rate):
    IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=poor_rate, year=2019, value=Decimal("20")
    )
    rows = [
        ["test_poor_rate", 2019, 25, "", ""],  # another value is recorded
        ["test_poor_rate", 2020, 140, "", ""],  # not a percentage
        ["unknown", 2020, 1, "", ""],
        ["test_poor_rate", 1800, 1, "", ""],
        ["test_poor_rate", 2022, 1, "maybe", ""],
    ]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, INDICATOR_HEADER), "rates.xlsx", "indicators")
    job = latest_job()
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (2, "value", "indicator_conflict"),
        (3, "value", "percent_range"),
        (4, "indicator", "unknown_indicator"),
        (5, "year", "year_range"),
        (6, "is_lower_bound", "bad_yesno"),
    ]
    assert IndicatorValue.objects.count() == 1


def test_an_equal_value_already_recorded_is_skipped(client, world, poor_rate):
    IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=poor_rate, year=2019, value=Decimal("20")
    )
    rows = [["test_poor_rate", 2019, 20, "", ""], ["test_poor_rate", 2020, 18, "", ""]]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, INDICATOR_HEADER), "r.xlsx", "indicators")
    commit(client, latest_job())
    assert IndicatorValue.objects.count() == 2


ORGANISATION_HEADER = ["name", "short_name", "kind", "tax_code", "email"]


def test_the_coordinator_imports_organisations_and_skips_known_ones(client, world):
    rows = [
        ["Công ty CP Điện Lực Miền Nam", "ĐLMN", "Business", "3400000099", "info@example.com"],
        ["Hội Chữ thập đỏ tỉnh", "", "association", "", ""],
        ["Công ty TNHH Ánh Dương", "", "business", "", ""],  # already recorded
    ]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, ORGANISATION_HEADER), "o.xlsx", "organisations")
    job = latest_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.summary["counts"] == {"organisations": 2, "skipped_rows": 1}
    commit(client, job)
    power = Organisation.objects.get(tax_code="3400000099")
    assert power.kind == "business" and power.slug == "dlmn"
    assert power.provenance == Provenance.IMPORTED
    assert Organisation.objects.filter(name="Hội Chữ thập đỏ tỉnh").exists()


def test_organisation_errors_are_reported(client, world):
    rows = [
        ["A", "", "spaceship", "", "not-an-address"],
        ["B", "", "business", "1", ""],
        ["B", "", "business", "", ""],
    ]
    sign_in(client, world.coordinator)
    upload(client, world.twinning, xlsx_bytes(rows, ORGANISATION_HEADER), "o.xlsx", "organisations")
    job = latest_job()
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [
        (2, "kind", "bad_choice"),
        (2, "email", "bad_email"),
        (4, "name", "organisation_repeated"),
    ]
