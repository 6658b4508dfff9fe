"""In the browser: a coordinator records the 600 masks, adding the contribution row in place
(HTMX, no reload); the commune officer confirms; the coordinator sees the confirmation."""

import re

import pytest
from playwright.sync_api import expect

from twinning.activities.models import Activity
from twinning.conftest import sign_in
from twinning.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_in_vietnamese(page, live_server):
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])


def sign_in_as(page, live_server, user):
    page.context.clear_cookies()
    read_in_vietnamese(page, live_server)
    sign_in(page, user.username, PASSWORD)


def test_it_records_masks_that_the_commune_then_confirms(page, live_server):
    world = World.build()
    sign_in_as(page, live_server, world.coordinator)

    page.goto(f"/twinnings/{world.twinning.slug}/activities/new/")
    page.evaluate("window.formNotReloaded = true")
    page.select_option("#id_category", "health")
    page.fill("#id_title", "Tặng 600 khẩu trang vải kháng khuẩn")
    page.fill("#id_start_date", "10/04/2020")
    page.select_option("#id_occasion", "epidemic")

    page.click("[data-add-row=contributions]")
    row = page.locator("#contributions-0-row")
    expect(row).to_be_visible()
    assert page.evaluate("window.formNotReloaded") is True  # added in place
    expect(page.locator("#id_contributions-TOTAL_FORMS")).to_have_value("1")
    row.locator("#id_contributions-0-contributor").select_option(str(world.sponsor.pk))
    row.locator("#id_contributions-0-kind").select_option("in_kind")
    row.locator("#id_contributions-0-item").fill("Khẩu trang vải kháng khuẩn")
    row.locator("#id_contributions-0-quantity").fill("600")
    row.locator("#id_contributions-0-unit").fill("chiếc")
    row.locator("#id_contributions-0-unit_value_vnd").fill("8000")
    expect(row.locator("#id_contributions-0-value_vnd")).to_have_attribute(
        "placeholder", "4.800.000"
    )
    row.locator("#id_contributions-0-value_vnd").fill("4800000")

    # A second row, added and then removed in place: it is marked for removal, not sent.
    page.click("[data-add-row=contributions]")
    spare = page.locator("#contributions-1-row")
    spare.locator("#id_contributions-1-item").fill("thừa")
    spare.locator("label[for=id_contributions-1-DELETE]").click()
    expect(spare.locator("#id_contributions-1-item")).to_be_hidden()
    expect(page.locator("#id_contributions-TOTAL_FORMS")).to_have_value("2")
    assert page.evaluate("window.formNotReloaded") is True
    page.click("#activity-save")

    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    expect(page.locator("[data-total]")).to_have_text("4.800.000 đ")
    activity = Activity.objects.get()
    assert activity.contributions.get().origin == "direct"

    sign_in_as(page, live_server, world.commune_officer)
    page.goto(f"/activities/{activity.pk}/")
    page.evaluate("window.pageNotReloaded = true")
    page.fill("#id_confirm-received_on", "12/04/2020")
    page.fill("#id_confirm-note", "Đã nhận đủ 600 chiếc")
    page.locator("#confirmation form[action$='/confirm/'] button[type=submit]").click()
    expect(page.locator("#confirmation [data-confirmation=confirmed]")).to_be_visible()
    expect(page.locator("#header-confirmation [data-confirmation=confirmed]")).to_be_visible()
    assert page.evaluate("window.pageNotReloaded") is True  # answered in place

    sign_in_as(page, live_server, world.coordinator)
    page.goto(f"/activities/{activity.pk}/")
    expect(page.locator("#confirmation [data-confirmation=confirmed]")).to_be_visible()
    expect(page.locator("#confirmation")).to_contain_text("12/04/2020")
    expect(page.locator("#confirmation")).to_contain_text("Đã nhận đủ 600 chiếc")
