import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from twinning.activities.models import Attachment, Recipient
from twinning.core.formatting import format_vnd
from twinning.public.tests.helpers import record

pytestmark = pytest.mark.django_db


def url(world, lang="vi"):
    return f"/public/{lang}/twinnings/{world.twinning.slug}/"


@pytest.fixture
def published(world):
    """Two published activities (4,800,000 + 1,600,000 đ) and three that must stay hidden."""
    record(world.twinning, world.sponsor, "Tặng khẩu trang phòng dịch", 4_800_000)
    record(
        world.twinning,
        world.business,
        "Tặng quà Tết gia đình chính sách",
        1_600_000,
        day=datetime.date(2021, 2, 1),
        category="gifts",
        beneficiaries=(("policy_families", 12),),
    )
    record(world.twinning, world.sponsor, "Hoạt động chưa xác nhận", 999_000, confirmed=False)
    record(world.twinning, world.sponsor, "Hoạt động chưa công bố", 888_000, published=False)
    record(world.twinning, world.sponsor, "Hoạt động đã hủy", 777_000, status="cancelled")
    return world


def test_it_shows_the_published_totals(client, published):
    response = client.get(url(published))

    assert response.status_code == 200
    page = response.content.decode()
    assert format_vnd(6_400_000, "vi") in page
    assert "Tặng khẩu trang phòng dịch" in page
    assert "Tặng quà Tết gia đình chính sách" in page
    assert published.business.name in page  # by which organisations


def test_it_leaves_out_unconfirmed_unpublished_and_cancelled_activities(client, published):
    page = client.get(url(published)).content.decode()

    for title in ("Hoạt động chưa xác nhận", "Hoạt động chưa công bố", "Hoạt động đã hủy"):
        assert title not in page
    for amount in (999_000, 888_000, 777_000):
        assert format_vnd(amount, "vi") not in page
    assert format_vnd(6_400_000 + 999_000, "vi") not in page


def test_it_counts_beneficiary_groups_without_naming_anyone(client, published):
    activity = published.twinning.activities.get(title="Tặng quà Tết gia đình chính sách")
    Recipient.objects.create(
        activity=activity, full_name="Hộ ông Nguyễn Văn Bí Mật", group="policy_families"
    )

    page = client.get(url(published, "en")).content.decode()

    assert 'data-group="policy_families"' in page
    assert "Nguyễn Văn Bí Mật" not in page


def test_it_blanks_a_recipient_name_typed_into_a_title(client, published):
    activity = published.twinning.activities.get(title="Tặng quà Tết gia đình chính sách")
    Recipient.objects.create(activity=activity, full_name="Ka Thúy", group="students")
    activity.title = "Tặng quà cho em Ka Thúy"
    activity.save()

    page = client.get(url(published)).content.decode()

    assert "Ka Thúy" not in page
    assert "Tặng quà cho em …" in page


def test_it_shows_the_page_in_arabic_right_to_left(client, published):
    page = client.get(url(published, "ar")).content.decode()

    assert 'dir="rtl"' in page
    assert 'lang="ar"' in page
    assert "bootstrap.rtl.min.css" in page
    assert format_vnd(6_400_000, "ar") in page


def test_it_shows_the_page_in_english(client, published):
    response = client.get(url(published, "en"))

    assert 'dir="ltr"' in response.content.decode()
    assert format_vnd(6_400_000, "en") in response.content.decode()
    assert response["Content-Language"] == "en"


def test_it_answers_404_for_an_unknown_language_or_twinning(client, published):
    assert client.get(f"/public/fr/twinnings/{published.twinning.slug}/").status_code == 404
    assert client.get("/public/vi/twinnings/no-such-twinning/").status_code == 404


def test_it_draws_its_charts_from_json_data_without_inline_script(client, published):
    page = client.get(url(published)).content.decode()

    assert 'id="chart-by-year" type="application/json"' in page
    assert "vendor/chart.js/chart.umd.js" in page
    assert "public/js/charts.js" in page
    scripts = page.split("<script")[1:]
    assert all(" src=" in s.split(">")[0] or "application/json" in s.split(">")[0] for s in scripts)


def test_it_may_be_kept_by_a_shared_cache(client, published):
    response = client.get(url(published))

    assert "public" in response["Cache-Control"]
    assert "max-age=" in response["Cache-Control"]
    assert response["ETag"]
    assert "Accept-Language" in response["Vary"]
    assert response["Content-Language"] == "vi"
    assert not response.cookies  # no CSRF or session cookie on a public page

    again = client.get(url(published), headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_it_changes_its_etag_when_a_figure_changes(client, published):
    before = client.get(url(published))["ETag"]
    record(published.twinning, published.sponsor, "Tặng sách", 400_000)

    assert client.get(url(published))["ETag"] != before


def test_it_sends_the_reader_on_to_their_language(client, published):
    response = client.get(
        f"/public/twinnings/{published.twinning.slug}/", headers={"accept-language": "ar"}
    )

    assert response.status_code == 302
    assert response["Location"] == url(published, "ar")
    assert "Accept-Language" in response["Vary"]


def _photo(activity, *, public: bool) -> Attachment:
    data = b"\xff\xd8\xff\xe0fake-jpeg"
    attachment = Attachment(
        activity=activity,
        kind=Attachment.Kind.PHOTO,
        original_name="a.jpg",
        content_type="image/jpeg",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        caption="Trao quà",
        is_public=public,
    )
    attachment.file.save("a.jpg", ContentFile(data), save=False)
    attachment.save()
    return attachment


def test_it_shows_only_photos_marked_public(client, published, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = published.twinning.activities.get(title="Tặng khẩu trang phòng dịch")
    hidden_activity = published.twinning.activities.get(title="Hoạt động chưa công bố")
    public = _photo(activity, public=True)
    private = _photo(activity, public=False)
    of_unpublished = _photo(hidden_activity, public=True)

    page = client.get(url(published)).content.decode()

    assert f"/public/photos/{public.pk}/" in page
    assert f"/public/photos/{private.pk}/" not in page
    assert f"/public/photos/{of_unpublished.pk}/" not in page
    assert client.get(f"/public/photos/{public.pk}/").status_code == 200
    assert client.get(f"/public/photos/{private.pk}/").status_code == 404
    assert client.get(f"/public/photos/{of_unpublished.pk}/").status_code == 404


def test_it_runs_the_same_number_of_queries_for_more_activities(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world)).status_code == 200
        return len(captured)

    record(world.twinning, world.sponsor, "Hoạt động 0", 800_000)
    few = queries_for_page()
    for n in range(1, 8):
        record(world.twinning, world.business, f"Hoạt động {n}", 800_000)

    assert queries_for_page() == few
