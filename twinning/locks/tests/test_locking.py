"""A locked year's records cannot be created, changed or deleted, whichever way one tries."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from twinning.activities.models import (
    Activity,
    BeneficiaryCount,
    Contribution,
    Output,
    Recipient,
)
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.locks.locking import (
    LockError,
    YearLocked,
    assert_unlocked,
    is_locked,
    lock_year,
    unlock_year,
)
from twinning.locks.models import YearLock
from twinning.programmes.models import AnnualPlan, PlanItem


@pytest.fixture
def records(world):
    activity = Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Quà Tết 2023",
        start_date=datetime.date(2023, 1, 15),
    )
    contribution = Contribution.objects.create(
        activity=activity,
        contributor=world.sponsor,
        kind="cash",
        value_vnd=10_000_000,
    )
    count = BeneficiaryCount.objects.create(activity=activity, group="poor_households", count=20)
    recipient = Recipient.objects.create(
        activity=activity, full_name="Nguyễn Văn An", group="poor_households"
    )
    output = Output.objects.create(
        activity=activity, description="Suất quà", quantity=Decimal(20), unit="suất"
    )
    plan = AnnualPlan.objects.create(twinning=world.twinning, year=2023)
    item = PlanItem.objects.create(plan=plan, category="gifts", title="Quà Tết")
    indicator = Indicator.objects.create(code="poor-rate", name="Tỷ lệ hộ nghèo", unit="percent")
    value = IndicatorValue.objects.create(
        admin_unit=world.commune, indicator=indicator, year=2023, value=Decimal("12.5")
    )
    return {
        "activity": activity,
        "contribution": contribution,
        "count": count,
        "recipient": recipient,
        "output": output,
        "plan": plan,
        "item": item,
        "value": value,
    }


def test_it_tells_whether_a_year_is_locked(world):
    assert not is_locked(world.twinning, 2023)
    lock_year(world.twinning, 2023, world.approver, "Báo cáo số 12/BC-SCT")
    assert is_locked(world.twinning, 2023)
    assert not is_locked(world.twinning, 2024)
    assert not is_locked(world.other_twinning, 2023)
    with translation.override("en"):
        with pytest.raises(YearLocked) as caught:
            assert_unlocked(world.twinning, 2023)
        assert "2023 is locked" in caught.value.messages[0]


@pytest.mark.parametrize(
    "name", ["activity", "contribution", "count", "recipient", "output", "plan", "item", "value"]
)
def test_a_locked_years_records_cannot_be_changed_or_deleted(world, records, name):
    lock_year(world.twinning, 2023, world.approver)
    record = records[name]
    # A savepoint each: a refused delete marks the surrounding transaction for rollback.
    with pytest.raises(YearLocked), transaction.atomic():
        record.save()
    with pytest.raises(YearLocked), transaction.atomic():
        record.delete()
    assert type(record).objects.filter(pk=record.pk).exists()


def test_nothing_can_be_added_to_a_locked_year(world, records):
    lock_year(world.twinning, 2023, world.approver)
    with pytest.raises(YearLocked):
        Activity.objects.create(
            twinning=world.twinning,
            category="gifts",
            title="Late addition",
            start_date=datetime.date(2023, 12, 31),
        )
    with pytest.raises(YearLocked):
        Contribution.objects.create(
            activity=records["activity"], contributor=world.business, kind="cash", value_vnd=1
        )
    with pytest.raises(YearLocked):
        PlanItem.objects.create(plan=records["plan"], category="gifts", title="Late item")


def test_an_activity_cannot_be_moved_out_of_a_locked_year(world, records):
    lock_year(world.twinning, 2023, world.approver)
    activity = records["activity"]
    activity.start_date = datetime.date(2024, 1, 15)
    with pytest.raises(YearLocked):
        activity.save()


def test_an_activity_cannot_be_moved_into_a_locked_year(world):
    lock_year(world.twinning, 2023, world.approver)
    activity = Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="2024",
        start_date=datetime.date(2024, 2, 1),
    )
    activity.start_date = datetime.date(2023, 2, 1)
    with pytest.raises(YearLocked):
        activity.save()


def test_other_years_and_twinnings_stay_open(world, records):
    lock_year(world.twinning, 2022, world.approver)
    lock_year(world.other_twinning, 2023, world.approver)
    for record in records.values():
        record.save()  # no error


def test_unlocking_needs_a_reason_and_is_recorded(world, records):
    lock_year(world.twinning, 2023, world.approver)
    with pytest.raises(LockError):
        unlock_year(world.twinning, 2023, world.approver, "   ")
    lock = unlock_year(
        world.twinning, 2023, world.approver, "Sai số liệu quà Tết, sửa theo biên bản"
    )
    assert (lock.unlocked_by, lock.reason) == (
        world.approver,
        "Sai số liệu quà Tết, sửa theo biên bản",
    )
    assert not is_locked(world.twinning, 2023)
    records["activity"].save()  # open again
    # Locking again opens a new period; the unlocked one stays on record.
    lock_year(world.twinning, 2023, world.approver)
    assert YearLock.objects.filter(twinning=world.twinning, year=2023).count() == 2


def test_a_year_cannot_be_locked_twice_or_unlocked_when_open(world):
    lock_year(world.twinning, 2023, world.approver)
    with pytest.raises(LockError):
        lock_year(world.twinning, 2023, world.approver)
    with pytest.raises(LockError):
        unlock_year(world.twinning, 2024, world.approver, "reason")


def test_deleting_the_twinning_is_refused_while_a_year_is_locked(world, records):
    lock_year(world.twinning, 2023, world.approver)
    with pytest.raises(YearLocked), transaction.atomic():
        world.twinning.delete()
    assert type(world.twinning).objects.filter(pk=world.twinning.pk).exists()
