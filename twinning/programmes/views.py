"""Pages of twinnings and their plans, and the province overview.

Every view reads through `access.py`: a twinning the user may not see is a 404, a change the
user's role does not allow is a 403. Figures come from `reports.queries`. Views that change data
accept POST only; HTMX requests get the fragment they swap in, other requests the whole page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from twinning import access
from twinning.access import Capability, TwinningAccess
from twinning.core import markers
from twinning.core.conflicts import conflicting_changes
from twinning.core.fragments import cached_fragment
from twinning.core.text import vn_order
from twinning.core.versioning import StaleVersion
from twinning.locks.locking import is_locked
from twinning.programmes import actions
from twinning.programmes.forms import (
    OverviewFilterForm,
    PlanItemForm,
    PlanStartForm,
    PlanVersionForm,
    TimelineFilterForm,
)
from twinning.programmes.history import history_entries
from twinning.programmes.models import AnnualPlan, PlanItem, Programme
from twinning.programmes.profile import commune_profile
from twinning.reports import queries

TIMELINE_PAGE_SIZE = 20
OVERVIEW_PAGE_SIZE = 50


def _get_plan_for_user(
    request: HttpRequest, slug: str, year: int, capability: Capability = Capability.VIEW
) -> tuple[AnnualPlan, TwinningAccess]:
    """Return the twinning's plan for `year` and the user's rights: 404 if the user may not see
    the twinning or there is no such plan, 403 without `capability`."""
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, capability)
    plan = (
        AnnualPlan.objects.filter(twinning=twinning_access.twinning, year=year)
        .select_related("submitted_by", "approved_by", "agreed_by")
        .first()
    )
    if plan is None:
        raise Http404
    plan.twinning = twinning_access.twinning  # already loaded with its parties
    return plan, twinning_access


def _get_item_for_user(
    request: HttpRequest, slug: str, year: int, pk: int
) -> tuple[PlanItem, TwinningAccess]:
    plan, twinning_access = _get_plan_for_user(request, slug, year, Capability.EDIT)
    item = PlanItem.objects.filter(plan=plan, pk=pk).first()
    if item is None:
        raise Http404
    item.plan = plan
    return item, twinning_access


def _plan_url(plan: AnnualPlan) -> str:
    return reverse("programmes:plan", args=[plan.twinning.slug, plan.year])


def _vary_on_htmx(response: HttpResponse) -> HttpResponse:
    # The same address returns a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


# ---------------------------------------------------------------------------------------------
# The twinning page


def _timeline_context(request: HttpRequest, twinning) -> dict:
    activities = access.visible_activities(request.user).filter(twinning=twinning)
    filters = TimelineFilterForm(request.GET, years=queries.activity_years(activities))
    timeline = queries.activity_timeline(filters.filter(activities))
    page = Paginator(timeline, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"filters": filters, "page_obj": page}


def _chart(kind: str, labels: list, datasets: list[dict], **options) -> dict:
    return {"type": kind, "labels": labels, "datasets": datasets, **options}


def _profile_context(twinning) -> dict:
    """What the commune's profile shows: the unit through its changes, indicators, ethnic
    composition."""
    trends = queries.indicator_trends([twinning.partner_unit_id])
    composition_year, composition = queries.latest_ethnic_composition(twinning.partner_unit_id)
    return {
        "profile": commune_profile(twinning.partner_unit),
        "trends": trends,
        "indicator_charts": {
            trend.indicator.code: _chart(
                "line",
                [point.year for point in trend.points],
                [
                    {
                        "label": str(trend.indicator),
                        "data": [float(point.value) for point in trend.points],
                    }
                ],
            )
            for trend in trends
            if len(trend.points) > 1 and trend.indicator.unit != "met"
        },
        "composition_year": composition_year,
        "composition": composition,
    }


def _totals_context(twinning) -> dict:
    """What the totals section shows: value and activities by category and year, beneficiaries."""
    totals = queries.twinning_totals(twinning)
    return {
        "totals": totals,
        "totals_chart": _chart(
            "bar",
            [row.year for row in totals.by_year],
            [
                {"label": _("Direct"), "data": [row.value.direct for row in totals.by_year]},
                {
                    "label": _("Mobilised"),
                    "data": [row.value.mobilised for row in totals.by_year],
                },
            ],
            stacked=True,
            money=True,
        ),
    }


@require_GET
@login_required
def twinning_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the twinning page: the parties, the commune's profile, the plans, the totals and
    the activities (only the activities when HTMX asks for the timeline)."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    twinning = twinning_access.twinning
    context = {"twinning": twinning, "access": twinning_access}
    context.update(_timeline_context(request, twinning))
    if request.htmx and request.htmx.target == "timeline":
        return _vary_on_htmx(render(request, "programmes/_timeline.html", context))

    # The profile and the totals do not depend on who looks: rendered once per change of their
    # data (core.fragments, keyed by the change markers), then served from the cache.
    tokens = markers.tokens([markers.twinning_scope(twinning.pk), markers.REFERENCE])
    profile_html = cached_fragment(
        "programmes/_twinning_profile.html",
        [twinning.partner_unit_id, tokens[markers.REFERENCE]],
        lambda: _profile_context(twinning),
    )
    totals_html = cached_fragment(
        "programmes/_twinning_totals.html",
        [
            twinning.pk,
            twinning.created_at.timestamp(),
            tokens[markers.twinning_scope(twinning.pk)],
        ],
        lambda: _totals_context(twinning),
    )
    plans = list(
        AnnualPlan.objects.filter(twinning=twinning)
        .annotate(item_count=Count("items"))
        .order_by("-year")
    )
    this_year = timezone.localdate().year
    context.update(
        {
            "profile_html": profile_html,
            "totals_html": totals_html,
            "plans": plans,
            # The plan to start next: this year's, or once it exists next year's (drafted
            # towards the end of the year).
            "start_year": next(
                (
                    year
                    for year in (this_year, this_year + 1)
                    if all(plan.year != year for plan in plans)
                ),
                None,
            ),
        }
    )
    return _vary_on_htmx(render(request, "programmes/twinning_detail.html", context))


# ---------------------------------------------------------------------------------------------
# The yearly plan


def _item_rows(plan: AnnualPlan) -> tuple[queries.PlanVersusActual, dict[int, object]]:
    versus = queries.plan_versus_actual(plan)
    return versus, {row.item.pk: row for row in versus.items}


def _item_fragment(
    request: HttpRequest, plan: AnnualPlan, twinning_access, row, *, error: str = ""
) -> str:
    return render_to_string(
        "programmes/_plan_item.html",
        {
            "row": row,
            "plan": plan,
            "twinning": plan.twinning,
            "access": twinning_access,
            "editable": twinning_access.can_edit
            and plan.status == AnnualPlan.Status.DRAFT
            and not is_locked(plan.twinning, plan.year),
            "item_error": error,
        },
        request=request,
    )


def _item_form_fragment(
    request: HttpRequest, plan: AnnualPlan, form: PlanItemForm, *, conflicts=None
) -> str:
    return render_to_string(
        "programmes/_plan_item_form.html",
        {"form": form, "plan": plan, "twinning": plan.twinning, "conflicts": conflicts or []},
        request=request,
    )


def _years_around(twinning) -> range:
    """Return the years a plan may be started for: from the signing year to next year."""
    return range(twinning.signed_on.year, timezone.localdate().year + 2)


def _plan_context(plan: AnnualPlan, twinning_access, **extra) -> dict:
    """Return what the plan page shows: plan versus actual, and what the user may do now."""
    # A year whose report was signed off is read-only until an approver unlocks it.
    year_locked = is_locked(plan.twinning, plan.year)
    draft = plan.status == AnnualPlan.Status.DRAFT
    editable = twinning_access.can_edit and draft and not year_locked
    context = {
        "plan": plan,
        "twinning": plan.twinning,
        "access": twinning_access,
        "versus": queries.plan_versus_actual(plan),
        "editable": editable,
        "editing_pk": None,
        "edit_form": None,
        "add_form": PlanItemForm(instance=PlanItem(plan=plan)) if editable else None,
        "year_locked": year_locked,
        "can_submit": editable,
        "can_approve": twinning_access.can_approve
        and plan.status == AnnualPlan.Status.SUBMITTED
        and not year_locked,
        "can_reopen": not draft
        and (twinning_access.can_edit or twinning_access.can_approve)
        and not year_locked,
        "can_agree": twinning_access.can_agree
        and not draft
        and not plan.is_agreed
        and not year_locked,
    }
    context.update(extra)
    return context


@require_GET
@login_required
def plan_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Return the plan of a year with plan versus actual; for HTMX, one item's row or form."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    twinning = twinning_access.twinning
    plan = (
        AnnualPlan.objects.filter(twinning=twinning, year=year)
        .select_related("submitted_by", "approved_by", "agreed_by")
        .first()
    )
    if plan is None:
        if year not in _years_around(twinning):
            raise Http404
        previous = actions.previous_plan(twinning, year)
        return render(
            request,
            "programmes/plan_missing.html",
            {
                "twinning": twinning,
                "access": twinning_access,
                "year": year,
                "previous": previous,
            },
        )
    plan.twinning = twinning
    context = _plan_context(plan, twinning_access)
    rows = {row.item.pk: row for row in context["versus"].items}
    editing = None
    if context["editable"] and request.GET.get("edit", "").isdigit():
        editing = rows.get(int(request.GET["edit"]))
    if request.htmx:
        if editing is not None:
            form = PlanItemForm(instance=editing.item)
            return _vary_on_htmx(HttpResponse(_item_form_fragment(request, plan, form)))
        shown = request.GET.get("item", "")
        if shown.isdigit() and int(shown) in rows:
            html = _item_fragment(request, plan, twinning_access, rows[int(shown)])
            return _vary_on_htmx(HttpResponse(html))
    if editing is not None:
        context["editing_pk"] = editing.item.pk
        context["edit_form"] = PlanItemForm(instance=editing.item)
    return _vary_on_htmx(render(request, "programmes/plan_detail.html", context))


@require_POST
@login_required
def plan_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start a year's plan from the previous one; go to it."""
    twinning = access.get_rw_twinning_for_user(request.user, slug, Capability.EDIT).twinning
    form = PlanStartForm(request.POST)
    if not form.is_valid() or form.cleaned_data["year"] not in _years_around(twinning):
        messages.error(request, _("Choose a year between the signing and next year."))
        return redirect("programmes:twinning", slug=twinning.slug)
    year = form.cleaned_data["year"]
    try:
        plan = actions.start_plan(twinning, year, request.user)
    except actions.PlanRefused as refused:
        messages.error(request, refused.message)
        return redirect("programmes:plan", slug=twinning.slug, year=year)
    carried = plan.items.count()
    if carried:
        messages.success(
            request,
            _("The plan for %(year)s is started; %(count)s unfinished items were carried over.")
            % {"year": year, "count": carried},
        )
    else:
        messages.success(request, _("The plan for %(year)s is started.") % {"year": year})
    return redirect("programmes:plan", slug=twinning.slug, year=year)


@require_POST
@login_required
def plan_item_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Add an item to a draft plan. HTMX: the new row goes at the end of the list and a blank
    form replaces the filled one; errors come back in the form, with what was typed."""
    plan, twinning_access = _get_plan_for_user(request, slug, year, Capability.EDIT)
    form = PlanItemForm(request.POST, instance=PlanItem(plan=plan))
    if form.is_valid():
        try:
            item = actions.add_item(plan, form.instance, request.user)
        except actions.PlanRefused as refused:
            form.add_error(None, refused.message)
        else:
            if not request.htmx:
                messages.success(request, _("The item is added."))
                return redirect(_plan_url(plan) + f"#item-{item.pk}")
            rows = _item_rows(plan)[1]
            blank = PlanItemForm(instance=PlanItem(plan=plan))
            html = _item_fragment(request, plan, twinning_access, rows[item.pk])
            html += render_to_string(
                "programmes/_plan_item_add.html",
                {"add_form": blank, "plan": plan, "twinning": plan.twinning, "oob": True},
                request=request,
            )
            html += '<div id="plan-items-empty" hx-swap-oob="delete"></div>'
            return reswap(retarget(HttpResponse(html), "#plan-items"), "beforeend")
    if request.htmx:
        html = render_to_string(
            "programmes/_plan_item_add.html",
            {"add_form": form, "plan": plan, "twinning": plan.twinning},
            request=request,
        )
        return HttpResponse(html)
    return _plan_page_with_form(request, plan, twinning_access, add_form=form)


def _plan_page_with_form(
    request: HttpRequest, plan: AnnualPlan, twinning_access, *, add_form=None, edit_form=None
):
    """Return the whole plan page showing a form with errors (for browsers without HTMX)."""
    context = _plan_context(plan, twinning_access)
    if add_form is not None and context["editable"]:
        context["add_form"] = add_form
    if edit_form is not None:
        context.update(
            editing_pk=edit_form.instance.pk,
            edit_form=edit_form,
            conflicts=getattr(edit_form, "conflicts", []),
        )
    if add_form is not None and not context["editable"]:
        # The plan can no longer take items (submitted, or its year locked): say why.
        for error in add_form.non_field_errors():
            messages.error(request, error)
    return render(request, "programmes/plan_detail.html", context)


@require_POST
@login_required
def plan_item_edit(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Save an item. A stale save is refused: the form comes back with what the user typed,
    the list of what the other person changed, and the new version so that saving again
    overwrites knowingly."""
    item, twinning_access = _get_item_for_user(request, slug, year, pk)
    plan = item.plan
    form = PlanItemForm(request.POST, instance=item)
    conflicts = []
    if form.is_valid():
        try:
            actions.save_item(form.instance, request.user, form.cleaned_data["expected_version"])
        except StaleVersion as stale:
            conflicts = conflicting_changes(form, stale.current)
            data = request.POST.copy()
            data["expected_version"] = str(stale.current.version)
            form = PlanItemForm(data, instance=stale.current)
            form.is_valid()
            form.add_error(None, StaleVersion.message)
        except actions.PlanRefused as refused:
            form.add_error(None, refused.message)
        else:
            if not request.htmx:
                messages.success(request, _("The item is saved."))
                return redirect(_plan_url(plan) + f"#item-{item.pk}")
            rows = _item_rows(plan)[1]
            return HttpResponse(_item_fragment(request, plan, twinning_access, rows[item.pk]))
    if request.htmx:
        return HttpResponse(_item_form_fragment(request, plan, form, conflicts=conflicts))
    form.conflicts = conflicts
    return _plan_page_with_form(request, plan, twinning_access, edit_form=form)


@require_POST
@login_required
def plan_item_delete(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Delete an item of a draft plan, unless it changed meanwhile or activities follow it."""
    item, twinning_access = _get_item_for_user(request, slug, year, pk)
    plan = item.plan
    form = PlanVersionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("The form was incomplete: reload the page and try again.")
    else:
        try:
            actions.delete_item(item, request.user, form.cleaned_data["expected_version"])
        except StaleVersion:
            error = _(
                "Someone else changed this item after you opened it: check it before deleting."
            )
        except actions.PlanRefused as refused:
            error = str(refused.message)
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The item is deleted."))
        return redirect(_plan_url(plan))
    if not error:
        return HttpResponse("")
    rows = _item_rows(plan)[1]
    row = rows.get(item.pk)
    if row is None:
        return HttpResponse("")
    return HttpResponse(_item_fragment(request, plan, twinning_access, row, error=error))


def _transition_view(request, slug, year, capability, action, done_message) -> HttpResponse:
    plan, _twinning_access = _get_plan_for_user(request, slug, year, capability)
    form = PlanVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete: reload the page and try again."))
        return redirect(_plan_url(plan))
    try:
        action(plan, request.user, form.cleaned_data["expected_version"])
    except StaleVersion as stale:
        current = stale.current
        messages.error(
            request,
            _(
                "Someone else changed this plan after you opened it (it is now %(status)s). "
                "Check it and try again."
            )
            % {"status": current.get_status_display().lower()},
        )
    except actions.PlanRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, done_message)
    return redirect(_plan_url(plan))


@require_POST
@login_required
def plan_submit(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _transition_view(
        request,
        slug,
        year,
        Capability.EDIT,
        actions.submit_plan,
        _("The plan is submitted for approval."),
    )


@require_POST
@login_required
def plan_approve(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _transition_view(
        request, slug, year, Capability.APPROVE, actions.approve_plan, _("The plan is approved.")
    )


@require_POST
@login_required
def plan_agree(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _transition_view(
        request,
        slug,
        year,
        Capability.AGREE,
        actions.agree_plan,
        _("The commune's agreement is recorded."),
    )


@require_POST
@login_required
def plan_reopen(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Return a submitted or approved plan to draft (the coordinator withdraws it, or the
    approver sends it back)."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    if not (twinning_access.can_edit or twinning_access.can_approve):
        raise PermissionDenied
    return _transition_view(
        request,
        slug,
        year,
        Capability.VIEW,
        actions.reopen_plan,
        _("The plan is back to draft: its items can be changed again."),
    )


@require_GET
@login_required
def plan_history(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Return who changed the plan and its items, what and when (newest first)."""
    plan, twinning_access = _get_plan_for_user(request, slug, year)
    plan_records = AnnualPlan.history.filter(id=plan.pk).select_related("history_user")
    item_records = PlanItem.history.filter(plan_id=plan.pk).select_related("history_user")
    plan_label = _("Plan %(year)s") % {"year": plan.year}
    entries = history_entries(plan_records, AnnualPlan, lambda record: plan_label)
    entries += history_entries(
        item_records, PlanItem, lambda record: _("Item: %(title)s") % {"title": record.title}
    )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/plan_history.html",
        {"plan": plan, "twinning": plan.twinning, "access": twinning_access, "page_obj": page},
    )


# ---------------------------------------------------------------------------------------------
# The province overview


def _sortable_columns(sort: str, columns: list[tuple[str, str]]) -> list[dict]:
    """Return the columns with the sort each header link asks for (a second click reverses)."""
    result = []
    for key, label in columns:
        current = sort.lstrip("-") == key
        descending = current and sort.startswith("-")
        result.append(
            {
                "key": key,
                "label": label,
                "next": key if descending or not current else f"-{key}",
                "aria_sort": ("descending" if descending else "ascending") if current else "",
                "numeric": key in {"activities", "total", "direct", "mobilised"},
            }
        )
    return result


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Return every twinning the user may see, grouped by programme, with key totals; sortable
    (?sort=) and filterable (programme, sponsor, plan status of the current year)."""
    twinnings = access.visible_twinnings(request.user)
    year = timezone.localdate().year
    programmes = Programme.objects.filter(pk__in=twinnings.values("programme_id")).order_by(
        vn_order("name")
    )
    filters = OverviewFilterForm(request.GET, programmes=programmes)
    filtered = twinnings
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("programme"):
            filtered = filtered.filter(programme_id=data["programme"])
        if data.get("q"):
            filtered = filtered.filter(
                Q(sponsor__name__icontains=data["q"]) | Q(sponsor__short_name__icontains=data["q"])
            )
        status = data.get("status")
        plans = AnnualPlan.objects.filter(year=year)
        if status == "none":
            filtered = filtered.exclude(pk__in=plans.values("twinning_id"))
        elif status == "not_agreed":
            filtered = filtered.exclude(
                pk__in=plans.filter(agreed_at__isnull=False).values("twinning_id")
            )
        elif status:
            filtered = filtered.filter(pk__in=plans.filter(status=status).values("twinning_id"))
    sort = request.GET.get("sort", "programme")
    if sort.lstrip("-") not in queries.OVERVIEW_SORTS:
        sort = "programme"
    rows = queries.OverviewPage(filtered, year=year, sort=sort)
    page = Paginator(rows, OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "page_obj": page,
        "sort": sort,
        "year": year,
        "programme_totals": queries.programme_totals(filtered),
        "programme_names": {p.pk: p.name for p in programmes},
        "columns": _sortable_columns(
            sort,
            [
                ("sponsor", _("Sponsor")),
                ("commune", _("Commune")),
                ("signed", _("Since")),
                ("activities", _("Activities")),
                ("total", _("Total value")),
                ("direct", _("Direct")),
                ("mobilised", _("Mobilised")),
                ("last", _("Last activity")),
                ("plan", _("Plan %(year)s") % {"year": year}),
            ],
        ),
    }
    if request.htmx and request.htmx.target == "overview-table":
        return _vary_on_htmx(render(request, "programmes/_overview_table.html", context))
    return _vary_on_htmx(render(request, "programmes/overview.html", context))
