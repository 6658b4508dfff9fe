"""The project as a whole: migrations complete, checks clean, the console command works."""

import io

import pytest
from django.core.management import call_command

from twinning.cli import main


@pytest.mark.django_db
def test_it_has_no_pending_migrations():
    out = io.StringIO()
    # --check exits non-zero (SystemExit) when a model change lacks its migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_it_passes_the_system_checks():
    call_command("check", fail_level="WARNING")


def test_the_console_command_runs_django_commands(capsys):
    main(["twinning", "help", "migrate"])
    assert "usage: twinning migrate" in capsys.readouterr().out
