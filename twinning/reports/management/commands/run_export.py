"""`twinning run_export <id>` writes one large export in the background; `--pending` writes
every queued one (for deployments where the web process may not start processes: run it from a
timer). Both first delete the exports older than EXPORT_RETENTION_DAYS."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from twinning.reports import export_jobs
from twinning.reports.models import ExportJob


class Command(BaseCommand):
    help = "Write a queued export (every activity or contribution) and delete old ones."

    def add_arguments(self, parser):
        parser.add_argument("job_ids", nargs="*")
        parser.add_argument("--pending", action="store_true", help="Run every queued export.")
        parser.add_argument(
            "--purge-only", action="store_true", help="Only delete the old exports."
        )

    def handle(self, *args, job_ids, pending, purge_only, **options):
        purged = export_jobs.purge_old()
        if purged:
            self.stdout.write(f"{purged} old export(s) deleted.")
        if purge_only:
            return
        if pending:
            queued = ExportJob.objects.filter(status=ExportJob.Status.QUEUED).order_by("created_at")
            job_ids = [str(pk) for pk in queued.values_list("pk", flat=True)]
            if not job_ids:
                return
        if not job_ids:
            raise CommandError("Give an export's id, or --pending, or --purge-only.")
        for job_id in job_ids:
            try:
                job = ExportJob.objects.filter(pk=job_id).select_related("user").first()
            except ValidationError:  # not a UUID
                job = None
            if job is None:
                raise CommandError(f"No export {job_id}.")
            export_jobs.run(job)
            self.stdout.write(f"{job.pk}: {job.status}")
