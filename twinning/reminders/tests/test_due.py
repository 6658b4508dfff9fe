import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.programmes.models import AnnualPlan
from twinning.reminders.due import due_for, months_before
from twinning.reminders.models import Kind

pytestmark = pytest.mark.django_db


def kinds(user, day):
    return [(item.kind, item.twinning) for item in due_for(user, day)]


def activity(world, day, **fields):
    return Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Tặng quà",
        start_date=day,
        **fields,
    )


def test_it_reminds_of_next_years_plan_from_1_december(world):
    activity(world, datetime.date(2026, 11, 1))  # active: no other reminder

    assert (Kind.PLAN_NOT_AGREED, world.twinning) in kinds(
        world.coordinator, datetime.date(2026, 12, 1)
    )
    assert (Kind.PLAN_NOT_AGREED, world.twinning) in kinds(
        world.commune_officer, datetime.date(2026, 12, 1)
    )
    assert (Kind.PLAN_NOT_AGREED, world.twinning) not in kinds(
        world.coordinator, datetime.date(2026, 11, 30)
    )


def test_it_stops_reminding_once_the_plan_is_approved_and_agreed(world):
    now = timezone.now()
    plan = AnnualPlan.objects.create(
        twinning=world.twinning, year=2027, status="approved", submitted_at=now, approved_at=now
    )
    day = datetime.date(2026, 12, 5)
    assert (Kind.PLAN_NOT_AGREED, world.twinning) in kinds(world.coordinator, day)

    plan.agreed_at = now
    plan.save()

    assert (Kind.PLAN_NOT_AGREED, world.twinning) not in kinds(world.coordinator, day)


def test_it_reminds_of_activities_unconfirmed_30_days_after_they_took_place(world):
    done = activity(world, datetime.date(2026, 3, 1))
    today = datetime.date(2026, 3, 31)

    assert (Kind.UNCONFIRMED, world.twinning) in kinds(world.commune_officer, today)
    assert (Kind.UNCONFIRMED, world.twinning) in kinds(world.coordinator, today)
    assert (Kind.UNCONFIRMED, world.twinning) not in kinds(
        world.commune_officer, datetime.date(2026, 3, 30)
    )

    done.confirmation = Activity.Confirmation.CONFIRMED
    done.confirmed_at = timezone.now()
    done.save()
    assert (Kind.UNCONFIRMED, world.twinning) not in kinds(world.commune_officer, today)


def test_it_counts_a_long_activity_from_its_last_day(world):
    activity(world, datetime.date(2026, 3, 1), end_date=datetime.date(2026, 3, 20))

    assert (Kind.UNCONFIRMED, world.twinning) not in kinds(
        world.commune_officer, datetime.date(2026, 4, 5)
    )
    assert (Kind.UNCONFIRMED, world.twinning) in kinds(
        world.commune_officer, datetime.date(2026, 4, 19)
    )


def test_it_reminds_of_the_years_report_in_january(world):
    activity(world, datetime.date(2026, 12, 20))

    assert (Kind.REPORT_DUE, world.twinning) in kinds(world.coordinator, datetime.date(2027, 1, 5))
    assert (Kind.REPORT_DUE, world.twinning) in kinds(world.approver, datetime.date(2027, 1, 5))
    assert (Kind.REPORT_DUE, world.twinning) not in kinds(
        world.coordinator, datetime.date(2027, 2, 1)
    )
    assert Kind.REPORT_DUE not in [
        kind for kind, _t in kinds(world.commune_officer, datetime.date(2027, 1, 5))
    ]


def test_it_stops_reminding_of_a_report_once_the_year_is_signed_off(world):
    try:
        year_lock = apps.get_model("locks", "YearLock")
    except LookupError:
        pytest.skip("the locks app has no YearLock model")
    activity(world, datetime.date(2026, 12, 20))
    year_lock.objects.create(
        twinning=world.twinning, year=2026, locked_by=world.approver, locked_at=timezone.now()
    )

    assert (Kind.REPORT_DUE, world.twinning) not in kinds(
        world.coordinator, datetime.date(2027, 1, 5)
    )


def test_it_tells_the_overseer_how_many_twinnings_have_not_reported(world):
    due = due_for(world.overseer, datetime.date(2027, 1, 5))

    missing = [item for item in due if item.kind == Kind.NOT_REPORTED]
    assert len(missing) == 1
    assert "2" in missing[0].text  # both twinnings of the province
    assert missing[0].url.startswith("/reminders/overview/")


def test_it_reminds_of_twinnings_without_activity_for_six_months(world):
    activity(world, datetime.date(2026, 1, 10))

    assert (Kind.INACTIVE, world.twinning) in kinds(world.coordinator, datetime.date(2026, 7, 11))
    assert (Kind.INACTIVE, world.twinning) not in kinds(
        world.coordinator, datetime.date(2026, 7, 10)
    )


def test_it_does_not_count_a_cancelled_activity_as_activity(world):
    activity(world, datetime.date(2026, 6, 1), status=Activity.Status.CANCELLED)

    assert (Kind.INACTIVE, world.twinning) in kinds(world.coordinator, datetime.date(2026, 7, 11))


def test_it_reminds_no_one_outside_the_twinning(world):
    activity(world, datetime.date(2026, 3, 1))

    twinnings = {t for _k, t in kinds(world.outsider, datetime.date(2026, 12, 1))}
    assert world.twinning not in twinnings
    assert due_for(world.contributor, datetime.date(2026, 12, 1)) == []


def test_it_goes_back_whole_months():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)
    assert months_before(datetime.date(2026, 6, 30), 6) == datetime.date(2025, 12, 30)
