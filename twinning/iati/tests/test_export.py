import datetime
from decimal import Decimal

import pytest
from lxml import etree

from twinning.activities.models import Activity
from twinning.core.choices import Category
from twinning.iati import export, identifiers, validation
from twinning.iati.validation import schema_errors
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.organisations.models import Organisation
from twinning.public.tests.helpers import CONFIRMED_AT, record

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

    assert schema_errors(xml) == []
    assert parse(xml).get("version") == "2.03"


def test_it_writes_a_programme_file_that_points_to_its_twinnings_without_repeating_them(
    recorded,
):
    xml = export.programme_file(recorded.programme)

    assert schema_errors(xml) == []
    root = parse(xml)
    [programme] = root.findall("iati-activity")  # the twinnings are published in their own files
    assert programme.get("hierarchy") == "1"
    children = programme.findall("related-activity[@type='2']")
    assert {c.get("ref") for c in children} == {
        export.twinning_identifier(recorded.twinning),
        export.twinning_identifier(recorded.other_twinning),
    }
    assert not programme.findall("transaction")
    # the sectors of the programme's published work: health 4.8M and gifts 1.2M
    assert {s.get("code"): s.get("percentage") for s in programme.findall("sector")} == {
        "12250": "80",
        "16010": "20",
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

    assert schema_errors(broken)


def test_it_serves_the_files_to_anyone(client, recorded):
    response = client.get(f"/iati/twinnings/{recorded.twinning.slug}.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert schema_errors(response.content) == []
    response = client.get(f"/iati/programmes/{recorded.programme.slug}.xml")
    assert response.status_code == 200
    assert client.get("/iati/twinnings/nothing-here.xml").status_code == 404


def test_it_validates_the_demo_files_and_names_no_recipient():
    from twinning.activities.models import Recipient
    from twinning.demo.loader import load_demo

    twinning = load_demo()
    names = list(Recipient.objects.values_list("full_name", flat=True))

    for xml in (export.twinning_file(twinning), export.programme_file(twinning.programme)):
        assert schema_errors(xml) == []
        text = xml.decode()
        assert not [name for name in names if name in text]
    activity = parse(export.twinning_file(twinning)).find("iati-activity")
    assert len(activity.findall("location")) == 2  # the commune as signed, and today's
    assert activity.findall("result/indicator")


def ruleset_errors(xml: bytes) -> list[validation.Finding]:
    return validation.errors(validation.validate(xml))


def test_it_gives_every_activity_a_sector_and_keeps_work_without_a_value(recorded):
    Activity.objects.create(
        twinning=recorded.twinning,
        category="infrastructure",
        title="Lắp đèn năng lượng mặt trời (công của Sở)",
        start_date=datetime.date(2021, 6, 1),
        status=Activity.Status.DONE,
        confirmation=Activity.Confirmation.CONFIRMED,
        confirmed_at=CONFIRMED_AT,
        published=True,
    )

    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    sectors = {s.get("code"): int(s.get("percentage")) for s in activity.findall("sector")}
    assert sectors == {"12250": 79, "16010": 20, "23630": 1}  # electricity kept without a value
    other = parse(export.twinning_file(recorded.other_twinning)).find("iati-activity")
    assert [(s.get("code"), s.get("percentage")) for s in other.findall("sector")] == [
        ("43010", "100")  # nothing published yet: multisector
    ]


def test_the_current_sponsor_reports_and_the_identifier_stays_that_of_the_first(recorded, settings):
    successor = Organisation.objects.create(
        name="Sở Công Thương tỉnh Lâm Đồng", kind="provincial_agency"
    )
    recorded.sponsor.succeeded_by = successor
    recorded.sponsor.save(update_fields=["succeeded_by"])
    settings.IATI_ORGANISATION_IDENTIFIERS = {
        recorded.sponsor.slug: "VN-COA-H49.12",
        successor.slug: "VN-COA-H36.15",
    }
    twinning = export.twinnings().get(pk=recorded.twinning.pk)

    xml = export.twinning_file(twinning)
    activity = parse(xml).find("iati-activity")

    assert activity.findtext("iati-identifier") == f"VN-COA-H49.12-{twinning.slug}"
    assert activity.find("reporting-org").get("ref") == "VN-COA-H36.15"
    assert activity.find("reporting-org").findtext("narrative") == successor.name
    previous = activity.find("other-identifier")
    assert (previous.get("ref"), previous.get("type")) == ("VN-COA-H49.12", "B1")
    roles = {
        (o.findtext("narrative"), o.get("role")) for o in activity.findall("participating-org")
    }
    assert (successor.name, "2") in roles
    findings = validation.validate(xml)
    assert [f for f in findings if f.rule in ("TW-2", "TW-3")] == []
    assert not validation.errors(findings)


def test_it_names_unregistered_organisations_without_a_made_up_reference(recorded, settings):
    settings.IATI_ORGANISATION_IDENTIFIERS = {recorded.sponsor.slug: "VN-COA-H49.12"}

    activity = parse(export.twinning_file(recorded.twinning)).find("iati-activity")

    by_name = {o.findtext("narrative"): o.get("ref") for o in activity.iter("participating-org")}
    assert by_name[recorded.sponsor.name] == "VN-COA-H49.12"
    assert by_name[recorded.partner.name] is None  # the commune's committee: no code configured
    assert by_name[recorded.business.name] is None  # a business: named, never a made-up number
    providers = activity.findall("transaction/provider-org")
    assert {p.get("ref") for p in providers} == {"VN-COA-H49.12", None}


def test_it_warns_while_the_reporting_organisation_is_not_registered(recorded):
    findings = validation.validate(export.twinning_file(recorded.twinning))

    assert not validation.errors(findings)
    [warning] = [f for f in findings if f.rule == "TW-3"]
    assert warning.severity == "warning"
    assert identifiers.placeholder_identifier(recorded.sponsor) in warning.message


def test_a_twinning_signed_in_the_future_has_a_planned_start(recorded):
    recorded.twinning.signed_on = datetime.date.today() + datetime.timedelta(days=30)
    recorded.twinning.save(update_fields=["signed_on"])

    xml = export.twinning_file(recorded.twinning)

    activity = parse(xml).find("iati-activity")
    assert activity.find("activity-date").get("type") == "1"
    assert ruleset_errors(xml) == []


def test_it_writes_an_organisation_file_with_what_the_sponsor_gave_per_year(recorded):
    xml = export.organisation_file(recorded.sponsor)

    assert schema_errors(xml) == []
    assert ruleset_errors(xml) == []
    organisation = parse(xml).find("iati-organisation")
    assert organisation.findtext("organisation-identifier") == (
        identifiers.reporting_identifier(recorded.sponsor)
    )
    spent = {
        e.find("period-start").get("iso-date"): int(e.findtext("value"))
        for e in organisation.findall("total-expenditure")
    }
    assert spent == {"2020-01-01": 4_800_000}  # the business's gifts are not the sponsor's


def test_the_ruleset_catches_what_it_is_for():
    broken = b"""<iati-activities version="2.03">
      <iati-activity default-currency="VND">
        <iati-identifier>XX-A/1</iati-identifier>
        <reporting-org ref="XX-A" type="10"><narrative>A</narrative></reporting-org>
        <title><narrative>T</narrative></title>
        <participating-org role="1"/>
        <activity-status code="2"/>
        <activity-date type="2" iso-date="2999-01-01"/>
        <recipient-country code="VN" percentage="60"/>
        <sector code="11220" percentage="50"/>
      </iati-activity></iati-activities>"""

    rules = {f.rule for f in validation.validate(broken, today=datetime.date(2026, 1, 1))}

    assert {
        "//iati-activity date_order #3",  # actual start in the future
        "//iati-activity regex_matches #1",  # "/" in the identifier
        "//iati-activity sum #1",  # countries add up to 60 %
        "//participating-org atleast_one #1",  # neither @ref nor a name
        "TW-1",  # sectors add up to 50 %
    } <= rules
    assert "//iati-activity atleast_one #2" not in rules  # it has a sector
    assert "schema" in rules  # participating-org needs a narrative or a ref... and more


def test_every_rule_type_of_the_ruleset_is_checked():
    kinds = {kind for by_kind in validation.ruleset().values() for kind in by_kind}

    assert kinds <= set(validation.RULE_TYPES)
    assert sum(len(r["cases"]) for k in validation.ruleset().values() for r in k.values()) == 24


def test_every_demo_file_passes_the_schema_and_the_ruleset():
    from twinning.demo.loader import load_demo
    from twinning.programmes.models import Programme

    load_demo()
    files = [export.twinning_file(t) for t in export.twinnings()]
    files += [export.programme_file(p) for p in Programme.objects.all()]
    files += [export.organisation_file(o) for o in export.reporting_organisations()]

    assert len(files) > 10
    for xml in files:
        assert validation.errors(validation.validate(xml)) == [], xml[:300]
    reporters = {o.slug for o in export.reporting_organisations()}
    assert "sct-lam-dong" in reporters and "sct-binh-thuan" not in reporters
