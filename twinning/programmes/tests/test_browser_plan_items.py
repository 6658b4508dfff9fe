"""In a real browser: plan items are added and edited in place (HTMX), charts are drawn."""

import datetime

import pytest
from django.urls import reverse

from twinning.conftest import sign_in
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.models import PlanItem
from twinning.programmes.tests.factories import add_activity, add_contribution, add_plan
from twinning.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def patient(page):
    # A loaded machine (CI running several suites) can take more than 10 s for a first page.
    page.set_default_timeout(30_000)


@pytest.fixture
def world(settings):
    return World.build()


def test_the_coordinator_adds_and_edits_items_without_reloading(page, world):
    add_plan(world.twinning, 2025)
    sign_in(page, world.coordinator.username, PASSWORD)
    page.goto(reverse("programmes:plan", args=[world.twinning.slug, 2025]))
    page.evaluate("window.notReloaded = true")

    form = page.locator("#plan-item-add")
    form.get_by_label("Title").fill("Tặng vở cho học sinh nghèo")
    form.get_by_label("Category").select_option("education")
    form.get_by_label("Budget (VND)").fill("12,5 triệu")
    form.get_by_role("button", name="Add the item").click()
    page.locator("#plan-item-add .invalid-feedback").get_by_text("Enter a whole number").wait_for()
    assert page.locator("#plan-item-add").get_by_label("Title").input_value() == (
        "Tặng vở cho học sinh nghèo"
    )

    page.locator("#plan-item-add").get_by_label("Budget (VND)").fill("12.000.000")
    page.locator("#plan-item-add").get_by_role("button", name="Add the item").click()
    item_row = page.locator("#plan-items .plan-item").filter(has_text="Tặng vở cho học sinh nghèo")
    item_row.wait_for()
    assert page.locator("#plan-item-add").get_by_label("Title").input_value() == ""
    assert page.locator("#plan-items-empty").count() == 0

    item_row.get_by_role("link", name="Edit").click()
    editing = page.locator("#plan-items form")
    editing.get_by_label("Title").fill("Tặng 1.500 quyển vở")
    editing.get_by_role("button", name="Save").click()
    page.locator("#plan-items .plan-item").filter(has_text="Tặng 1.500 quyển vở").wait_for()

    assert page.evaluate("window.notReloaded") is True
    item = PlanItem.objects.get()
    assert (item.title, item.budget_vnd, item.version) == ("Tặng 1.500 quyển vở", 12_000_000, 2)


def test_the_twinning_page_draws_its_charts(page, world):
    # A transactional test starts from empty tables: the reference indicators are gone.
    poor, _ = Indicator.objects.get_or_create(
        code="poor_and_near_poor_rate",
        defaults={"name": "Tỷ lệ hộ nghèo và cận nghèo", "unit": "percent"},
    )
    for year, value in [(2016, 45), (2020, 41), (2023, 38)]:
        IndicatorValue.objects.create(
            admin_unit=world.commune, indicator=poor, year=year, value=value
        )
    masks = add_activity(world.twinning, "Khẩu trang", start_date=datetime.date(2020, 4, 1))
    add_contribution(masks, world.sponsor, quantity=600, unit_value_vnd=8_000)
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, world.viewer.username, PASSWORD)
    page.goto(reverse("programmes:twinning", args=[world.twinning.slug]))
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn]').length === 2")
    assert errors == []
