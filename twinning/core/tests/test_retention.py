"""Retention of personal data: `twinning anonymise_recipients`."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from twinning.activities.models import Activity, PersonalDataAccess, Recipient
from twinning.core.retention import ANONYMOUS_NAME, anonymise_recipients, cutoff_date

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def retention_of_five_years(settings):
    settings.RECIPIENT_RETENTION_YEARS = 5


def _activity(world, day):
    return Activity.objects.create(
        twinning=world.twinning, category="gifts", title=f"Quà Tết {day.year}", start_date=day
    )


@pytest.fixture
def recipients(world):
    old = _activity(world, datetime.date(2020, 1, 20))
    recent = _activity(world, datetime.date(2025, 1, 20))
    old_one = Recipient.objects.create(
        activity=old,
        full_name="Nguyễn Văn An",
        group="poor_households",
        village="Thôn 2",
        note="con nhỏ",
        support="1 suất quà",
        value_vnd=500_000,
    )
    old_one.full_name = "Nguyễn Văn Ân"
    old_one.save()  # a second history row that names him
    gone = Recipient.objects.create(activity=old, full_name="Trần Thị Bé", group="children")
    gone.delete()  # deleted, but the history still names her
    recent_one = Recipient.objects.create(
        activity=recent, full_name="Lê Thị Cúc", group="near_poor_households", village="Thôn 3"
    )
    return old_one, recent_one


def test_it_anonymises_recipients_older_than_the_retention(recipients):
    old_one, recent_one = recipients
    outcome = anonymise_recipients(today=TODAY)
    assert outcome.recipients == 1
    assert outcome.cutoff == datetime.date(2021, 6, 1)

    old_one.refresh_from_db()
    assert old_one.full_name == ANONYMOUS_NAME
    assert old_one.village == "" and old_one.note == ""
    assert old_one.anonymised_at is not None
    # What the reports count stays.
    assert (old_one.group, old_one.support, old_one.value_vnd) == (
        "poor_households",
        "1 suất quà",
        500_000,
    )
    recent_one.refresh_from_db()
    assert recent_one.full_name == "Lê Thị Cúc" and recent_one.anonymised_at is None


def test_it_leaves_no_name_in_the_history(recipients):
    anonymise_recipients(today=TODAY)
    names = set(Recipient.history.values_list("full_name", flat=True))
    assert names == {ANONYMOUS_NAME, "Lê Thị Cúc"}
    assert not Recipient.history.filter(village="Thôn 2").exists()


def test_it_logs_the_anonymisation(recipients, world):
    anonymise_recipients(today=TODAY)
    entry = PersonalDataAccess.objects.get()
    assert entry.action == "change" and entry.record_count == 1
    assert entry.twinning == world.twinning
    assert entry.reason.startswith("retention")


def test_a_dry_run_changes_nothing(recipients):
    outcome = anonymise_recipients(today=TODAY, dry_run=True)
    assert outcome.recipients == 1 and outcome.history_rows >= 3
    assert not Recipient.objects.filter(full_name=ANONYMOUS_NAME).exists()
    assert not PersonalDataAccess.objects.exists()


def test_a_second_run_finds_nothing_more(recipients):
    anonymise_recipients(today=TODAY)
    again = anonymise_recipients(today=TODAY)
    assert (again.recipients, again.history_rows) == (0, 0)


def test_the_setting_gives_the_period(recipients, settings):
    settings.RECIPIENT_RETENTION_YEARS = 10
    assert anonymise_recipients(today=TODAY).recipients == 0


def test_the_command_reports_what_it_did(recipients):
    out = io.StringIO()
    call_command("anonymise_recipients", "--years", "1", "--dry-run", stdout=out)
    assert "Would anonymise 2 recipients" in out.getvalue()
    out = io.StringIO()
    call_command("anonymise_recipients", "--years", "1", stdout=out)
    assert "Anonymised 2 recipients" in out.getvalue()
    assert Recipient.objects.filter(full_name=ANONYMOUS_NAME).count() == 2
    with pytest.raises(CommandError):
        call_command("anonymise_recipients", "--years", "0")


def test_the_cutoff_survives_a_leap_day():
    assert cutoff_date(5, datetime.date(2028, 2, 29)) == datetime.date(2023, 2, 28)
