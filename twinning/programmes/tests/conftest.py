import pytest

from twinning.programmes.tests.factories import add_item, add_plan
from twinning.programmes.tests.fixtures import (  # noqa: F401
    english_by_default,
)


@pytest.fixture
def plan(world):
    """A draft plan for 2025 of the Department's twinning with Đông Giang, with one item."""
    plan = add_plan(world.twinning, 2025)
    add_item(plan, "Trao quà Tết cho gia đình chính sách", target_quantity=50, target_unit="suất")
    return plan


@pytest.fixture
def submitted_plan(world):
    """A plan for 2025 submitted for approval, with one item."""
    plan = add_plan(world.twinning, 2025, status="submitted")
    add_item(plan, "Trung thu cho thiếu nhi", category="festival")
    return plan
