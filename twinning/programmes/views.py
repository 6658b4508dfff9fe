"""Pages of twinnings and their plans."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twinning import access


@require_GET
@login_required
def twinning_detail(request, slug):
    """Return the twinning page (to be completed: profile, plans, totals, timeline)."""
    twinning_access = access.get_twinning_for_user(request.user, slug)
    return render(
        request,
        "programmes/twinning_detail.html",
        {"twinning": twinning_access.twinning, "access": twinning_access},
    )
