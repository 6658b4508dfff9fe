"""Pages of the reports other than the twinning report: the province summary of a programme,
plan versus actual for a year, and a contributor's statement; on screen and as Word, Excel, PDF
and CSV files.

Access through twinning.access: a user who may see none of it gets 404; a download needs
Capability.EXPORT_SUMMARY on the twinnings it covers (403 otherwise). A business may always take
its own statement: what it gave is its own record.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from twinning import access
from twinning.access import Capability
from twinning.reports import renderers
from twinning.reports.forms import LanguageForm, SpanForm, StatementForm
from twinning.reports.tables import table_context

TABLE_FORMATS = [("docx", "Word"), ("xlsx", "Excel"), ("pdf", "PDF"), ("csv", "CSV")]


def _download(document, file_format: str) -> HttpResponse:
    content, content_type, name = renderers.render_tables(document, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _check_format(file_format: str) -> None:
    if file_format not in dict(TABLE_FORMATS):
        raise Http404


def _page(request, context: dict, *, status: int = 200) -> HttpResponse:
    document = context.get("document")
    if document is not None:
        context["tables"] = [table_context(t, document.language) for t in document.tables]
        if context.get("can_export"):
            name, args = context.pop("download")
            query = context.get("query", "")
            context["downloads"] = [
                (f"{reverse(name, args=[*args, code])}?{query}", label)
                for code, label in context.get("formats", TABLE_FORMATS)
            ]
    return render(request, "reports/tables_page.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# Province summary


def _programme(user, key: str):
    """Return the programme (by id or slug) and the twinnings of it the user sees; 404 if none."""
    from twinning.programmes.models import Programme

    lookup = Q(pk=int(key)) if key.isdigit() else Q(slug=key)
    programme = Programme.objects.filter(lookup).select_related("province").first()
    if programme is None:
        raise Http404
    twinnings = access.visible_twinnings(user).filter(programme=programme)
    if not twinnings.exists():
        raise Http404
    return programme, twinnings


def _exportable(user, programme):
    return access.twinnings_with(user, Capability.EXPORT_SUMMARY).filter(programme=programme)


@require_GET
@login_required
def province_summary(request: HttpRequest, key: str) -> HttpResponse:
    """Return the summary of a programme's twinnings (those the user sees): a row per twinning,
    totals by category and by year, for the chosen years."""
    from twinning.reports.province_summary import build_province_summary

    programme, twinnings = _programme(request.user, key)
    form = SpanForm(request.GET)
    context = {
        "title": _("Province summary"),
        "heading": programme.name,
        "back": (reverse("programmes:overview"), _("Overview of the twinnings")),
        "form": form,
        "download": ("reports:province_download", [programme.pk]),
        "can_export": _exportable(request.user, programme).exists(),
    }
    if not form.is_valid():
        return _page(request, context, status=400)
    data = form.cleaned_data
    context["query"] = form.query()
    context["document"] = build_province_summary(
        programme, twinnings, data["year_from"], data["year_to"], data["lang"]
    )
    return _page(request, context)


@require_GET
@login_required
def province_summary_download(request: HttpRequest, key: str, file_format: str) -> HttpResponse:
    """Return the province summary of the twinnings the user may export, as a file."""
    from twinning.reports.province_summary import build_province_summary

    _check_format(file_format)
    programme, _twinnings = _programme(request.user, key)
    exportable = _exportable(request.user, programme)
    if not exportable.exists():
        raise PermissionDenied
    form = SpanForm(request.GET)
    if not form.is_valid():
        return province_summary(request, key)
    data = form.cleaned_data
    document = build_province_summary(
        programme, exportable, data["year_from"], data["year_to"], data["lang"]
    )
    return _download(document, file_format)


# ---------------------------------------------------------------------------------------------
# Plan versus actual


def _plan(user, slug: str, year: int):
    from twinning.programmes.models import AnnualPlan

    found = access.get_twinning_for_user(user, slug)
    plan = AnnualPlan.objects.filter(twinning=found.twinning, year=year).first()
    if plan is None:
        raise Http404
    plan.twinning = found.twinning
    return found, plan


@require_GET
@login_required
def plan_versus_actual(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Return the plan of a year against what was done, item by item, and what was done
    outside the plan."""
    from twinning.reports.province_summary import build_plan_versus_actual

    found, plan = _plan(request.user, slug, year)
    form = LanguageForm(request.GET)
    twinning = found.twinning
    context = {
        "title": _("Plan versus actual, %(year)s") % {"year": year},
        "heading": f"{twinning.sponsor.name} — {twinning.partner_unit}",
        "back": (
            reverse("programmes:plan", args=[twinning.slug, year]),
            _("Plan %(year)s") % {"year": year},
        ),
        "form": form,
        "download": ("reports:plan_download", [twinning.slug, year]),
        "can_export": found.can(Capability.EXPORT_SUMMARY),
    }
    if not form.is_valid():
        return _page(request, context, status=400)
    context["query"] = f"lang={form.cleaned_data['lang']}"
    context["document"] = build_plan_versus_actual(plan, form.cleaned_data["lang"])
    return _page(request, context)


@require_GET
@login_required
def plan_versus_actual_download(
    request: HttpRequest, slug: str, year: int, file_format: str
) -> HttpResponse:
    from twinning.reports.province_summary import build_plan_versus_actual

    _check_format(file_format)
    found, plan = _plan(request.user, slug, year)
    if not found.can(Capability.EXPORT_SUMMARY):
        raise PermissionDenied
    form = LanguageForm(request.GET)
    if not form.is_valid():
        return plan_versus_actual(request, slug, year)
    return _download(build_plan_versus_actual(plan, form.cleaned_data["lang"]), file_format)


# ---------------------------------------------------------------------------------------------
# A contributor's statement


def statement_contributions(user, slug: str, data: dict | None = None):
    """Return (organisation, the delivered contributions the user sees, those the user may
    export). 404 if the user sees none; the caller raises 403 when none may be exported."""
    from twinning.activities.models import Contribution

    organisation = access.get_organisation_for_user(user, slug)
    visible = access.visible_contributions(user).filter(
        contributor_id__in=organisation.lineage_ids(), status=Contribution.Status.DELIVERED
    )
    if data:
        if data.get("year_from"):
            visible = visible.filter(activity__start_date__year__gte=data["year_from"])
        if data.get("year_to"):
            visible = visible.filter(activity__start_date__year__lte=data["year_to"])
    if not visible.exists():
        raise Http404
    own = access.contributor_organisations(user)
    exportable = visible.filter(
        Q(contributor_id__in=own)
        | Q(
            activity__twinning__in=access.twinnings_with(user, Capability.EXPORT_SUMMARY).values(
                "pk"
            )
        )
    )
    return organisation, visible, exportable


def signing_department(user):
    """Return the department that signs a letter of thanks the user makes: the user's own
    sponsoring department (a coordinator, approver or viewer of it), or None (a business, an
    overseer: the letter then covers the whole province)."""
    from twinning.organisations.models import Organisation

    scope = access.scope_for(user)
    ids = sorted({pk for group in scope.sponsor_orgs.values() for pk in group})
    if not ids:
        return None
    # Of the department and the bodies it succeeded, the newest (the one still acting).
    return (
        Organisation.objects.filter(pk__in=ids)
        .select_related("admin_unit")
        .order_by(F("valid_until").desc(nulls_first=True), "-pk")
        .first()
    )


@require_GET
@login_required
def contributor_statement(request: HttpRequest, slug: str) -> HttpResponse:
    """Return a business's statement: what it gave, when, where it went, to which groups."""
    from twinning.reports.contributor_statement import build_statement, statement_document

    form = StatementForm(request.GET)
    valid = form.is_valid()
    organisation, visible, exportable = statement_contributions(
        request.user, slug, form.cleaned_data if valid else None
    )
    context = {
        "title": _("Statement of contributions"),
        "heading": organisation.name,
        "back": (reverse("organisations:detail", args=[organisation.slug]), organisation.name),
        "form": form,
        "download": ("reports:statement_download", [organisation.slug]),
        "can_export": exportable.exists(),
    }
    if not valid:
        return _page(request, context, status=400)
    context["query"] = form.query()
    data = form.cleaned_data
    statement = build_statement(
        organisation, visible, language=data["lang"], signer=signing_department(request.user),
        issued_on=data.get("issued_on"), number=data.get("number") or "",
    )  # fmt: skip
    context["document"] = statement_document(statement)
    context["formats"] = [
        ("docx", _("Word (letter of thanks)")),
        *[(code, label) for code, label in TABLE_FORMATS if code != "docx"],
    ]
    return _page(request, context)


@require_GET
@login_required
def contributor_statement_download(
    request: HttpRequest, slug: str, file_format: str
) -> HttpResponse:
    """Return the statement as a file: Word is the letter of thanks with its table."""
    from twinning.reports.contributor_statement import (
        build_statement,
        render_statement_docx,
        statement_document,
    )

    _check_format(file_format)
    form = StatementForm(request.GET)
    if not form.is_valid():
        return contributor_statement(request, slug)
    organisation, _visible, exportable = statement_contributions(
        request.user, slug, form.cleaned_data
    )
    if not exportable.exists():
        raise PermissionDenied
    data = form.cleaned_data
    statement = build_statement(
        organisation, exportable, language=data["lang"], signer=signing_department(request.user),
        issued_on=data.get("issued_on"), number=data.get("number") or "",
    )  # fmt: skip
    if file_format == "docx":
        response = HttpResponse(
            render_statement_docx(statement), content_type=renderers.FORMATS["docx"][1]
        )
        response["Content-Disposition"] = f'attachment; filename="{statement.file_stem}.docx"'
        return response
    return _download(statement_document(statement), file_format)
