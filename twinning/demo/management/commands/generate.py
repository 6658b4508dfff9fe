"""`twinning generate --scale province|nation --seed N`: synthetic data for benchmarks."""

import time

from django.core.management.base import BaseCommand, CommandError

from twinning.core import markers
from twinning.demo.synthetic import SCALES, generate


class Command(BaseCommand):
    help = "Write deterministic synthetic twinnings (marked synthetic) at province or nation scale."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="province")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, scale, seed, quiet, **options):
        started = time.monotonic()
        try:
            counts = generate(scale, seed, verbose=not quiet)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Bulk inserts send no signals: new units and indicators change what cached commune
        # profiles were built from.
        markers.touch([markers.REFERENCE])
        summary = ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
        self.stdout.write(
            f"Synthetic {scale} (seed {seed}) in {time.monotonic() - started:.1f}s: {summary}"
        )
