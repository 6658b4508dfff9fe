"""Fixtures the page tests of several apps share (imported by name where they are used)."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash the test users' passwords quickly: argon2 makes building the world slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
