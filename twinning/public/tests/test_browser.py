"""The demo twinning's public page in a real browser: Arabic right to left, and Vietnamese."""

import pytest

from twinning.core.formatting import format_vnd
from twinning.demo.loader import load_demo
from twinning.reports.queries import public_totals


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_shows_the_demo_twinning_in_arabic_and_in_vietnamese(page):
    twinning = load_demo()
    totals = public_totals(twinning)
    assert totals.value.total > 0

    page.goto(f"/public/ar/twinnings/{twinning.slug}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    figure = page.locator('[data-figure="total-value"]')
    assert figure.inner_text().strip() == format_vnd(totals.value.total, "ar")
    # Right to left: the figure's card sits at the right-hand side of its row.
    box = page.locator('[data-figure="total-value"]').bounding_box()
    assert box["x"] > 1280 / 2
    # The charts are drawn (Chart.js marks the canvas it has drawn on).
    page.wait_for_function("document.querySelectorAll('canvas[data-drawn]').length === 2")

    page.click('a[hreflang="vi"]')
    page.wait_for_url(f"**/public/vi/twinnings/{twinning.slug}/")
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.locator('[data-figure="total-value"]').inner_text().strip() == format_vnd(
        totals.value.total, "vi"
    )
    assert page.locator('[data-figure="activities"]').inner_text().strip() == str(totals.activities)
