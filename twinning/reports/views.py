"""Report pages: the twinning report on screen, its editable texts, and its downloads.

Access through twinning.access: a user who may not see the twinning gets 404; exports need
Capability.EXPORT_SUMMARY and editing the texts Capability.EDIT or APPROVE (403 otherwise).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from twinning import access
from twinning.access import Capability
from twinning.reports import renderers
from twinning.reports.charts import chart_png
from twinning.reports.forms import ReportChoiceForm, ReportDraftForm
from twinning.reports.models import ReportDraft
from twinning.reports.tables import section_context, table_context
from twinning.reports.twinning_report import build_report


def _choice(request: HttpRequest, twinning) -> dict:
    form = ReportChoiceForm(request.GET, twinning)
    if not form.is_valid():
        raise Http404
    return form.cleaned_data


def _draft(twinning, choice: dict) -> ReportDraft | None:
    return ReportDraft.objects.filter(
        twinning=twinning,
        year_from=choice["year_from"],
        year_to=choice["year_to"],
        language=choice["lang"],
        scope=choice["scope"],
    ).first()


def _report(twinning, choice: dict):
    return build_report(
        twinning,
        choice["year_from"],
        choice["year_to"],
        language=choice["lang"],
        scope=choice["scope"],
        draft=_draft(twinning, choice),
    )


@require_GET
@login_required
def twinning_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the report page: the chosen span on screen, with downloads and the texts' form."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    twinning = twinning_access.twinning
    form = ReportChoiceForm(request.GET, twinning)
    choice = form.cleaned_data if form.is_valid() else None
    context = {"twinning": twinning, "access": twinning_access, "form": form}
    if choice:
        report = _report(twinning, choice)
        query = urlencode({k: choice[k] for k in ("year_from", "year_to", "lang", "scope")})
        context.update(
            report=report,
            query=query,
            appendix=table_context(report.appendix, report.language),
            sections=[section_context(s, report) for s in report.sections],
            can_export=twinning_access.can(Capability.EXPORT_SUMMARY),
            can_edit=twinning_access.can_edit or twinning_access.can_approve,
            formats=[("docx", "Word"), ("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV")],
        )
    return render(request, "reports/twinning_report.html", context)


@require_GET
@login_required
def twinning_report_download(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """Return the report as a file (Word, PDF, Excel, or a zip of CSV files)."""
    if file_format not in renderers.FORMATS:
        raise Http404
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, Capability.EXPORT_SUMMARY)
    twinning = twinning_access.twinning
    report = _report(twinning, _choice(request, twinning))
    content, content_type, name = renderers.render(report, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def twinning_report_chart(request: HttpRequest, slug: str, chart: str) -> HttpResponse:
    """Return one chart of the report as a PNG image."""
    twinning = access.get_twinning_for_user(request.user, slug).twinning
    report = _report(twinning, _choice(request, twinning))
    data = report.charts.get(chart)
    if data is None or not data.series:
        raise Http404
    return HttpResponse(chart_png(data), content_type="image/png")


@login_required
@require_http_methods(["GET", "POST"])
def twinning_report_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the form of the report's texts; on POST save them with the report."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    if not (twinning_access.can_edit or twinning_access.can_approve):
        raise PermissionDenied
    twinning = twinning_access.twinning
    choice = _choice(request, twinning)
    draft = _draft(twinning, choice) or ReportDraft(
        twinning=twinning,
        year_from=choice["year_from"],
        year_to=choice["year_to"],
        language=choice["lang"],
        scope=choice["scope"],
    )
    if request.method == "POST":
        form = ReportDraftForm(request.POST, instance=draft)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.updated_by = request.user
            saved.save()
            query = urlencode({k: choice[k] for k in ("year_from", "year_to", "lang", "scope")})
            return redirect(f"{reverse('reports:twinning', args=[twinning.slug])}?{query}")
    else:
        if draft.pk is None:
            # Start from the texts drafted from the data, so the department edits, not writes.
            report = _report(twinning, choice)
            draft.subject = report.subject
            draft.legal_bases = "\n".join(report.legal_bases)
            draft.situation = "\n".join(report.sections[0].paragraphs)
            draft.assessment = "\n".join(report.sections[2].paragraphs)
            draft.direction = "\n".join(report.sections[3].paragraphs)
            draft.recommendations = "\n".join(report.sections[4].paragraphs)
            draft.signer_authority = report.signer_authority
            draft.signer_title = report.signer_title
            draft.signer_name = report.signer_name
            draft.recipients = "\n".join(report.recipients)
            draft.issued_on = report.issued_on
        form = ReportDraftForm(instance=draft)
    return render(
        request,
        "reports/twinning_report_edit.html",
        {"twinning": twinning, "form": form, "choice": choice, "title": _("The report's texts")},
    )


@require_GET
@login_required
def contributor_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """Return a contributor's statement with a thank-you letter (Word): the contributions of
    the organisation (and of the bodies it succeeded) that the user may export (pages.py says
    which: 404 if the user sees none, 403 if none may be exported)."""
    from twinning.reports.contributor_statement import build_statement, render_statement_docx
    from twinning.reports.pages import statement_contributions

    language = request.GET.get("lang", "vi")
    if language not in ("vi", "en", "ar"):
        raise Http404
    from twinning.reports.pages import signing_department

    organisation, _visible, exportable = statement_contributions(request.user, slug)
    if not exportable.exists():
        raise PermissionDenied
    statement = build_statement(
        organisation, exportable, language=language, signer=signing_department(request.user)
    )
    response = HttpResponse(
        render_statement_docx(statement), content_type=renderers.FORMATS["docx"][1]
    )
    response["Content-Disposition"] = f'attachment; filename="{statement.file_stem}.docx"'
    return response
