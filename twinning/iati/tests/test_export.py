import datetime
from decimal import Decimal

import pytest
from lxml import etree

from twinning.core.choices import Category
from twinning.iati import export
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.public.tests.helpers import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world):
    record(world.twinning, world.sponsor, "Tặng khẩu trang", 4_800_000)
    record(
        world.twinning,
        world.business,
        "Tặng quà Tết",
        1_200_000,
        day=datetime.date(2021, 2, 1),
        category="gifts",
    )
    record(world.twinning, world.business, "Chưa công bố", 700_000, published=False)
    poor = Indicator.objects.create(
        code="poor_rate",
        name="Tỷ lệ hộ nghèo",
        name_en="Poor households",
        unit="percent",
        higher_is_better=False,
    )
    for year, value in [(2016, "32.5"), (2020, "18.2"), (2023, "9.1")]:
        IndicatorValue.objects.create(
            admin_unit=world.commune, indicator=poor, year=year, value=Decimal(value)
        )
    return world


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml)


def test_it_writes_a_twinning_file_that_validates_against_the_iati_203_schema(recorded):
    xml = export.twinning_file(recorded.twinning)

    assert export.schema_errors(xml) == []
    assert parse(xml).get("version") == "2.03"


def test_it_writes_a_programme_file_that_validates(recorded):
    xml = export.programme_file(recorded.programme)

    assert export.schema_errors(xml) == []
    root = parse(xml)
    assert len(root.findall("iati-activity")) == 3  # the programme and its two twinnings
    children = root.findall("iati-activity[1]/related-activity[@type='2']")
    assert {c.get("ref") for c in children} == {
        export.twinning_identifier(recorded.twinning),
        export.twinning_identifier(recorded.other_twinning),
    }


def test_it_writes_one_transaction_in_vnd_per_published_contribution(recorded):
    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    values = activity.findall("transaction/value")
    assert sorted(int(v.text) for v in values) == [1_200_000, 4_800_000]
    assert all(v.get("currency") == "VND" and v.get("value-date") for v in values)
    assert activity.get("default-currency") == "VND"
    providers = {p.findtext("narrative") for p in activity.findall("transaction/provider-org")}
    assert providers == {recorded.sponsor.name, recorded.business.name}
    assert "700000" not in etree.tostring(activity).decode()


def test_it_names_the_participating_organisations_with_their_roles(recorded):
    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    roles = {
        (org.findtext("narrative"), org.get("role"))
        for org in activity.findall("participating-org")
    }
    assert (recorded.sponsor.name, "1") in roles
    assert (recorded.sponsor.name, "2") in roles
    assert (recorded.partner.name, "4") in roles
    assert (recorded.business.name, "1") in roles


def test_it_gives_dates_location_codes_and_sectors(recorded):
    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    assert activity.find("activity-date[@type='2']").get("iso-date") == "2016-08-01"
    location = activity.find("location")
    assert location.get("ref") == "VN-GSO-60-597-23074"
    assert "23074" in location.findtext("description/narrative")
    assert location.find("administrative").get("code") == "VN"
    sectors = {s.get("code"): int(s.get("percentage")) for s in activity.findall("sector")}
    assert sectors == {"12250": 80, "16010": 20}  # health 4.8M, gifts 1.2M


def test_it_reports_the_communes_indicators_as_results(recorded):
    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    indicator = activity.find("result/indicator")
    assert indicator.get("measure") == "2"
    assert indicator.get("ascending") == "0"
    assert indicator.find("baseline").get("year") == "2016"
    assert [p.find("actual").get("value") for p in indicator.findall("period")] == ["18.2", "9.1"]


def test_it_maps_every_category_to_a_dac_five_digit_code():
    assert set(export.SECTORS) == set(Category.values)
    assert all(len(code) == 5 and code.isdigit() for code in export.SECTORS.values())


def test_it_splits_sectors_into_whole_percentages_adding_up_to_100():
    from twinning.reports.queries import CategoryRow, ValueSplit

    rows = [CategoryRow(c, c, 1, ValueSplit(total=1)) for c in ("health", "gifts", "trade")]

    shares = export.sector_shares(rows)

    assert sum(share for _code, share in shares) == 100
    assert sorted(share for _code, share in shares) == [33, 33, 34]


def test_it_notices_an_invalid_file():
    broken = b'<iati-activities version="2.03"><iati-activity/></iati-activities>'

    assert export.schema_errors(broken)


def test_it_serves_the_files_to_anyone(client, recorded):
    response = client.get(f"/iati/twinnings/{recorded.twinning.slug}.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert export.schema_errors(response.content) == []
    response = client.get(f"/iati/programmes/{recorded.programme.slug}.xml")
    assert response.status_code == 200
    assert client.get("/iati/twinnings/nothing-here.xml").status_code == 404


def test_it_validates_the_demo_files_and_names_no_recipient():
    from twinning.activities.models import Recipient
    from twinning.demo.loader import load_demo

    twinning = load_demo()
    names = list(Recipient.objects.values_list("full_name", flat=True))

    for xml in (export.twinning_file(twinning), export.programme_file(twinning.programme)):
        assert export.schema_errors(xml) == []
        text = xml.decode()
        assert not [name for name in names if name in text]
    activity = parse(export.twinning_file(twinning)).find("iati-activity")
    assert len(activity.findall("location")) == 2  # the commune as signed, and today's
    assert activity.findall("result/indicator")
