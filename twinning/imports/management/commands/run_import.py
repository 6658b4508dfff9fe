"""`twinning run_import <id>` runs one import in the background; `--pending` runs every queued
one (for deployments where the web process may not start processes: run it from a timer)."""

from django.core.management.base import BaseCommand, CommandError

from twinning.imports import jobs
from twinning.imports.models import ImportJob


class Command(BaseCommand):
    help = "Run a queued spreadsheet import (its checks or its commit)."

    def add_arguments(self, parser):
        parser.add_argument("job_ids", nargs="*")
        parser.add_argument("--pending", action="store_true", help="Run every queued import.")

    def handle(self, *args, job_ids, pending, **options):
        if pending:
            queued = ImportJob.objects.filter(
                status__in=[ImportJob.Status.CHECK_QUEUED, ImportJob.Status.COMMIT_QUEUED]
            ).order_by("created_at")
            job_ids = [str(pk) for pk in queued.values_list("pk", flat=True)]
        if not job_ids:
            raise CommandError("Give an import's id, or --pending.")
        for job_id in job_ids:
            job = ImportJob.objects.filter(pk=job_id).first()
            if job is None:
                raise CommandError(f"No import {job_id}.")
            jobs.run(job)
            self.stdout.write(f"{job.pk}: {job.status}")
