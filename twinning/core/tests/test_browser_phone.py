"""On a phone (375 × 812, as an iPhone's screen in CSS pixels), signed in as the coordinator:
home, the twinning page, the activity form and the plan page fit the screen's width (no
sideways scrolling), the navigation folds into a button that opens it, and every form field
has a label a screen reader can read. Screenshots go to test-results/."""

import datetime

import pytest
from django.urls import reverse

from twinning.conftest import SCREENSHOTS, sign_in
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.tests.factories import (
    add_activity,
    add_beneficiaries,
    add_contribution,
    add_item,
    add_plan,
)
from twinning.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}

# The fields of the page that no label names: neither a <label for>, nor an enclosing <label>,
# nor aria-label / aria-labelledby / title.
UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => !(el.labels && el.labels.length)
                && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby')
                && !el.getAttribute('title'))
  .map(el => el.outerHTML.slice(0, 160))"""

# The elements that stick out to the right of the screen (to say what to fix when it fails).
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                && getComputedStyle(el).position !== 'fixed'
                && !el.closest('.table-responsive, .visually-hidden, .collapse:not(.show)'))
  .slice(0, 5).map(el => el.tagName + '.' + el.className + ' ' + el.getBoundingClientRect().right)"""


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(30_000)


@pytest.fixture
def world(settings):
    world = World.build()
    plan = add_plan(world.twinning, 2024)
    for title in ("Trao quà Tết cho 50 hộ nghèo có hoàn cảnh đặc biệt khó khăn", "Tặng vở"):
        add_item(plan, title, budget_vnd=12_500_000)
    for n in range(3):
        activity = add_activity(
            world.twinning,
            f"Tặng khẩu trang vải phòng dịch COVID-19 cho người dân thôn {n + 1}",
            start_date=datetime.date(2024, 3, 5 + n),
        )
        add_contribution(
            activity, world.sponsor, quantity=600, unit_value_vnd=8_000, value_vnd=4_800_000
        )
        add_beneficiaries(activity, "poor_households", 20 + n)
    poor = Indicator.objects.get_or_create(
        code="poor_household_rate", defaults={"name": "Tỷ lệ hộ nghèo", "unit": "percent"}
    )[0]
    for year, value in [(2020, 26), (2022, 22.9), (2024, 19.8)]:
        IndicatorValue.objects.create(
            admin_unit=world.commune, indicator=poor, year=year, value=value
        )
    return world


def pages(world) -> dict[str, str]:
    slug = world.twinning.slug
    return {
        "home": reverse("accounts:home"),
        "twinning": reverse("programmes:twinning", args=[slug]),
        "activity-form": reverse("activities:create", args=[slug]),
        "plan": reverse("programmes:plan", args=[slug, 2024]),
    }


@pytest.fixture
def phone(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.mark.parametrize("name", ["home", "twinning", "activity-form", "plan"])
def test_the_page_fits_a_phone_and_labels_every_field(phone, world, name):
    sign_in(phone, world.coordinator.username, PASSWORD)
    phone.goto(pages(world)[name])
    phone.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)

    width = phone.evaluate("window.innerWidth")
    assert width == 375
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, phone.evaluate(TOO_WIDE)
    assert phone.evaluate(UNLABELLED) == []

    # The navigation is folded behind its button, which opens it.
    toggler = phone.locator(".navbar-toggler")
    assert toggler.is_visible()
    links = phone.locator(".navbar-collapse .nav-link").first
    assert not links.is_visible()
    toggler.click()
    phone.locator(".navbar-collapse.show").wait_for()
    links.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    # Opened, the navigation still fits the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    phone.screenshot(path=str(SCREENSHOTS / f"phone-{name}-menu.png"))
