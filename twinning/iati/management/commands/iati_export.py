"""`twinning iati_export`: make every IATI file, check it, and write it to a folder."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from twinning.iati import export
from twinning.iati.publishing import checked, every_file


class Command(BaseCommand):
    help = _(
        "Make the IATI files of every twinning, programme and reporting organisation, check "
        "them against the IATI 2.03 schema and the IATI Standard Ruleset, and write the valid "
        "ones to a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", type=Path, help=_("Folder to write the files to (default: none).")
        )
        parser.add_argument(
            "--twinning", help=_("Only the files of this twinning (short address).")
        )

    def handle(self, *args, output: Path | None = None, twinning: str | None = None, **options):
        twinnings = export.twinnings().order_by("slug")
        if twinning:
            twinnings = twinnings.filter(slug=twinning)
            if not twinnings:
                raise CommandError(_("No twinning %(key)s.") % {"key": twinning})
        if output:
            output.mkdir(parents=True, exist_ok=True)
        failed = warned = 0
        for kind, subject in every_file(twinnings):
            file = checked(kind, subject)
            if file.errors:
                failed += 1
                status = _("%(count)s error(s)") % {"count": len(file.errors)}
            else:
                status = _("valid")
                if output:
                    (output / file.filename).write_bytes(file.content)
            if file.warnings:
                warned += 1
                status += ", " + _("%(count)s warning(s)") % {"count": len(file.warnings)}
            self.stdout.write(f"{file.filename}: {status}")
            for finding in file.findings:
                label = _("error") if finding.is_error else _("warning")
                where = f" ({finding.where})" if finding.where else ""
                self.stdout.write(f"  {label} {finding.rule}: {finding.message}{where}")
        if failed:
            raise CommandError(
                _("%(count)s IATI file(s) have errors and were not written.") % {"count": failed}
            )
        self.stdout.write(_("Every IATI file passes the schema and the IATI Standard Ruleset."))
