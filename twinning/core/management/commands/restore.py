"""`twinning restore FILE`: put a backup back and prove it, table by table."""

from pathlib import Path

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from twinning.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `twinning backup` into the database (its current content is "
        "replaced), then check every table's row count and checksum against the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Restore nothing: compare the database as it is with the backup's manifest.",
        )

    def handle(self, *args, file, database="default", verify_only=False, **options):
        if not file.exists():
            raise CommandError(f"{file} does not exist.")
        try:
            if verify_only:
                mismatches = backup.verify(file, using=database)
            else:
                result = backup.restore(file, using=database)
                mismatches = result.mismatches
                # The cache may hold pages built from what was just replaced.
                cache.clear()
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if mismatches:
            raise CommandError(
                "The database does not match the backup:\n  " + "\n  ".join(mismatches)
            )
        if verify_only:
            self.stdout.write("Verified: every table matches the backup.")
        else:
            self.stdout.write(
                f"Restored {result.rows} rows in {result.tables} tables from {file} in "
                f"{result.seconds:.2f} s; every table matches the backup."
            )
