import pytest

from twinning.conftest import sign_in
from twinning.testing import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_in_and_lists_the_twinning(page):
    world = World.build()
    sign_in(page, world.coordinator.username, PASSWORD)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_text("Đông Giang").first.is_visible()
