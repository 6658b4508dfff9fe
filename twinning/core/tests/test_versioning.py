"""Optimistic locking: a save from the version the editor loaded works, a stale one is refused
and changes nothing, and every save leaves a line in the history."""

import datetime

import pytest
from django.utils import timezone

from twinning.activities.models import Activity
from twinning.core.versioning import StaleVersion, save_if_unchanged


@pytest.fixture
def activity(world) -> Activity:
    return Activity.objects.create(
        twinning=world.twinning,
        category="gifts",
        title="Tặng quà Tết",
        start_date=datetime.date(2020, 1, 20),
    )


def test_it_saves_from_the_current_version_and_counts_up(activity):
    activity.title = "Tặng 200 suất quà Tết"
    saved = save_if_unchanged(activity, expected_version=1)
    assert saved.version == 2
    activity.refresh_from_db()
    assert (activity.version, activity.title) == (2, "Tặng 200 suất quà Tết")


def test_it_counts_up_on_every_save(activity):
    for expected in (1, 2, 3):
        save_if_unchanged(activity, expected_version=expected)
    activity.refresh_from_db()
    assert activity.version == 4


def test_it_refuses_a_save_from_a_stale_version_and_leaves_the_row_alone(activity):
    mine = Activity.objects.get(pk=activity.pk)
    theirs = Activity.objects.get(pk=activity.pk)
    theirs.title = "Tặng quà Tết (sửa bởi xã)"
    save_if_unchanged(theirs, expected_version=1)

    mine.title = "Tặng quà Tết (sửa bởi sở)"
    mine.place = "Thôn 3"
    with pytest.raises(StaleVersion) as caught:
        save_if_unchanged(mine, expected_version=1)

    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.version, stored.title, stored.place) == (2, "Tặng quà Tết (sửa bởi xã)", "")
    assert caught.value.current.version == 2
    assert caught.value.current.title == "Tặng quà Tết (sửa bởi xã)"


def test_it_refuses_a_version_from_the_future(activity):
    with pytest.raises(StaleVersion):
        save_if_unchanged(activity, expected_version=5)
    activity.refresh_from_db()
    assert activity.version == 1


def test_it_adds_one_history_record_per_save(activity):
    assert activity.history.count() == 1  # the creation
    activity.title = "Lần sửa thứ nhất"
    save_if_unchanged(activity, expected_version=1)
    activity.title = "Lần sửa thứ hai"
    save_if_unchanged(activity, expected_version=2)
    records = list(activity.history.order_by("history_id"))
    assert [(r.history_type, r.version, r.title) for r in records] == [
        ("+", 1, "Tặng quà Tết"),
        ("~", 2, "Lần sửa thứ nhất"),
        ("~", 3, "Lần sửa thứ hai"),
    ]


def test_it_adds_no_history_record_for_a_refused_save(activity):
    with pytest.raises(StaleVersion):
        save_if_unchanged(activity, expected_version=7)
    assert activity.history.count() == 1


def test_it_saves_only_the_named_fields_and_the_version(activity):
    activity.title = "Tiêu đề mới"
    activity.place = "Không lưu"
    save_if_unchanged(activity, expected_version=1, update_fields=["title"])
    stored = Activity.objects.get(pk=activity.pk)
    assert (stored.version, stored.title, stored.place) == (2, "Tiêu đề mới", "")


def test_it_records_in_the_history_only_what_a_partial_save_stored(activity):
    activity.title = "Tiêu đề mới"
    activity.place = "Không lưu"
    save_if_unchanged(activity, expected_version=1, update_fields=["title"])
    latest = activity.history.latest()
    assert (latest.version, latest.title, latest.place) == (2, "Tiêu đề mới", "")
    assert activity.place == "", "the instance now says what the row holds"


def test_it_moves_the_time_of_change_on_a_partial_save(activity):
    Activity.objects.filter(pk=activity.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=1)
    )
    activity.refresh_from_db()
    before = activity.updated_at
    activity.title = "Tiêu đề mới"
    save_if_unchanged(activity, expected_version=1, update_fields=["title"])
    assert Activity.objects.get(pk=activity.pk).updated_at > before
