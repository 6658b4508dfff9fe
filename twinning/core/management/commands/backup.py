"""`twinning backup [-o FILE]`: a verified copy of the database, safe while the app runs."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from twinning.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump) with a manifest "
        "of row counts and a checksum per table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, help="The backup file (default: var/backups/...tar)."
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        try:
            result = backup.backup(output, using=database)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {result.rows} rows in {result.tables} tables ({result.engine}) to "
            f"{result.path} in {result.seconds:.2f} s."
        )
