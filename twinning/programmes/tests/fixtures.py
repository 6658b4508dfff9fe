"""Fixtures the page tests of several apps share (imported by name where they are used)."""

import pytest


@pytest.fixture(autouse=True)
def english_by_default(client):
    """Have the test client's browser ask for English, so that assertions read the English
    source strings whatever translations are compiled (a request that passes
    HTTP_ACCEPT_LANGUAGE="vi" still gets Vietnamese)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
