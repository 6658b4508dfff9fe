"""The twinning page: the parties, the commune's profile, plans, totals and the activities."""

import datetime

import pytest
from django.urls import reverse

from twinning.activities.models import Attachment
from twinning.indicators.models import EthnicComposition, EthnicGroup, Indicator, IndicatorValue
from twinning.programmes.tests.factories import add_activity, add_contribution, add_plan

pytestmark = pytest.mark.django_db


def url(world, **params):
    address = reverse("programmes:twinning", args=[world.twinning.slug])
    if params:
        from urllib.parse import urlencode

        address += "?" + urlencode(params)
    return address


@pytest.mark.parametrize(
    "role",
    ["coordinator", "approver", "viewer", "commune_officer", "overseer", "administrator"],
)
def test_it_shows_the_twinning_to_each_role_that_may_see_it(client, world, role):
    client.force_login(getattr(world, role))
    response = client.get(url(world))
    assert response.status_code == 200
    assert "Sở Công Thương tỉnh Bình Thuận" in response.text


@pytest.mark.parametrize("role", ["outsider", "contributor"])
def test_it_is_404_for_users_outside_the_twinning(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(url(world)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_shows_a_signing_date_known_to_the_month_as_month_and_year(client, world):
    world.twinning.signed_on_note = "cuối tháng 8/2016"
    world.twinning.save()
    client.force_login(world.viewer)
    response = client.get(url(world))
    assert 'data-testid="signed-on">08/2016<' in response.text
    assert "cuối tháng 8/2016" in response.text


def test_it_shows_a_full_signing_date_as_day_month_year(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("programmes:twinning", args=[world.other_twinning.slug]))
    assert 'data-testid="signed-on">15/03/2017<' in response.text


def test_it_shows_the_totals_direct_and_mobilised(client, world):
    activity = add_activity(world.twinning, "Khẩu trang", category="health")
    add_contribution(activity, world.sponsor, quantity=600, unit_value_vnd=8_000)
    add_contribution(activity, world.business, quantity=1_500, unit_value_vnd=8_000)
    client.force_login(world.viewer)
    response = client.get(url(world), HTTP_ACCEPT_LANGUAGE="vi")
    assert 'data-testid="total-value">16.800.000 đ<' in response.text
    assert "4.800.000 đ" in response.text
    assert "12.000.000 đ" in response.text
    chart = response.context["totals_chart"]
    assert chart["labels"] == [2020]
    assert [d["data"] for d in chart["datasets"]] == [[4_800_000], [12_000_000]]


def test_it_shows_indicators_with_a_table_and_chart_data(client, world):
    poor = Indicator.objects.get(code="poor_and_near_poor_rate")
    for year, value in [(2016, 45), (2023, 38)]:
        IndicatorValue.objects.create(
            admin_unit=world.commune, indicator=poor, year=year, value=value
        )
    kho = EthnicGroup.objects.get(code="16")
    EthnicComposition.objects.create(
        admin_unit=world.commune, year=2023, ethnic_group=kho, share_percent=70, is_majority=True
    )
    client.force_login(world.viewer)
    response = client.get(url(world))
    assert 'id="indicator-chart-poor_and_near_poor_rate" type="application/json"' in response.text
    assert response.context["indicator_charts"]["poor_and_near_poor_rate"]["labels"] == [
        2016,
        2023,
    ]
    assert "Cơ-ho" in response.text
    assert "chart.umd.js" in response.text
    assert "<script>" not in response.text  # no inline script: the CSP forbids it


def test_it_lists_the_plans_with_their_status(client, world):
    add_plan(world.twinning, 2024, status="approved")
    client.force_login(world.viewer)
    response = client.get(url(world))
    assert reverse("programmes:plan", args=[world.twinning.slug, 2024]) in response.text


def test_it_offers_to_start_this_years_plan_only_to_the_coordinator(client, world):
    start = reverse("programmes:plan_start", args=[world.twinning.slug])
    client.force_login(world.coordinator)
    assert start in client.get(url(world)).text
    client.force_login(world.viewer)
    assert start not in client.get(url(world)).text


def test_it_offers_to_update_indicators_only_to_the_commune_officer(client, world):
    edit = reverse("indicators:edit", args=[world.twinning.slug])
    client.force_login(world.commune_officer)
    assert f'href="{edit}"' in client.get(url(world)).text
    client.force_login(world.coordinator)
    assert f'href="{edit}"' not in client.get(url(world)).text


def test_it_lists_activities_with_links_badges_and_photos(client, world):
    activity = add_activity(
        world.twinning, "Trung thu cho thiếu nhi", category="festival", confirmation="confirmed"
    )
    Attachment.objects.create(
        activity=activity,
        kind="photo",
        file="attachments/a.jpg",
        thumbnail="thumbnails/a.jpg",
        original_name="a.jpg",
        content_type="image/jpeg",
        size=10,
        sha256="0" * 64,
        caption="Các em nhận quà",
    )
    client.force_login(world.viewer)
    response = client.get(url(world))
    assert reverse("activities:detail", args=[activity.pk]) in response.text
    photo = activity.attachments.get()
    assert reverse("activities:thumbnail", args=[photo.pk]) in response.text
    assert 'alt="Các em nhận quà"' in response.text
    assert "text-bg-success" in response.text


def test_it_filters_activities_by_year_category_and_confirmation(client, world):
    add_activity(world.twinning, "Khẩu trang 2020", category="health")
    add_activity(
        world.twinning,
        "Đèn 2022",
        category="infrastructure",
        start_date=datetime.date(2022, 9, 1),
        confirmation="confirmed",
    )
    client.force_login(world.viewer)
    titles = lambda r: [a.title for a in r.context["page_obj"]]  # noqa: E731
    assert titles(client.get(url(world, year=2022))) == ["Đèn 2022"]
    assert titles(client.get(url(world, category="health"))) == ["Khẩu trang 2020"]
    assert titles(client.get(url(world, confirmation="confirmed"))) == ["Đèn 2022"]
    assert len(titles(client.get(url(world, year="nonsense")))) == 2


def test_it_pages_activities_twenty_at_a_time(client, world):
    for n in range(25):
        add_activity(world.twinning, f"Hoạt động {n}")
    client.force_login(world.viewer)
    assert len(client.get(url(world)).context["page_obj"]) == 20
    assert len(client.get(url(world, page=2)).context["page_obj"]) == 5


def test_it_returns_only_the_timeline_to_htmx(client, world):
    add_activity(world.twinning, "Đèn")
    client.force_login(world.viewer)
    response = client.get(url(world, page=1), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="timeline")
    assert response.text.startswith('<div id="timeline"')
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_it_never_shows_another_twinnings_activities(client, world):
    add_activity(world.other_twinning, "Hoạt động của La Dạ")
    client.force_login(world.viewer)
    assert "Hoạt động của La Dạ" not in client.get(url(world)).text


def _fill(world, count):
    for n in range(count):
        activity = add_activity(
            world.twinning, f"A{n}", start_date=datetime.date(2016 + n % 8, 1 + n % 12, 1)
        )
        add_contribution(activity, world.business, kind="cash", value_vnd=1_000)
        Attachment.objects.create(
            activity=activity,
            kind="photo",
            file=f"attachments/{n}.jpg",
            original_name=f"{n}.jpg",
            content_type="image/jpeg",
            size=1,
            sha256="0" * 64,
        )


@pytest.mark.parametrize("count", [3, 30])
def test_it_runs_a_bounded_number_of_queries(client, world, count, django_assert_max_num_queries):
    _fill(world, count)
    plan = add_plan(world.twinning, 2024)
    assert plan
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(25):
        response = client.get(url(world))
    assert response.status_code == 200


def test_it_tables_the_value_by_category_and_year(client, world):
    masks = add_activity(world.twinning, "Khẩu trang", category="health")
    add_contribution(masks, world.sponsor, quantity=600, unit_value_vnd=8_000)
    lamps = add_activity(
        world.twinning, "Đèn", category="infrastructure", start_date=datetime.date(2022, 9, 1)
    )
    add_contribution(lamps, world.business, kind="cash", value_vnd=50_000_000)
    client.force_login(world.viewer)
    response = client.get(url(world), HTTP_ACCEPT_LANGUAGE="vi")
    assert "<summary" in response.text
    assert "54.800.000 đ" in response.text


def test_once_this_years_plan_exists_it_offers_next_years(client, world):
    year = datetime.date.today().year
    add_plan(world.twinning, year)
    client.force_login(world.coordinator)
    response = client.get(url(world))
    assert response.context["start_year"] == year + 1
    assert f'name="year" value="{year + 1}"' in response.text
    add_plan(world.twinning, year + 1)
    assert client.get(url(world)).context["start_year"] is None
