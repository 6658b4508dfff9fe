import pytest

from twinning.core.formatting import format_vnd
from twinning.public.tests.helpers import record

pytestmark = pytest.mark.django_db


def test_it_lists_the_twinnings_with_their_published_totals(client, world):
    record(world.twinning, world.sponsor, "Tặng khẩu trang", 4_800_000)
    record(world.other_twinning, world.other_sponsor, "Tặng sách", 2_000_000)
    record(world.other_twinning, world.other_sponsor, "Chưa công bố", 700_000, published=False)

    response = client.get(f"/public/vi/programmes/{world.programme.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert world.sponsor.name in page and world.other_sponsor.name in page
    assert format_vnd(4_800_000, "vi") in page
    assert format_vnd(2_000_000, "vi") in page
    assert format_vnd(6_800_000, "vi") in page  # the programme's total
    assert format_vnd(2_700_000, "vi") not in page
    assert f"/public/vi/twinnings/{world.twinning.slug}/" in page


def test_it_lists_the_programmes(client, world):
    page = client.get("/public/en/").content.decode()

    assert world.programme.name in page


def test_it_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        record(world.twinning, world.sponsor, f"Hoạt động {n}", 800_000)
    with django_assert_max_num_queries(12):
        assert client.get(f"/public/vi/programmes/{world.programme.slug}/").status_code == 200
