"""Downloads that a spreadsheet program opens never carry a live formula (the OWASP guidance on
CSV injection): text entered through the activity form that begins with "=" comes out of every
such download as text, through the one neutraliser of core.formatting; numbers stay numbers,
negative ones included."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from twinning.activities.models import Activity
from twinning.activities.tests.helpers import add_rows, new_activity_data, sign_in
from twinning.core.formatting import neutralise_formula
from twinning.programmes.tests.factories import add_plan
from twinning.reports.tables import csv_cell

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example","x")'


def test_the_neutraliser_follows_the_owasp_guidance():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise_formula(f"{start}1+1") == f"'{start}1+1"
    assert neutralise_formula("Khẩu trang") == "Khẩu trang"
    assert neutralise_formula(-4_800_000) == -4_800_000  # a number stays a number
    assert neutralise_formula(Decimal("-1.5")) == Decimal("-1.5")
    assert (
        csv_cell(-4_800_000, "vnd") == "-4800000" and csv_cell(Decimal("-1.5"), "decimal") == "-1.5"
    )


@pytest.fixture
def evil(client, world):
    """An activity whose title and contribution item are formulas, entered through the form."""
    add_plan(world.twinning, 2020, status="approved")  # plan versus actual lists it as unplanned
    data = new_activity_data(title=EVIL, start_date="10/04/2020")
    add_rows(
        data,
        "contributions",
        {"contributor": world.business.pk, "kind": "in_kind", "item": EVIL, "quantity": "10",
         "unit": "chiếc", "unit_value_vnd": "8.000", "status": "delivered"},
    )  # fmt: skip
    response = sign_in(client, world.coordinator, language="vi").post(
        reverse("activities:create", args=[world.twinning.slug]), data
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title=EVIL)
    assert activity.contributions.get().item == EVIL  # stored as typed
    world.sponsor.name = EVIL  # a name that reaches the province summary (edited by an admin)
    world.sponsor.save(update_fields=["name"])
    return activity


def _downloads(world):
    """Return, for each download, who takes it and its address in a format."""
    slug, business = world.twinning.slug, world.business.slug
    report = "?year_from=2020&year_to=2020&lang=vi&scope=as_it_was"
    return {
        "twinning report": ("coordinator", lambda f: reverse("reports:twinning_download", args=[slug, f]) + report),
        "contributor statement": ("contributor", lambda f: reverse("reports:statement_download", args=[business, f])),
        "plan versus actual": ("coordinator", lambda f: reverse("reports:plan_download", args=[slug, 2020, f])),
        "province summary": ("overseer", lambda f: reverse("reports:province_download", args=[world.programme.pk, f])),
    }  # fmt: skip


def _texts_and_numbers_xlsx(content):
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    return cells


def test_no_download_carries_a_formula(client, world, evil):
    found = {}
    for name, (role, url) in _downloads(world).items():
        client.force_login(getattr(world, role))
        excel = client.get(url("xlsx"))
        assert excel.status_code == 200, name
        cells = _texts_and_numbers_xlsx(excel.content)
        evil_cells = [c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
        assert evil_cells, name  # the text is there ...
        for cell in evil_cells:  # ... as text, never as a formula
            assert cell.data_type == "s" and cell.value.startswith("'="), (name, cell.value)
        assert not [c for c in cells if c.data_type == "f"], name
        numbers = [c for c in cells if c.data_type == "n" and c.value is not None]
        assert numbers, name  # and numbers are still numbers
        archive = zipfile.ZipFile(io.BytesIO(client.get(url("csv")).content))
        values = []
        for member in archive.namelist():
            if member.endswith(".csv"):
                text = archive.read(member).decode("utf-8-sig")
                values += [v for row in csv.reader(io.StringIO(text)) for v in row]
        evil_values = [v for v in values if "HYPERLINK" in v]
        assert evil_values and all(v.startswith("'=") for v in evil_values), (name, evil_values)
        found[name] = len(evil_cells), len(evil_values)
    assert set(found) == set(_downloads(world))


def test_the_large_export_uses_the_same_neutraliser(world, evil, tmp_path):
    from twinning.reports import exports

    exports.export_activities_csv(None, tmp_path / "a.csv")
    with open(tmp_path / "a.csv", encoding="utf-8-sig") as handle:
        titles = [row[6] for row in csv.reader(handle)]
    assert neutralise_formula(EVIL) in titles
    assert datetime.date(2020, 4, 10).isoformat() in (tmp_path / "a.csv").read_text("utf-8-sig")
