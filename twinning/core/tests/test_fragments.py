"""Cached fragments of the twinning page: served from the cache until their data changes, and
built again after every kind of write that changes them, through the ORM or in bulk."""

import datetime

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from twinning.activities.models import Activity
from twinning.core import markers
from twinning.core.models import ChangeMarker
from twinning.geo.models import AdminChange, AdminUnit
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.tests.factories import add_activity, add_beneficiaries, add_contribution

pytestmark = pytest.mark.django_db


def page(client, twinning, language="vi"):
    url = reverse("programmes:twinning", args=[twinning.slug])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).text


def total_value(html: str) -> str:
    start = html.index('data-testid="total-value">') + len('data-testid="total-value">')
    return html[start : html.index("<", start)]


@pytest.fixture
def seen(client, world):
    """The coordinator's client, with the twinning page already served once (and cached)."""
    client.force_login(world.coordinator)
    activity = add_activity(world.twinning, "Khẩu trang", category="health")
    add_contribution(activity, world.sponsor, quantity=600, unit_value_vnd=8_000)
    assert total_value(page(client, world.twinning)) == "4.800.000 đ"
    world.activity = activity
    return client


def test_a_second_visit_is_served_from_the_cache(seen, world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        page(seen, world.twinning)
    with CaptureQueriesContext(connection) as warm:
        html = page(seen, world.twinning)
    assert total_value(html) == "4.800.000 đ"
    # The totals (three grouped queries) and the profile are not read again.
    assert len(warm) <= len(cold) - 5


def test_a_new_contribution_shows_at_once(seen, world):
    add_contribution(world.activity, world.business, quantity=1_500, unit_value_vnd=8_000)
    assert total_value(page(seen, world.twinning)) == "16.800.000 đ"


def test_a_changed_and_a_deleted_contribution_show_at_once(seen, world):
    contribution = world.activity.contributions.get()
    contribution.quantity, contribution.value_vnd = 625, 5_000_000
    contribution.save()
    assert total_value(page(seen, world.twinning)) == "5.000.000 đ"
    contribution.delete()
    assert total_value(page(seen, world.twinning)) == "0 đ"


def test_a_deleted_activity_takes_its_value_away_at_once(seen, world):
    world.activity.delete()  # its contributions go in the cascade
    assert total_value(page(seen, world.twinning, "en")) == "0 VND"


def test_an_activity_moved_to_another_twinning_changes_both_pages(seen, world):
    seen.force_login(world.administrator)  # sees both twinnings
    assert total_value(page(seen, world.other_twinning)) == "0 đ"
    assert total_value(page(seen, world.twinning)) == "4.800.000 đ"
    activity = Activity.objects.get(pk=world.activity.pk)
    activity.twinning = world.other_twinning
    activity.save()
    assert total_value(page(seen, world.other_twinning)) == "4.800.000 đ"
    assert total_value(page(seen, world.twinning)) == "0 đ"


def test_a_cancelled_activity_leaves_the_totals_at_once(seen, world):
    activity = Activity.objects.get(pk=world.activity.pk)
    activity.status = Activity.Status.CANCELLED
    activity.save()
    assert total_value(page(seen, world.twinning)) == "0 đ"


def test_a_reach_figure_shows_at_once_though_no_amount_changed(seen, world):
    activity = Activity.objects.get(pk=world.activity.pk)
    activity.reach_person_times = 321
    activity.save()
    assert "321" in page(seen, world.twinning)


def test_beneficiaries_show_at_once(seen, world):
    add_beneficiaries(world.activity, "poor_households", 40)
    html = page(seen, world.twinning, "en")
    assert "Beneficiaries by group" in html


def test_each_language_has_its_own_fragment(seen, world):
    assert total_value(page(seen, world.twinning, "en")) == "4,800,000 VND"
    assert total_value(page(seen, world.twinning, "vi")) == "4.800.000 đ"


def test_a_write_that_rolls_back_leaves_the_marker_as_it_was(seen, world):
    scope = markers.twinning_scope(world.twinning.pk)
    before = markers.tokens([scope])[scope]
    with pytest.raises(RuntimeError), transaction.atomic():
        add_contribution(world.activity, world.business, value_vnd=1_000)
        raise RuntimeError
    assert markers.tokens([scope])[scope] == before
    assert total_value(page(seen, world.twinning)) == "4.800.000 đ"


def test_an_indicator_value_changes_the_profile_at_once(seen, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    IndicatorValue.objects.create(admin_unit=world.commune, indicator=poor, year=2016, value=45)
    IndicatorValue.objects.create(admin_unit=world.commune, indicator=poor, year=2023, value=38)
    assert 'id="indicator-chart-poor_and_near_poor_rate"' in page(seen, world.twinning)
    IndicatorValue.objects.filter(year=2023).get().delete()
    assert 'id="indicator-chart-poor_and_near_poor_rate"' not in page(seen, world.twinning)


def test_a_merger_recorded_later_shows_on_the_profile_at_once(seen, world):
    new = AdminUnit.objects.create(
        code="99001", name="Đông Giang", type_name="Xã", level="commune", parent=world.province
    )
    world.commune.valid_until = datetime.date(2025, 6, 30)
    world.commune.save()
    change = AdminChange.objects.create(effective_on=datetime.date(2025, 7, 1), kind="merge")
    assert 'data-testid="profile-history"' not in page(seen, world.twinning)
    change.units_before.add(world.commune)  # m2m writes send m2m_changed, not post_save
    change.units_after.add(new)
    assert 'data-testid="profile-history"' in page(seen, world.twinning)


def test_a_bulk_write_that_touches_the_marker_is_seen(seen, world):
    # What imports do after their bulk inserts, which send no signals.
    Activity.objects.filter(pk=world.activity.pk).update(status=Activity.Status.CANCELLED)
    from twinning.reports import summary

    summary.rebuild()
    assert total_value(page(seen, world.twinning)) == "4.800.000 đ"  # not touched: cached
    markers.touch_twinnings([world.twinning.pk])
    assert total_value(page(seen, world.twinning)) == "0 đ"


def test_touching_counts_and_creates(db):
    markers.touch(["x"])
    markers.touch(["x", "y"])
    counts = dict(ChangeMarker.objects.filter(scope__in=["x", "y"]).values_list("scope", "changes"))
    assert counts == {"x": 2, "y": 1}
    tokens = markers.tokens(["x", "y", "never"])
    assert tokens["never"] == "0" and tokens["x"] != tokens["y"]


def test_an_import_shows_on_the_twinning_page_at_once(client, world, settings, tmp_path):
    from twinning.imports.models import ImportJob
    from twinning.imports.tests.helpers import (
        activity_rows,
        commit,
        latest_job,
        sign_in,
        upload,
        xlsx_bytes,
    )

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_WORKER = "manual"
    sign_in(client, world.coordinator)
    assert total_value(page(client, world.twinning)) == "0 đ"  # now in the cache
    upload(client, world.twinning, xlsx_bytes(activity_rows()), "gifts.xlsx")
    job = latest_job()
    assert job.status == ImportJob.Status.READY, job.errors
    commit(client, job)
    assert total_value(page(client, world.twinning)) != "0 đ"


def test_the_reference_marker_is_made_with_the_database(db):
    """Migration core 0004 makes the "reference" row, so its token tells databases apart."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("twinning.core.migrations.0004_reference_marker")
    ChangeMarker.objects.filter(scope=markers.REFERENCE).delete()  # as in a flushed test database
    assert markers.tokens([markers.REFERENCE])[markers.REFERENCE] == "0"
    migration.create_marker(apps, None)
    assert markers.tokens([markers.REFERENCE])[markers.REFERENCE] != "0"
    migration.create_marker(apps, None)  # run again: the row is kept as it is
    assert ChangeMarker.objects.get(scope=markers.REFERENCE).changes == 0
