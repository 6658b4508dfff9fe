"""Pages of activities: what happened, what was given, who benefited."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from twinning import access


@require_GET
@login_required
def activity_detail(request, pk):
    """Return the activity page (to be completed: contributions, beneficiaries, files)."""
    activity, twinning_access = access.get_activity_for_user(request.user, pk)
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity, "access": twinning_access},
    )
