"""The commune's profile across the 1 July 2025 merger: the twinning page says which unit its
figures describe, tells how the present commune was formed, and shows the present commune's
figures — recorded ones as they are, populations and households added up over the merged
communes, rates weighted by their households when those are held, otherwise the former
commune's rate said to be only that."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from twinning.geo.models import AdminChange, AdminUnit
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.programmes.profile import FORMER, RECORDED, SUM, WEIGHTED, commune_profile

pytestmark = pytest.mark.django_db

MERGER = datetime.date(2025, 7, 1)


@pytest.fixture
def merged(world):
    """Old Đông Giang (the twinning's commune) and old Đông Tiến merged into new Đông Giang of
    Lâm Đồng on 1 July 2025."""
    old = world.commune
    old.valid_until = datetime.date(2025, 6, 30)
    old.save(update_fields=["valid_until"])
    dong_tien = AdminUnit.objects.create(
        code="23068",
        name="Đông Tiến",
        type_name="Xã",
        level="commune",
        parent=old.parent,
        valid_until=datetime.date(2025, 6, 30),
    )
    lam_dong = AdminUnit.objects.create(
        code="68", name="Lâm Đồng", type_name="Tỉnh", level="province", valid_from=MERGER
    )
    new = AdminUnit.objects.create(
        code="23074",
        name="Đông Giang",
        type_name="Xã",
        level="commune",
        parent=lam_dong,
        valid_from=MERGER,
    )
    change = AdminChange.objects.create(
        effective_on=MERGER, kind="merge", legal_reference="Nghị quyết 1671/NQ-UBTVQH15"
    )
    change.units_before.set([old, dong_tien])
    change.units_after.set([new])
    return old, dong_tien, new


def indicator(code: str, unit: str) -> Indicator:
    found, _ = Indicator.objects.get_or_create(code=code, defaults={"name": code, "unit": unit})
    return found


def value(unit, code: str, unit_kind: str, year: int, amount) -> None:
    IndicatorValue.objects.create(
        admin_unit=unit, indicator=indicator(code, unit_kind), year=year, value=Decimal(amount)
    )


@pytest.fixture
def figures(merged):
    old, dong_tien, new = merged
    value(old, "population", "people", 2020, 2265)
    value(old, "population", "people", 2024, 2388)
    value(dong_tien, "population", "people", 2024, 3600)
    value(old, "households", "households", 2024, 562)
    value(dong_tien, "households", "households", 2024, 880)
    value(old, "poor_household_rate", "percent", 2024, "19.8")
    value(dong_tien, "poor_household_rate", "percent", 2024, "30.0")
    value(old, "households_with_electricity", "percent", 2024, 100)  # Đông Tiến's unknown
    value(new, "poor_and_near_poor_rate", "percent", 2025, "31.4")  # recorded after the merger
    return merged


def by_code(profile):
    return {figure.indicator.code: figure for figure in profile.present}


def test_it_follows_the_commune_to_the_unit_in_force_and_tells_its_history(world, figures):
    old, dong_tien, new = figures

    profile = commune_profile(old)

    assert profile.unit == old and profile.current == new and profile.changed
    [change] = profile.history
    assert change.kind == "merge" and change.effective_on == MERGER
    assert change.before == [old, dong_tien]  # the twinning's own commune first
    assert change.after == new


def test_it_adds_up_populations_and_households_of_the_merged_communes(world, figures):
    present = by_code(commune_profile(figures[0]))

    assert present["population"].how == SUM
    assert present["population"].year == 2024
    assert present["population"].value == 2388 + 3600
    assert present["population"].parts == [("Đông Giang", 2388), ("Đông Tiến", 3600)]
    assert present["households"].value == 562 + 880


def test_it_weights_a_rate_by_the_households_it_is_a_share_of(world, figures):
    rate = by_code(commune_profile(figures[0]))["poor_household_rate"]

    assert rate.how == WEIGHTED
    expected = (Decimal("19.8") * 562 + Decimal("30.0") * 880) / (562 + 880)
    assert rate.value == expected.quantize(Decimal("0.1")) == Decimal("26.0")


def test_a_rate_without_the_other_commune_is_the_former_communes_and_is_never_added(world, figures):
    electricity = by_code(commune_profile(figures[0]))["households_with_electricity"]

    assert electricity.how == FORMER
    assert electricity.value == 100 and electricity.year == 2024


def test_a_value_recorded_for_the_present_commune_is_shown_as_recorded(world, figures):
    old, _dong_tien, new = figures
    value(new, "population", "people", 2025, 6010)

    present = by_code(commune_profile(old))

    assert present["poor_and_near_poor_rate"].how == RECORDED
    assert present["poor_and_near_poor_rate"].value == Decimal("31.4")
    assert present["population"].how == RECORDED and present["population"].value == 6010


def test_a_figure_is_not_added_up_while_a_merged_commune_lacks_it(world, merged):
    old, _dong_tien, _new = merged
    value(old, "population", "people", 2024, 2388)  # Đông Tiến's population unknown

    assert "population" not in by_code(commune_profile(old))


def test_a_commune_that_never_changed_has_no_history_and_no_present_table(world):
    profile = commune_profile(world.commune)

    assert profile.current == world.commune
    assert not profile.changed and profile.history == [] and profile.present == []


def page(client, world, language="en"):
    client.force_login(world.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("programmes:twinning", args=[world.twinning.slug]))
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_twinning_page_says_which_unit_and_shows_the_merged_figures(client, world, figures):
    html = page(client, world)

    assert (
        "The figures below describe the former Đông Giang commune (Hàm Thuận Bắc), "
        "with which the twinning was signed." in html
    )
    assert (
        "Đông Giang commune (Lâm Đồng) was merged from Đông Giang, Đông Tiến on 01/07/2025." in html
    )
    assert "Nghị quyết 1671/NQ-UBTVQH15" in html
    assert "Đông Giang commune (Lâm Đồng) today" in html
    row = re.search(r'<tr data-indicator="population">(.*?)</tr>', html).group(1)
    assert "5,988" in row and "2024" in row  # English thousands separator
    assert "sum of the merged communes: Đông Giang 2,388 + Đông Tiến 3,600" in row
    row = re.search(r'<tr data-indicator="households_with_electricity">(.*?)</tr>', html).group(1)
    assert "rate for the former Đông Giang commune only" in row
    row = re.search(r'<tr data-indicator="poor_household_rate">(.*?)</tr>', html).group(1)
    assert "26" in row and "weighted by their households" in row


def test_the_page_of_an_unchanged_commune_only_names_it(client, world):
    html = page(client, world)

    assert "The figures below describe Đông Giang commune (Hàm Thuận Bắc)." in html
    assert 'data-testid="profile-history"' not in html
    assert 'data-testid="profile-present"' not in html
