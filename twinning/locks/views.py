"""Lock a twinning's year once its report is signed off, and unlock it with a reason.

Reading the locks takes sight of the twinning (404 otherwise); locking and unlocking take the
approver's right (403 otherwise) and POST.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from twinning import access
from twinning.access import Capability
from twinning.locks.locking import lock_year, unlock_year
from twinning.locks.models import YearLock


class LockForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    note = forms.CharField(
        label=gettext_lazy("Signed report"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("For example the number and date of the signed report."),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for unlocking"), max_length=2000, widget=forms.Textarea
    )


@require_GET
@login_required
def year_locks(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the page of the twinning's locked years and the record of every lock and unlock."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    twinning = twinning_access.twinning
    locks = (
        YearLock.objects.filter(twinning=twinning)
        .select_related("locked_by", "unlocked_by")
        .order_by("-year", "-locked_at")
    )
    return render(
        request,
        "locks/year_locks.html",
        {
            "twinning": twinning,
            "access": twinning_access,
            "locks": locks,
            "lock_form": LockForm(),
            "unlock_form": UnlockForm(),
        },
    )


@require_POST
@login_required
def lock(request: HttpRequest, slug: str) -> HttpResponse:
    twinning = access.get_rw_twinning_for_user(request.user, slug, Capability.APPROVE).twinning
    form = LockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the year to lock."))
        return redirect("locks:list", slug=twinning.slug)
    year = form.cleaned_data["year"]
    try:
        lock_year(twinning, year, request.user, form.cleaned_data["note"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The year %(year)s is locked: its records are now read-only.") % {"year": year},
        )
    return redirect("locks:list", slug=twinning.slug)


@require_POST
@login_required
def unlock(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    twinning = access.get_rw_twinning_for_user(request.user, slug, Capability.APPROVE).twinning
    form = UnlockForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for unlocking the year."))
        return redirect("locks:list", slug=twinning.slug)
    try:
        unlock_year(twinning, year, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The year %(year)s is unlocked; the reason is recorded.") % {"year": year}
        )
    return redirect("locks:list", slug=twinning.slug)
