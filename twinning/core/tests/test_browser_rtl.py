"""In the browser: switching to Arabic with the switcher mirrors the layout (the navigation starts
on the right) on the demo's twinning page and on the activity form; screenshots are kept in
test-results/ (ar-twinning.png, ar-activity-form.png)."""

import pytest
from playwright.sync_api import expect

from twinning.accounts.models import Profile
from twinning.conftest import SCREENSHOTS, sign_in
from twinning.demo.loader import DEMO_PASSWORD, load_accounts, load_demo
from twinning.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    twinning = load_demo()
    load_accounts({o.slug: o for o in Organisation.objects.all()})
    return twinning


def switch_to(page, language: str) -> None:
    """Choose the language in the navigation's switcher, as a person would."""
    page.locator("#nav").evaluate("nav => nav.classList.add('show')")  # in case it is collapsed
    with page.expect_navigation():
        page.select_option("#language-switcher", language)
    expect(page.locator("html")).to_have_attribute("lang", language)


def brand_centre(page) -> float:
    box = page.locator(".navbar-brand").bounding_box()
    return box["x"] + box["width"] / 2


def test_arabic_mirrors_the_twinning_page_and_the_activity_form(page, live_server, demo):
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    sign_in(page, "coordinator", DEMO_PASSWORD)
    width = page.viewport_size["width"]
    SCREENSHOTS.mkdir(exist_ok=True)

    page.goto(f"/twinnings/{demo.slug}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert brand_centre(page) < width / 2
    switch_to(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.url.endswith(f"/twinnings/{demo.slug}/")  # back on the same page
    assert brand_centre(page) > width / 2
    # Bootstrap's right-to-left stylesheet; the Latin title "sponsor — commune" is isolated
    # and keeps its own reading order (the sponsor first, on the left), not reversed.
    assert page.locator("link[href*='bootstrap.rtl.min.css']").count() == 1
    title = page.get_by_test_id("twinning-title")
    expect(title).to_have_text(f"{demo.sponsor.name} — {demo.partner_unit}")
    sponsor, _dash, commune = (s.bounding_box() for s in title.locator("span").all())
    assert sponsor["x"] < commune["x"]
    page.screenshot(path=str(SCREENSHOTS / "ar-twinning.png"), full_page=True)
    assert Profile.objects.get(user__username="coordinator").language == "ar"

    # The activity form: switch to English (left to right), then back to Arabic.
    page.goto(f"/twinnings/{demo.slug}/activities/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    switch_to(page, "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    assert brand_centre(page) < width / 2
    switch_to(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert brand_centre(page) > width / 2
    # Labels start on the right: the title's label ends near the form's right edge.
    label = page.locator("label[for=id_title]").bounding_box()
    field = page.locator("#id_title").bounding_box()
    assert label["x"] + label["width"] > field["x"] + field["width"] / 2
    # The date is typed as dd/mm/yyyy and reads left to right.
    date = page.locator("#id_start_date")
    assert date.evaluate("e => getComputedStyle(e).direction") == "ltr"
    page.screenshot(path=str(SCREENSHOTS / "ar-activity-form.png"), full_page=True)
    assert Profile.objects.get(user__username="coordinator").language == "ar"
