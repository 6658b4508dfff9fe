"""The IATI files as served, the page of their checks, and the `iati_export` command."""

import pytest
from django.core.management import CommandError, call_command
from lxml import etree

from twinning.iati import export
from twinning.public.tests.helpers import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world):
    record(world.twinning, world.sponsor, "Tặng khẩu trang", 4_800_000)
    record(world.twinning, world.business, "Tặng quà Tết", 1_200_000, category="gifts")
    return world


def test_it_serves_the_organisation_file_of_a_reporting_organisation_to_anyone(client, recorded):
    response = client.get(f"/iati/organisations/{recorded.sponsor.slug}.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = etree.fromstring(response.content)
    assert root.tag == "iati-organisations"
    assert root.find("iati-organisation/name/narrative").text == recorded.sponsor.name
    # a business gives but does not report: it has no organisation file
    assert client.get(f"/iati/organisations/{recorded.business.slug}.xml").status_code == 404


def test_a_file_that_fails_its_checks_is_not_served_but_explained(client, recorded, settings):
    settings.IATI_ORGANISATION_IDENTIFIERS = {recorded.sponsor.slug: "VN-COA-12?34"}

    response = client.get(
        f"/iati/twinnings/{recorded.twinning.slug}.xml", HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "//iati-activity regex_matches #1" in page
    assert "VN-COA-12?34" in page


def test_the_files_page_lists_each_file_with_what_its_checks_found(client, recorded):
    client.force_login(recorded.coordinator)

    response = client.get("/iati/")

    assert response.status_code == 200
    page = response.content.decode()
    for name in (
        f"iati-twinning-{recorded.twinning.slug}.xml",
        f"iati-programme-{recorded.programme.slug}.xml",
        f"iati-organisation-{recorded.sponsor.slug}.xml",
    ):
        assert f'data-iati-file="{name}" data-errors="0" data-warnings="1"' in page
    assert "TW-3" in page  # the sponsor has no registered identifier yet


def test_the_files_page_shows_only_the_twinnings_the_user_sees(client, recorded):
    client.force_login(recorded.outsider)

    page = client.get("/iati/").content.decode()

    assert f"iati-twinning-{recorded.other_twinning.slug}.xml" in page
    assert f"iati-twinning-{recorded.twinning.slug}.xml" not in page


def test_the_files_page_needs_a_sign_in(client, recorded):
    assert client.get("/iati/").status_code == 302


def test_the_command_writes_the_valid_files_and_reports_warnings(recorded, tmp_path, capsys):
    call_command("iati_export", output=tmp_path)

    written = sorted(p.name for p in tmp_path.iterdir())
    assert f"iati-twinning-{recorded.twinning.slug}.xml" in written
    assert f"iati-organisation-{recorded.sponsor.slug}.xml" in written
    assert len(written) == 2 + 1 + 2  # two twinnings, their programme, their two sponsors
    out = capsys.readouterr().out
    assert "TW-3" in out


def test_the_command_fails_and_writes_nothing_invalid(recorded, tmp_path, settings, capsys):
    settings.IATI_ORGANISATION_IDENTIFIERS = {recorded.sponsor.slug: "VN-COA-12?34"}

    with pytest.raises(CommandError):
        call_command("iati_export", output=tmp_path, twinning=recorded.twinning.slug)

    assert f"iati-twinning-{recorded.twinning.slug}.xml" not in {p.name for p in tmp_path.iterdir()}
    assert "regex_matches" in capsys.readouterr().out


def test_the_twinning_files_hold_the_programme_as_parent(recorded):
    activity = etree.fromstring(export.twinning_file(recorded.twinning)).find("iati-activity")

    assert activity.find("related-activity[@type='1']").get("ref") == (
        export.programme_identifier(recorded.programme)
    )
