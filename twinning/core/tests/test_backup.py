"""`twinning backup` and `twinning restore`: back up, wipe, restore, and prove every table came
back, on whichever database is configured (SQLite locally, PostgreSQL too in CI)."""

import datetime
import io
import json
import tarfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from twinning.activities.models import Activity, Contribution, Recipient
from twinning.core import backup
from twinning.testing import World

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records():
    world = World.build()
    activity = Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Tặng 600 khẩu trang vải",
        start_date=datetime.date(2020, 3, 5),
        confirmation="confirmed",
        confirmed_at=datetime.datetime(2020, 3, 6, 9, 30, tzinfo=datetime.UTC),
        published=True,
    )
    Contribution.objects.create(
        activity=activity,
        contributor=world.sponsor,
        kind="in_kind",
        item="Khẩu trang vải",
        quantity=Decimal("600"),
        unit="cái",
        unit_value_vnd=8000,
        value_vnd=4_800_000,
    )
    Recipient.objects.create(
        activity=activity, full_name="Nguyễn Thị Hoa", group="poor_households", village="Thôn 1"
    )
    return world


def _wipe():
    call_command("flush", interactive=False, verbosity=0)
    assert Activity.objects.count() == 0


def test_it_backs_up_wipes_restores_and_verifies(records, tmp_path):
    before = backup.table_checksums()
    target = tmp_path / "backup.tar"

    made = backup.backup(target)
    assert made.path == target and target.exists()
    assert made.rows == sum(t["rows"] for t in before.values())
    assert backup.read_manifest(target)["tables"] == before

    _wipe()
    assert backup.verify(target)  # the wiped database no longer matches

    restored = backup.restore(target)
    assert restored.mismatches == []
    assert backup.table_checksums() == before
    assert Recipient.objects.get().full_name == "Nguyễn Thị Hoa"
    assert Contribution.objects.get().quantity == Decimal("600")


def test_the_commands_back_up_and_restore(records, tmp_path):
    target = tmp_path / "by-command.tar"
    out = io.StringIO()
    call_command("backup", "-o", str(target), stdout=out)
    assert "Backed up" in out.getvalue()
    Activity.objects.all().delete()
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", str(target), "--verify-only", stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(target), stdout=out)
    assert "every table matches the backup" in out.getvalue()
    assert Activity.objects.count() == 1


def test_it_notices_a_change_after_the_backup(records, tmp_path):
    target = tmp_path / "backup.tar"
    backup.backup(target)
    Recipient.objects.update(full_name="Someone else")
    problems = backup.verify(target)
    assert problems == ["activities_recipient: same row count, different content (checksum)"]


def test_it_refuses_a_damaged_backup(records, tmp_path):
    target = tmp_path / "backup.tar"
    backup.backup(target)
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(target) as source, tarfile.open(damaged, "w") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name != backup.MANIFEST:
                data = data[:-10] + b"x" * 10
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="damaged"):
        backup.restore(damaged)
    assert Activity.objects.count() == 1  # nothing was touched


def test_it_refuses_a_file_that_is_not_a_backup(records, tmp_path):
    stray = tmp_path / "stray.tar"
    with tarfile.open(stray, "w") as archive:
        payload = json.dumps({"hello": 1}).encode()
        info = tarfile.TarInfo("../../etc/evil")
        info.size = len(payload)
        archive.addfile(info, io.BytesIO(payload))
    with pytest.raises(backup.BackupError, match="not a Twinning backup"):
        backup.restore(stray)


def test_checksums_read_values_alike_on_every_engine():
    canonical = backup._canonical
    assert canonical(Decimal("1.500")) == "1.5"
    assert canonical(Decimal("600.000")) == "600"
    assert canonical(True) is True
    aware = datetime.datetime(
        2020, 3, 6, 16, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=7))
    )
    assert canonical(aware) == "2020-03-06T09:30:00+00:00"
    assert canonical(b"\x00\xff") == "00ff"
