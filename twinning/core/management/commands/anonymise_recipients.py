"""`twinning anonymise_recipients`: apply the retention period to named recipients (run daily)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from twinning.core.retention import anonymise_recipients


class Command(BaseCommand):
    help = (
        "Anonymise the named recipients of activities older than RECIPIENT_RETENTION_YEARS "
        "(name and village removed, history too); counts by group and values stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help=f"Retention in years (default: {settings.RECIPIENT_RETENTION_YEARS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, years=None, dry_run=False, **options):
        if years is not None and years < 1:
            raise CommandError("--years must be at least 1.")
        outcome = anonymise_recipients(years, dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {outcome.recipients} recipients and {outcome.history_rows} history rows "
            f"of support given before {outcome.cutoff.isoformat()}."
        )
