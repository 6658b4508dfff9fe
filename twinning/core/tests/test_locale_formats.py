"""Dates typed and shown as dd/mm/yyyy in every language (Django's own `vi` would read 05/03/2020
as 3 May), numbers and money with each language's separators, and Decree 30's long date."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

from twinning.activities.models import Activity
from twinning.activities.tests.helpers import new_activity_data, sign_in
from twinning.core.formatting import decree30_date, format_number, format_vnd

LANGUAGES = ["vi", "en", "ar"]


class DayForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_reads_day_first_and_writes_it_back(language):
    with translation.override(language):
        form = DayForm({"day": "05/03/2020"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2020, 3, 5)
        again = DayForm(initial={"day": form.cleaned_data["day"]})
        assert 'value="05/03/2020"' in str(again["day"])


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Nhập một ngày hợp lệ."), ("en", "Enter a valid date."), ("ar", "أدخل تاريخاً صحيحاً.")],
)
def test_an_impossible_date_is_an_error_in_the_language(language, message):
    with translation.override(language):
        form = DayForm({"day": "31/02/2020"})
        assert not form.is_valid()
        assert form.errors["day"] == [message]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_activity_form_round_trips_a_day_first_date(client, world, language):
    sign_in(client, world.coordinator, language=language)
    create = reverse("activities:create", args=[world.twinning.slug])
    response = client.post(create, new_activity_data(start_date="05/03/2020"))
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.start_date == datetime.date(2020, 3, 5)
    edit = client.get(reverse("activities:edit", args=[activity.pk])).content.decode()
    assert re.search(r'name="start_date"[^>]*value="05/03/2020"', edit)


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Nhập một ngày hợp lệ."), ("en", "Enter a valid date."), ("ar", "أدخل تاريخاً صحيحاً.")],
)
def test_the_activity_form_shows_an_impossible_date_at_its_field(client, world, language, message):
    sign_in(client, world.coordinator, language=language)
    create = reverse("activities:create", args=[world.twinning.slug])
    data = new_activity_data(start_date="31/02/2020")
    response = client.post(create, data)
    assert response.status_code in (200, 400, 422)
    assert not Activity.objects.exists()
    html = response.content.decode()
    # The message is next to the field, and what was typed is kept.
    field = re.search(r'<input[^>]*name="start_date"[^>]*>', html).group(0)
    assert 'value="31/02/2020"' in field and "is-invalid" in field
    assert message in html
    assert data["title"] in html


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("vi", "05/01/2026", "05/01/2026"),
        ("en", "5 Jan 2026", "05/01/2026"),
        ("ar", "5 يناير 2026", "05/01/2026"),
    ],
)
def test_dates_are_shown_in_each_language(language, long, short):
    day = datetime.date(2026, 1, 5)
    with translation.override(language):
        assert formats.date_format(day) == long
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short


@pytest.mark.parametrize(
    ("language", "number", "money", "document", "decimal"),
    [
        ("vi", "4.800.000", "4.800.000 đ", "4.800.000 đồng", "1.234,5"),
        ("en", "4,800,000", "4,800,000 VND", "4,800,000 VND", "1,234.5"),
        ("ar", "4٬800٬000", "4٬800٬000 دونغ", "4٬800٬000 دونغ فيتنامي", "1٬234٫5"),
    ],
)
def test_numbers_and_money_in_each_language(language, number, money, document, decimal):
    assert format_number(4_800_000, language) == number
    assert format_vnd(4_800_000, language) == money
    assert format_vnd(4_800_000, language, document=True) == document
    assert format_number(Decimal("1234.5"), language) == decimal
    with translation.override(language):
        # What templates print with {{ value }} / floatformat: the same separators.
        assert formats.number_format(4_800_000, force_grouping=True) == number


def test_the_long_date_of_decree_30():
    assert decree30_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
