"""Configuration comes from the environment, and a bad value stops the process at start-up."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from twinning.env import env_bool, env_choice, env_int, env_list, env_str


def test_it_reads_booleans_and_refuses_typos(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="FLAG='ture' is not a boolean"):
        env_bool("FLAG")


def test_it_reads_integers_with_a_minimum(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 3, minimum=1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        env_int("N", 3)
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum 1"):
        env_int("N", 3, minimum=1)


def test_it_reads_lists_choices_and_required_strings(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example , ,b.example")
    assert env_list("HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("MODE", "staging")
    with pytest.raises(ImproperlyConfigured, match="must be one of: development, production"):
        env_choice("MODE", ("development", "production"), "development")
    monkeypatch.delenv("MISSING", raising=False)
    assert env_str("MISSING", "fallback") == "fallback"
    with pytest.raises(ImproperlyConfigured, match="MISSING must be set"):
        env_str("MISSING", required=True)


def run_settings(**env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with the given environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import twinning.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(TWINNING_MODE="production", ALLOWED_HOSTS="twinning.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings(TWINNING_MODE="production", SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_debug():
    result = run_settings(
        TWINNING_MODE="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a", DEBUG="1"
    )
    assert "DEBUG must be off" in result.stderr


def test_an_unknown_mode_is_refused():
    result = run_settings(TWINNING_MODE="staging")
    assert "TWINNING_MODE='staging' must be one of" in result.stderr


def _storage_of(**env) -> str:
    code = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        "s = storages['default']\n"
        "print(type(s).__name__, "
        "getattr(s, 'bucket_name', '-'), getattr(s, 'endpoint_url', '-'), "
        "getattr(s, 'location', '-'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "twinning.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_uploads_go_to_s3_compatible_storage_when_a_bucket_is_set():
    shown = _storage_of(
        S3_BUCKET="twinning-files",
        S3_ENDPOINT_URL="https://s3.example.vn",
        S3_PREFIX="lam-dong",
    )
    assert shown == "S3Storage twinning-files https://s3.example.vn lam-dong"


def test_uploads_stay_in_the_media_folder_without_a_bucket():
    assert _storage_of(S3_BUCKET="").startswith("FileSystemStorage")
