"""What is due, for whom: the four reminders of the twinning year.

- next year's plan not agreed by 1 December (in December, to the sponsor's coordinators and
  approvers and to the commune's officers);
- activities the commune has not confirmed 30 days after they took place (to the commune's
  officers, who confirm, and to the coordinators, who follow up);
- the year's report, due in January (to the coordinators and approvers while the year is not
  signed off, i.e. not locked; and to the province overseers, how many have not reported);
- twinnings with no activity in the last six months (to the coordinators and approvers).

`due_for(user, today)` answers for one user; the home page shows it and `send_reminders` mails it.
Every function runs a fixed number of queries whatever the number of twinnings.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning import access
from twinning.access import Capability
from twinning.activities.models import Activity
from twinning.programmes.models import AnnualPlan, Twinning
from twinning.reminders.models import Kind

UNCONFIRMED_AFTER_DAYS = 30
INACTIVE_AFTER_MONTHS = 6
PLAN_DEADLINE = (12, 1)  # 1 December


@dataclass(frozen=True)
class Due:
    kind: str
    key: str  # what it is about; with the user and the day, what makes it sent once
    text: str
    url: str
    twinning: Twinning | None = None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


def _label(twinning: Twinning) -> str:
    return f"{twinning.sponsor.short_name or twinning.sponsor.name} — {twinning.partner_unit}"


def reported_twinning_ids(twinnings: QuerySet, year: int) -> set[int]:
    """Return the ids of the twinnings whose report for `year` is signed off: the year is
    locked (twinning.locks). Without the locks app nothing counts as reported."""
    try:
        year_lock = apps.get_model("locks", "YearLock")
    except LookupError:
        return set()
    return set(
        year_lock.objects.filter(
            twinning__in=twinnings.values("pk"), year=year, unlocked_at__isnull=True
        ).values_list("twinning_id", flat=True)
    )


def plans_not_agreed(twinnings: QuerySet, year: int) -> QuerySet:
    """Return the active twinnings whose plan for `year` is missing, not approved by the
    sponsor or not agreed by the commune."""
    adopted = AnnualPlan.objects.filter(
        year=year, status=AnnualPlan.Status.APPROVED, agreed_at__isnull=False
    )
    return (
        twinnings.active()
        .exclude(pk__in=adopted.values("twinning_id"))
        .select_related("sponsor", "partner_unit")
    )


def overdue_unconfirmed(twinnings: QuerySet, today: datetime.date) -> QuerySet:
    """Return the activities done at least 30 days ago (by their last day) that the commune
    has not yet confirmed or disputed."""
    limit = today - datetime.timedelta(days=UNCONFIRMED_AFTER_DAYS)
    return (
        Activity.objects.filter(
            twinning__in=twinnings.values("pk"),
            status=Activity.Status.DONE,
            confirmation=Activity.Confirmation.PENDING,
        )
        .annotate(took_place=Coalesce("end_date", "start_date"))
        .filter(took_place__lte=limit)
    )


def inactive_twinnings(twinnings: QuerySet, today: datetime.date) -> QuerySet:
    """Return the active twinnings signed over six months ago with no activity (not
    cancelled) in the last six months."""
    since = months_before(today, INACTIVE_AFTER_MONTHS)
    return (
        twinnings.active()
        .filter(signed_on__lte=since)
        .annotate(
            last_activity=Max(
                "activities__start_date",
                filter=~Q(activities__status=Activity.Status.CANCELLED),
            )
        )
        .filter(Q(last_activity__isnull=True) | Q(last_activity__lt=since))
        .select_related("sponsor", "partner_unit")
    )


def due_for(user, today: datetime.date | None = None) -> list[Due]:
    """Return what is due for the user today, most urgent kinds first."""
    if not user.is_authenticated or not user.is_active:
        return []
    today = today or timezone.localdate()
    editing = access.twinnings_with(user, Capability.EDIT)
    approving = access.twinnings_with(user, Capability.APPROVE)
    agreeing = access.twinnings_with(user, Capability.AGREE)
    sponsor_side = Twinning.objects.filter(
        Q(pk__in=editing.values("pk")) | Q(pk__in=approving.values("pk"))
    )
    due: list[Due] = []

    if (today.month, today.day) >= PLAN_DEADLINE:
        year = today.year + 1
        parties = Twinning.objects.filter(
            Q(pk__in=sponsor_side.values("pk")) | Q(pk__in=agreeing.values("pk"))
        )
        for twinning in plans_not_agreed(parties, year).order_by("pk"):
            due.append(
                Due(
                    Kind.PLAN_NOT_AGREED,
                    f"plan:{twinning.pk}:{year}",
                    _("The plan for %(year)s is not agreed yet: %(twinning)s")
                    % {"year": year, "twinning": _label(twinning)},
                    reverse("programmes:twinning", args=[twinning.slug]),
                    twinning,
                )
            )

    following = Twinning.objects.filter(
        Q(pk__in=editing.values("pk")) | Q(pk__in=agreeing.values("pk"))
    )
    waiting = (
        overdue_unconfirmed(following, today).order_by().values("twinning").annotate(n=Count("pk"))
    )
    counts = {row["twinning"]: row["n"] for row in waiting}
    for twinning in (
        Twinning.objects.filter(pk__in=counts).select_related("sponsor", "partner_unit")
    ).order_by("pk"):
        n = counts[twinning.pk]
        due.append(
            Due(
                Kind.UNCONFIRMED,
                f"unconfirmed:{twinning.pk}",
                ngettext(
                    "%(count)s activity has waited over %(days)s days for the commune's "
                    "confirmation: %(twinning)s",
                    "%(count)s activities have waited over %(days)s days for the commune's "
                    "confirmation: %(twinning)s",
                    n,
                )
                % {"count": n, "days": UNCONFIRMED_AFTER_DAYS, "twinning": _label(twinning)},
                reverse("programmes:twinning", args=[twinning.slug]),
                twinning,
            )
        )

    if today.month == 1:
        year = today.year - 1
        candidates = sponsor_side.filter(signed_on__year__lte=year).exclude(
            status=Twinning.Status.ENDED, ended_on__year__lt=year
        )
        reported = reported_twinning_ids(candidates, year)
        for twinning in (
            candidates.exclude(pk__in=reported).select_related("sponsor", "partner_unit")
        ).order_by("pk"):
            due.append(
                Due(
                    Kind.REPORT_DUE,
                    f"report:{twinning.pk}:{year}",
                    _("The report for %(year)s is due this month: %(twinning)s")
                    % {"year": year, "twinning": _label(twinning)},
                    reverse("programmes:twinning", args=[twinning.slug]),
                    twinning,
                )
            )
        if access.is_overseer(user):
            overseen = access.twinnings_with(user, Capability.EXPORT_SUMMARY).filter(
                signed_on__year__lte=year
            )
            missing = overseen.exclude(pk__in=reported_twinning_ids(overseen, year)).count()
            if missing:
                due.append(
                    Due(
                        Kind.NOT_REPORTED,
                        f"not_reported:{year}",
                        ngettext(
                            "%(count)s twinning has not reported for %(year)s yet",
                            "%(count)s twinnings have not reported for %(year)s yet",
                            missing,
                        )
                        % {"count": missing, "year": year},
                        reverse("reminders:overview") + f"?year={year}",
                    )
                )

    for twinning in inactive_twinnings(sponsor_side, today).order_by("pk"):
        due.append(
            Due(
                Kind.INACTIVE,
                f"inactive:{twinning.pk}",
                _("No activity recorded for six months: %(twinning)s")
                % {"twinning": _label(twinning)},
                reverse("programmes:twinning", args=[twinning.slug]),
                twinning,
            )
        )
    return due
