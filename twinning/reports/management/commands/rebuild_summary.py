"""`twinning rebuild_summary`: rebuild the report summary from the base tables."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from twinning.reports import summary


class Command(BaseCommand):
    help = _("Rebuild the report summary from scratch and report any difference it corrected.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Only report the differences; change nothing (exit status 1 if any)."),
        )

    def handle(self, *args, check=False, **options):
        found = summary.differences() if check else summary.rebuild()
        for difference in found:
            self.stdout.write(
                _("%(table)s %(key)s: summary %(stored)s, base tables %(actual)s")
                % {
                    "table": difference.table,
                    "key": difference.key,
                    "stored": difference.stored,
                    "actual": difference.actual,
                }
            )
        if not found:
            self.stdout.write(_("The summary equals the base tables."))
        elif check:
            raise SystemExit(1)
        else:
            self.stdout.write(_("%(count)d differences corrected.") % {"count": len(found)})
