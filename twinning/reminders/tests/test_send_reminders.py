import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.reminders.models import Kind, SentReminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(world):
    for name in ("coordinator", "approver", "commune_officer", "overseer", "outsider"):
        user = world.users[name]
        user.email = f"{name}@example.org"
        user.save(update_fields=["email"])
    return world


def activity(world, day, **fields):
    return Activity.objects.create(
        twinning=world.twinning, category="gifts", title="Tặng quà", start_date=day, **fields
    )


def send(day: datetime.date) -> None:
    call_command("send_reminders", "--date", day.isoformat(), stdout=io.StringIO())


def to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


CONDITIONS = {
    # kind: (how to bring it about, the day, who receives it)
    Kind.PLAN_NOT_AGREED: (
        lambda w: activity(
            w, datetime.date(2026, 11, 20), confirmation="confirmed", confirmed_at=timezone.now()
        ),
        datetime.date(2026, 12, 1),
        "commune_officer",
    ),
    Kind.UNCONFIRMED: (
        lambda w: activity(w, datetime.date(2026, 3, 1)),
        datetime.date(2026, 3, 31),
        "commune_officer",
    ),
    Kind.REPORT_DUE: (
        lambda w: activity(
            w, datetime.date(2026, 12, 20), confirmation="confirmed", confirmed_at=timezone.now()
        ),
        datetime.date(2027, 1, 4),
        "approver",
    ),
    Kind.NOT_REPORTED: (lambda w: None, datetime.date(2027, 1, 4), "overseer"),
    Kind.INACTIVE: (
        lambda w: activity(
            w, datetime.date(2026, 1, 10), confirmation="confirmed", confirmed_at=timezone.now()
        ),
        datetime.date(2026, 7, 20),
        "coordinator",
    ),
}


@pytest.mark.parametrize("kind", list(CONDITIONS), ids=str)
def test_it_sends_each_reminder_on_its_condition_once_a_day(mailed, kind):
    bring_about, day, name = CONDITIONS[kind]
    bring_about(mailed)
    address = f"{name}@example.org"

    send(day)
    first = to(address)
    assert len(first) == 1
    assert str(Kind(kind).label) in first[0].body
    assert SentReminder.objects.filter(user=mailed.users[name], kind=kind, sent_on=day).exists()

    send(day)  # the same day again: nothing more
    assert len(to(address)) == 1

    send(day + datetime.timedelta(days=1) if kind != Kind.PLAN_NOT_AGREED else day.replace(day=2))
    assert len(to(address)) == 2  # still due the next day: reminded again, once


def test_it_sends_nothing_when_nothing_is_due(mailed):
    activity(
        mailed, datetime.date(2026, 5, 2), confirmation="confirmed", confirmed_at=timezone.now()
    )

    Activity.objects.create(
        twinning=mailed.other_twinning,
        category="gifts",
        title="Tặng sách",
        start_date=datetime.date(2026, 4, 2),
        confirmation="confirmed",
        confirmed_at=timezone.now(),
    )

    send(datetime.date(2026, 5, 10))

    assert to("coordinator@example.org") == []
    assert to("outsider@example.org") == []


def test_it_writes_in_the_users_language(mailed):
    from twinning.accounts.models import Profile

    Profile.objects.update_or_create(user=mailed.coordinator, defaults={"language": "en"})
    activity(
        mailed, datetime.date(2026, 1, 10), confirmation="confirmed", confirmed_at=timezone.now()
    )

    send(datetime.date(2026, 7, 20))

    (message,) = to("coordinator@example.org")
    assert "No activity recorded for six months" in message.body
    assert "/twinnings/" in message.body


def test_it_refuses_a_malformed_date(mailed):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "31/12/2026")
