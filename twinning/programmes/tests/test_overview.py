"""The province overview: every visible twinning with its key totals, sortable and filterable."""

import datetime

import pytest
from django.urls import reverse

from twinning.geo.models import AdminUnit
from twinning.organisations.models import Organisation
from twinning.programmes.models import Programme, Twinning
from twinning.programmes.tests.factories import add_activity, add_contribution, add_plan

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def url(**params):
    address = reverse("programmes:overview")
    if params:
        address += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return address


@pytest.fixture
def figures(world):
    masks = add_activity(world.twinning, "Khẩu trang", start_date=datetime.date(2020, 4, 1))
    add_contribution(masks, world.sponsor, quantity=600, unit_value_vnd=8_000)
    add_contribution(masks, world.business, quantity=1_500, unit_value_vnd=8_000)
    fans = add_activity(world.other_twinning, "Quạt", start_date=datetime.date(2021, 5, 1))
    add_contribution(fans, world.business, quantity=30, unit_value_vnd=300_000)
    add_plan(world.twinning, THIS_YEAR, status="submitted")


def slugs(response):
    return [row["slug"] for row in response.context["page_obj"]]


def test_the_overseer_sees_every_twinning_of_the_province_with_totals(client, world, figures):
    client.force_login(world.overseer)
    response = client.get(url(), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert sorted(slugs(response)) == sorted([world.twinning.slug, world.other_twinning.slug])
    rows = {row["slug"]: row for row in response.context["page_obj"]}
    first = rows[world.twinning.slug]
    assert (first["total_vnd"], first["direct_vnd"], first["mobilised_vnd"]) == (
        16_800_000,
        4_800_000,
        12_000_000,
    )
    assert first["plan_status"] == "submitted"
    assert "16.800.000 đ" in response.text
    assert "25.800.000 đ" in response.text  # the programme's total, both twinnings


def test_a_coordinator_sees_only_their_own_twinning(client, world, figures):
    client.force_login(world.coordinator)
    assert slugs(client.get(url())) == [world.twinning.slug]


def test_the_outsider_sees_only_their_own_twinning(client, world, figures):
    client.force_login(world.outsider)
    response = client.get(url())
    assert slugs(response) == [world.other_twinning.slug]
    assert "Sở Công Thương tỉnh Bình Thuận" not in response.text


def test_it_sorts_by_any_column_both_ways(client, world, figures):
    client.force_login(world.overseer)
    assert slugs(client.get(url(sort="total"))) == [world.other_twinning.slug, world.twinning.slug]
    assert slugs(client.get(url(sort="-total"))) == [world.twinning.slug, world.other_twinning.slug]
    assert slugs(client.get(url(sort="-last")))[0] == world.other_twinning.slug
    assert slugs(client.get(url(sort="sponsor")))[0] == world.twinning.slug  # Công < Giáo
    assert slugs(client.get(url(sort="-sponsor")))[0] == world.other_twinning.slug
    assert len(slugs(client.get(url(sort="nonsense")))) == 2


def test_it_marks_the_sorted_column_and_offers_the_reverse(client, world, figures):
    client.force_login(world.overseer)
    response = client.get(url(sort="total"))
    assert 'aria-sort="ascending"' in response.text
    assert "sort=-total" in response.text


def test_it_filters_by_sponsor_plan_status_and_programme(client, world, figures):
    client.force_login(world.overseer)
    assert slugs(client.get(url(q="Giáo dục"))) == [world.other_twinning.slug]
    assert slugs(client.get(url(status="submitted"))) == [world.twinning.slug]
    assert slugs(client.get(url(status="none"))) == [world.other_twinning.slug]
    assert len(slugs(client.get(url(status="not_agreed")))) == 2
    assert len(slugs(client.get(url(programme=world.programme.pk)))) == 2


def test_it_groups_twinnings_by_programme(client, world, figures):
    other = Programme.objects.create(name="Chương trình khác", province=world.province)
    sponsor = Organisation.objects.create(name="Sở Y tế", kind="provincial_agency")
    commune = AdminUnit.objects.create(
        code="23080", name="Hàm Trí", level="commune", parent=world.commune.parent
    )
    partner = Organisation.objects.create(name="UBND xã Hàm Trí", kind="commune_committee")
    Twinning.objects.create(
        programme=other,
        sponsor=sponsor,
        partner_unit=commune,
        partner_organisation=partner,
        signed_on=datetime.date(2018, 1, 1),
    )
    client.force_login(world.overseer)
    response = client.get(url(sort="-total"))
    programmes = [row["programme_name"] for row in response.context["page_obj"]]
    assert programmes == ["Chương trình khác", world.programme.name, world.programme.name]
    assert response.text.count('scope="rowgroup"') == 2


def test_htmx_gets_only_the_table(client, world, figures):
    client.force_login(world.overseer)
    response = client.get(
        url(sort="total"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="overview-table"
    )
    assert response.text.startswith('<div id="overview-table"')


def test_the_overview_is_in_the_menu_of_overseers_only(client, world):
    client.force_login(world.overseer)
    assert f'href="{url()}"' in client.get(reverse("accounts:home")).text
    client.force_login(world.coordinator)
    assert f'href="{url()}"' not in client.get(reverse("accounts:home")).text


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    sponsor = Organisation.objects.create(name="Sở Nội vụ", kind="provincial_agency")
    for n in range(count):
        commune = AdminUnit.objects.create(
            code=f"9{n:04d}", name=f"Xã {n}", level="commune", parent=world.commune.parent
        )
        partner = Organisation.objects.create(name=f"UBND xã {n}", kind="commune_committee")
        twinning = Twinning.objects.create(
            programme=world.programme,
            sponsor=sponsor,
            partner_unit=commune,
            partner_organisation=partner,
            signed_on=datetime.date(2016, 8, 1),
        )
        activity = add_activity(twinning, f"A{n}")
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        add_plan(twinning, THIS_YEAR)
    client.force_login(world.overseer)
    with django_assert_max_num_queries(16):
        response = client.get(url())
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == count + 2
