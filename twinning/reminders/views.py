"""Who has reported: the province overseer's list of twinnings and what each still owes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from twinning import access
from twinning.activities.models import Activity
from twinning.core.text import vn_order
from twinning.reminders import due


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1990 <= year <= 2100 else default


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Return the visible twinnings with, for the report year (last year by default), whether
    the report is signed off, their activities that year, activities awaiting the commune's
    confirmation for over 30 days and the last activity (4 queries after the user's scope)."""
    today = timezone.localdate()
    year = _year(request, today.year - 1)
    twinnings = access.visible_twinnings(request.user)
    not_cancelled = ~Q(activities__status=Activity.Status.CANCELLED)
    rows = list(
        twinnings.select_related("programme", "sponsor", "partner_unit")
        .annotate(
            last_activity=Max("activities__start_date", filter=not_cancelled),
            activities_in_year=Count(
                "activities", filter=not_cancelled & Q(activities__start_date__year=year)
            ),
        )
        .order_by(vn_order("programme__name"), vn_order("sponsor__name"), "pk")
    )
    reported = due.reported_twinning_ids(twinnings, year)
    waiting = {
        row["twinning"]: row["n"]
        for row in due.overdue_unconfirmed(twinnings, today)
        .order_by()
        .values("twinning")
        .annotate(n=Count("pk"))
    }
    inactive_since = due.months_before(today, due.INACTIVE_AFTER_MONTHS)
    for row in rows:
        row.reported = row.pk in reported
        row.expected = row.signed_on.year <= year
        row.unconfirmed = waiting.get(row.pk, 0)
        row.inactive = row.status == row.Status.ACTIVE and (
            row.last_activity is None or row.last_activity < inactive_since
        )
    missing_only = request.GET.get("missing") == "1"
    missing = [row for row in rows if row.expected and not row.reported]
    context = {
        "year": year,
        "rows": missing if missing_only else rows,
        "missing_only": missing_only,
        "missing_count": len(missing),
        "total_count": len(rows),
        "years": list(range(today.year, today.year - 6, -1)),
    }
    return render(request, "reminders/overview.html", context)
