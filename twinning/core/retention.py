"""Retention of personal data: named recipients are anonymised once the support they received
is older than settings.RECIPIENT_RETENTION_YEARS (Law 91/2025/QH15: keep personal data no longer
than its purpose needs). What the reports count stays: the group, the kind, whether a minor, the
support and its value; what names a person goes: the name, the village, the note.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

ANONYMOUS_NAME = "Ẩn danh"  # stored data, in the records' language ("anonymous")
RETENTION_REASON = "retention: anonymised after {years} years"


@dataclass(frozen=True)
class Outcome:
    cutoff: datetime.date
    recipients: int
    history_rows: int


def cutoff_date(years: int, today: datetime.date | None = None) -> datetime.date:
    """Return the first day still kept: support given before it is anonymised."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def due_recipients(years: int, today: datetime.date | None = None):
    """Return the recipients not yet anonymised whose activity began before the cutoff."""
    from twinning.activities.models import Recipient

    return Recipient.objects.filter(
        anonymised_at__isnull=True, activity__start_date__lt=cutoff_date(years, today)
    )


def anonymise_recipients(
    years: int | None = None, *, today: datetime.date | None = None, dry_run: bool = False
) -> Outcome:
    """Return what was (or, with dry_run, would be) anonymised: the recipients due and every
    history row that still names them, and the history of recipients since deleted.

    Queryset updates on purpose: no history row is written with the name again, and the year
    lock does not stop it (the law's retention limit applies to locked years too).
    """
    from twinning.activities.models import PersonalDataAccess, Recipient

    years = settings.RECIPIENT_RETENTION_YEARS if years is None else years
    cutoff = cutoff_date(years, today)
    history = Recipient.history.model.objects
    with transaction.atomic():
        due = due_recipients(years, today)
        ids = list(due.values_list("pk", flat=True))
        per_twinning = list(due.values("activity__twinning_id").annotate(n=Count("pk")).order_by())
        history_rows = history.exclude(full_name=ANONYMOUS_NAME, village="", note="").filter(
            _history_naming_people(ids, cutoff)
        )
        history_count = history_rows.count()
        if dry_run:
            return Outcome(cutoff, len(ids), history_count)
        now = timezone.now()
        Recipient.objects.filter(pk__in=ids).update(
            full_name=ANONYMOUS_NAME, village="", note="", anonymised_at=now
        )
        history_rows.update(full_name=ANONYMOUS_NAME, village="", note="", anonymised_at=now)
        PersonalDataAccess.objects.bulk_create(
            PersonalDataAccess(
                user=None,
                action=PersonalDataAccess.Action.CHANGE,
                twinning_id=row["activity__twinning_id"],
                record_count=row["n"],
                reason=RETENTION_REASON.format(years=years),
                path="anonymise_recipients",
            )
            for row in per_twinning
        )
    return Outcome(cutoff, len(ids), history_count)


def _history_naming_people(due_ids, cutoff):
    """Return the Q selecting history rows that must not keep a name: those of recipients due
    now or anonymised before, and those of recipients since deleted whose activity began before
    the cutoff (or, the activity gone too, that were recorded before it)."""
    from django.db.models import Q

    from twinning.activities.models import Activity, Recipient

    anonymised = Recipient.objects.filter(anonymised_at__isnull=False).values("pk")
    deleted = ~Q(id__in=Recipient.objects.values("pk"))
    old_activity = Q(activity_id__in=Activity.objects.filter(start_date__lt=cutoff).values("pk"))
    activity_gone = ~Q(activity_id__in=Activity.objects.values("pk")) & Q(
        history_date__date__lt=cutoff
    )
    return Q(id__in=due_ids) | Q(id__in=anonymised) | (deleted & (old_activity | activity_gone))
