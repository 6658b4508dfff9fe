"""The commune's indicator values: the commune officer keeps them current, everyone who sees
the twinning can read their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from twinning import access
from twinning.access import Capability
from twinning.core.conflicts import conflicting_changes
from twinning.core.versioning import StaleVersion
from twinning.indicators.actions import StaleValues, save_year
from twinning.indicators.forms import IndicatorValueForm
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.locks.locking import YearLocked, is_locked
from twinning.programmes.history import history_entries


def _year(value, default: int) -> int:
    """Return the year asked for, 404 outside the years a value may be entered for."""
    try:
        year = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        raise Http404 from None
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def _forms(unit, year: int, data=None) -> list[IndicatorValueForm]:
    """Return one form per indicator, bound to `data` if given (2 queries)."""
    stored = {
        value.indicator_id: value
        for value in IndicatorValue.objects.filter(admin_unit=unit, year=year)
    }
    return [
        IndicatorValueForm(data, indicator=indicator, current=stored.get(indicator.pk))
        for indicator in Indicator.objects.order_by("position", "code")
    ]


def _render(request, twinning_access, year, forms, *, conflicts=None, status=200):
    twinning = twinning_access.twinning
    this_year = timezone.localdate().year
    return render(
        request,
        "indicators/indicator_values.html",
        {
            "twinning": twinning,
            "access": twinning_access,
            "year": year,
            "years": list(range(this_year + 1, max(twinning.signed_on.year, 1990) - 6, -1)),
            "forms": forms,
            "conflicts": conflicts or {},
            "year_locked": is_locked(twinning, year),
        },
        status=status,
    )


@require_GET
@login_required
def indicator_values(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the form for the commune's indicator values of a year (?year=, this year by
    default); only the commune's officers may open it."""
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, Capability.EDIT_PROFILE)
    year = _year(request.GET.get("year"), timezone.localdate().year)
    return _render(
        request, twinning_access, year, _forms(twinning_access.twinning.partner_unit, year)
    )


@require_POST
@login_required
def save_indicator_values(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the year's values. Errors and stale values come back in the form, with what was
    typed; nothing is saved until every value can be."""
    twinning_access = access.get_rw_twinning_for_user(request.user, slug, Capability.EDIT_PROFILE)
    twinning = twinning_access.twinning
    year = _year(request.POST.get("year"), 0)
    forms = _forms(twinning.partner_unit, year, request.POST)
    if not all(form.is_valid() for form in forms):
        messages.error(request, _("Some values need correcting: see the marked fields."))
        return _render(request, twinning_access, year, forms)
    try:
        saved = save_year(twinning.partner_unit, year, forms, request.user)
    except YearLocked as locked:
        messages.error(request, locked.messages[0])
        return _render(request, twinning_access, year, forms)
    except StaleValues as error:
        # Show the user's values again with the stored versions, so saving again overwrites
        # knowingly, and list what the other person changed.
        data = request.POST.copy()
        conflicts = {}
        for form, current in error.stale.items():
            key = f"{form.prefix}-expected_version"
            data[key] = str(current.version) if current is not None else ""
            conflicts[form.indicator.code] = (
                conflicting_changes(form, current) if current is not None else []
            )
        fresh = _forms(twinning.partner_unit, year, data)
        for form in fresh:
            form.is_valid()
        messages.error(request, str(StaleVersion.message))
        return _render(request, twinning_access, year, fresh, conflicts=conflicts)
    if saved:
        messages.success(
            request,
            _("%(count)s values of %(year)s are saved.") % {"count": saved, "year": year},
        )
    else:
        messages.info(request, _("Nothing had changed."))
    return redirect(reverse("programmes:twinning", args=[twinning.slug]) + "#profile")


@require_GET
@login_required
def indicator_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Return who changed the commune's indicator values, what and when."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    twinning = twinning_access.twinning
    records = IndicatorValue.history.filter(admin_unit_id=twinning.partner_unit_id).select_related(
        "history_user", "indicator"
    )
    entries = history_entries(
        records,
        IndicatorValue,
        lambda record: f"{record.indicator} — {record.year}",
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/indicator_history.html",
        {"twinning": twinning, "access": twinning_access, "page_obj": page},
    )
