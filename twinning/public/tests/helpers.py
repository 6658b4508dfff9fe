"""Activities for the public pages' tests: published, unpublished, unconfirmed, cancelled."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from twinning.activities.models import Activity, BeneficiaryCount, Contribution

CONFIRMED_AT = timezone.make_aware(datetime.datetime(2020, 4, 20, 9))


def record(
    twinning,
    contributor,
    title: str,
    value: int,
    *,
    day: datetime.date = datetime.date(2020, 4, 10),
    category: str = "health",
    confirmed: bool = True,
    published: bool = True,
    status: str = Activity.Status.DONE,
    beneficiaries: tuple[tuple[str, int], ...] = (("households", 40),),
) -> Activity:
    """Return an activity of `twinning` in which `contributor` gave `value` đồng in kind."""
    activity = Activity.objects.create(
        twinning=twinning,
        category=category,
        title=title,
        start_date=day,
        place="Thôn 1",
        status=status,
        confirmation=(
            Activity.Confirmation.CONFIRMED if confirmed else Activity.Confirmation.PENDING
        ),
        confirmed_at=CONFIRMED_AT if confirmed else None,
        published=published and confirmed,
    )
    Contribution.objects.create(
        activity=activity,
        contributor=contributor,
        kind="in_kind",
        item="Suất quà",
        quantity=Decimal(1),
        unit="suất",
        unit_value_vnd=value,
        value_vnd=value,
    )
    for group, count in beneficiaries:
        BeneficiaryCount.objects.create(activity=activity, group=group, count=count)
    return activity
