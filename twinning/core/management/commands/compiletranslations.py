"""Compile the project's .po files to .mo with Babel, so no system gettext is needed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from twinning.bundle import compile_catalogues


class Command(BaseCommand):
    help = "Compile twinning/locale/*/LC_MESSAGES/*.po into .mo files (only those out of date)."

    def handle(self, *args, **options):
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            try:
                compiled += compile_catalogues(Path(locale_dir))
            except ValueError as exc:  # a broken .po stops the build, with its name
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"{compiled} translation file(s) compiled.")
