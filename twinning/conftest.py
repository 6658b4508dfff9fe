import pytest

from twinning.testing import World


@pytest.fixture
def world(db) -> World:
    """Return the small test world (two twinnings, one user per role)."""
    return World.build()
