import pytest


@pytest.fixture(autouse=True)
def import_settings(settings, tmp_path):
    """Keep uploads in a temporary folder and run background work in the test's own thread."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_WORKER = "manual"
    settings.LANGUAGE_CODE = "en"
    return settings
