"""Organisations: who acts in the twinnings, and what a contributor gave and where it went.

Only organisations connected to what the user may see are listed (`access.visible_organisations`),
and an organisation's page shows only the contributions the user may see
(`access.visible_contributions`): a business sees everything it gave, a department what went to
its own twinnings.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from twinning import access
from twinning.core.text import vn_order
from twinning.organisations.forms import OrganisationFilterForm
from twinning.reports import queries

LIST_PAGE_SIZE = 25
STATEMENT_PAGE_SIZE = 50


@require_GET
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Return the organisations the user may look up, searchable and filtered by kind."""
    organisations = access.visible_organisations(request.user).select_related("admin_unit")
    filters = OrganisationFilterForm(request.GET)
    if filters.is_valid():
        q = filters.cleaned_data.get("q")
        if q:
            organisations = organisations.filter(
                Q(name__icontains=q) | Q(short_name__icontains=q) | Q(tax_code__startswith=q)
            )
        if filters.cleaned_data.get("kind"):
            organisations = organisations.filter(kind=filters.cleaned_data["kind"])
    page = Paginator(organisations.order_by(vn_order("name"), "pk"), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"filters": filters, "page_obj": page}
    template = (
        "organisations/_organisation_table.html"
        if request.htmx and request.htmx.target == "organisation-table"
        else "organisations/organisation_list.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


@require_GET
@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Return an organisation's page: who it is, its twinnings, and its statement (what it
    gave, when, to which twinnings and activities, places and groups of beneficiaries)."""
    organisation = access.get_organisation_for_user(request.user, slug)
    lineage = organisation.lineage_ids()
    twinnings = (
        access.visible_twinnings(request.user)
        .filter(Q(sponsor_id__in=lineage) | Q(partner_organisation_id__in=lineage))
        .select_related("sponsor", "partner_unit", "programme")
        .order_by("signed_on")
    )
    given = access.visible_contributions(request.user).filter(contributor_id__in=lineage)
    totals = queries.statement_totals(given)
    page = Paginator(queries.statement_contributions(given), STATEMENT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    lines = queries.statement_lines(page.object_list)
    # A business sees what it gave in every twinning, but may open only the twinnings it is a
    # party to: the other activities are listed without a link that would end in a 404.
    openable = set(
        access.visible_twinnings(request.user)
        .filter(pk__in={line.activity.twinning_id for line in lines})
        .values_list("pk", flat=True)
    )
    context = {
        "organisation": organisation,
        "twinnings": twinnings,
        "totals": totals,
        "page_obj": page,
        "lines": lines,
        "openable": openable,
        "is_own": bool(lineage & (access.contributor_organisations(request.user) or set())),
    }
    return render(request, "organisations/organisation_detail.html", context)
