"""`twinning report`: make a report without a browser.

twinning report --list
twinning report --twinning sct-dong-giang --from 2016 --to 2023 --format docx --lang vi -o r.docx
twinning report --province-summary --programme ket-nghia-nq04-binh-thuan --format xlsx -o p.xlsx
"""

from __future__ import annotations

import datetime
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from twinning.programmes.models import Programme, Twinning
from twinning.reports import renderers
from twinning.reports.models import ReportDraft
from twinning.reports.twinning_report import AS_IT_IS, AS_IT_WAS, build_report


class Command(BaseCommand):
    help = _("Make a twinning report or a province summary as Word, Excel, PDF or CSV.")

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help=_("List the twinnings."))
        parser.add_argument("--twinning", help=_("Id or slug of the twinning."))
        parser.add_argument("--province-summary", action="store_true")
        parser.add_argument(
            "--contributor",
            help=_("Slug of a contributor: its statement with a thank-you letter (docx)."),
        )
        parser.add_argument("--programme", help=_("Slug of the programme (province summary)."))
        parser.add_argument(
            "--plan", type=int, metavar="YEAR", help=_("Plan versus actual of the year.")
        )
        parser.add_argument("--from", dest="year_from", type=int)
        parser.add_argument("--to", dest="year_to", type=int)
        parser.add_argument("--format", default="docx", choices=sorted(renderers.FORMATS))
        parser.add_argument("--lang", default="vi", choices=["vi", "en", "ar"])
        parser.add_argument(
            "--scope",
            default="as-it-was",
            choices=["as-it-was", "as-it-is"],
            help=_("Units of the time, or today's units with merged communes added in."),
        )
        parser.add_argument("--number", help=_('Document number, e.g. "5" or "05/BC-SCT".'))
        parser.add_argument("--date", help=_("Date of issue, YYYY-MM-DD (default: today)."))
        parser.add_argument("-o", "--output", help=_("File to write (default: standard output)."))

    def handle(self, *args, **options):
        if options["list"]:
            return self._list()
        started = time.monotonic()
        if options["province_summary"]:
            content, name = self._province(options)
        elif options["plan"]:
            content, name = self._plan(options)
        elif options["contributor"]:
            content, name = self._contributor(options)
        else:
            content, name = self._twinning(options)
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(
                _("Wrote %(name)s (%(size)d bytes) in %(seconds).1f s")
                % {
                    "name": options["output"],
                    "size": len(content),
                    "seconds": time.monotonic() - started,
                }
            )
        else:
            sys.stdout.buffer.write(content)
        return None

    def _list(self):
        for twinning in Twinning.objects.select_related("sponsor", "partner_unit", "programme"):
            self.stdout.write(
                f"{twinning.pk}\t{twinning.slug}\t{twinning.sponsor.name} — {twinning.partner_unit}"
                f"\t{twinning.programme.slug}"
            )

    def _twinning(self, options):
        key = options["twinning"]
        if not key:
            raise CommandError(_("Give --twinning ID-OR-SLUG (see --list)."))
        lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
        twinning = (
            Twinning.objects.select_related("programme", "sponsor", "partner_unit")
            .filter(**lookup)
            .first()
        )
        if twinning is None:
            raise CommandError(_("No twinning %(key)s (see --list).") % {"key": key})
        year_from = options["year_from"] or twinning.signed_on.year
        year_to = options["year_to"] or datetime.date.today().year
        if year_to < year_from:
            raise CommandError(_("--to must not be before --from."))
        scope = AS_IT_IS if options["scope"] == "as-it-is" else AS_IT_WAS
        draft = ReportDraft.objects.filter(
            twinning=twinning,
            year_from=year_from,
            year_to=year_to,
            language=options["lang"],
            scope=scope,
        ).first() or ReportDraft(twinning=twinning, year_from=year_from, year_to=year_to)
        if options["number"]:
            draft.document_number = options["number"]
        if options["date"]:
            draft.issued_on = datetime.date.fromisoformat(options["date"])
        report = build_report(
            twinning, year_from, year_to, language=options["lang"], scope=scope, draft=draft
        )
        content, _type, name = renderers.render(report, options["format"])
        return content, name

    def _plan(self, options):
        from twinning.programmes.models import AnnualPlan
        from twinning.reports.province_summary import build_plan_versus_actual

        key = options["twinning"] or ""
        lookup = {"twinning_id": int(key)} if key.isdigit() else {"twinning__slug": key}
        plan = AnnualPlan.objects.filter(year=options["plan"], **lookup).first()
        if plan is None:
            raise CommandError(
                _("No plan of that twinning for %(year)s.") % {"year": options["plan"]}
            )
        document = build_plan_versus_actual(plan, options["lang"])
        return self._tables(document, options["format"])

    def _tables(self, document, file_format):
        from twinning.reports.province_summary import render_tables_docx
        from twinning.reports.render_tables import render_csv_zip, render_xlsx

        renderer = {"xlsx": render_xlsx, "csv": render_csv_zip, "docx": render_tables_docx}.get(
            file_format
        )
        if renderer is None:
            raise CommandError(_("This report is made as xlsx, csv or docx."))
        return renderer(document), document.file_stem

    def _contributor(self, options):
        from twinning.activities.models import Contribution
        from twinning.organisations.models import Organisation
        from twinning.reports.contributor_statement import build_statement, render_statement_docx

        organisation = Organisation.objects.filter(slug=options["contributor"]).first()
        if organisation is None:
            raise CommandError(_("No organisation %(slug)s.") % {"slug": options["contributor"]})
        contributions = Contribution.objects.filter(
            contributor_id__in=organisation.lineage_ids(), status=Contribution.Status.DELIVERED
        )
        if options["year_from"]:
            contributions = contributions.filter(
                activity__start_date__year__gte=options["year_from"]
            )
        if options["year_to"]:
            contributions = contributions.filter(activity__start_date__year__lte=options["year_to"])
        if options["twinning"]:
            key = options["twinning"]
            contributions = contributions.filter(
                **(
                    {"activity__twinning_id": int(key)}
                    if key.isdigit()
                    else {"activity__twinning__slug": key}
                )
            )
        issued = datetime.date.fromisoformat(options["date"]) if options["date"] else None
        statement = build_statement(
            organisation, contributions, language=options["lang"], issued_on=issued,
            number=options["number"] or "",
        )  # fmt: skip
        return render_statement_docx(statement), f"{statement.file_stem}.docx"

    def _province(self, options):
        from twinning.reports.province_summary import build_province_summary, render_tables_docx
        from twinning.reports.render_tables import render_csv_zip, render_xlsx

        programme = Programme.objects.filter(slug=options["programme"] or "").first()
        if programme is None:
            raise CommandError(_("Give --programme SLUG of an existing programme."))
        document = build_province_summary(
            programme,
            Twinning.objects.filter(programme=programme),
            options["year_from"],
            options["year_to"],
            options["lang"],
        )
        renderer = {
            "xlsx": render_xlsx,
            "csv": render_csv_zip,
            "docx": render_tables_docx,
        }.get(options["format"])
        if renderer is None:
            raise CommandError(_("The province summary is made as xlsx, csv or docx."))
        return renderer(document), document.file_stem
