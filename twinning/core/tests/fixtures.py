"""Fixtures shared by the foundation's tests; a test module imports what it uses."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash the world's passwords with a fast hasher: argon2 costs about a second per world,
    and these tests are about rules and access, not about password storage. Autouse within
    the modules that import it, and only there."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
