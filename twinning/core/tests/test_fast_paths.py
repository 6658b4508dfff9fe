"""The fast paths of formatting and of choice labels give what Django's general paths give."""

import random

import pytest
from django.db.models import Model
from django.utils import formats, numberformat, translation

from twinning.activities.models import Activity
from twinning.core.choices import Category
from twinning.core.formatting import format_number


def general_format(value: int, lang: str) -> str:
    with translation.override(lang):
        return numberformat.format(
            value,
            formats.get_format("DECIMAL_SEPARATOR", lang),
            grouping=formats.get_format("NUMBER_GROUPING", lang),
            thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang),
            force_grouping=True,
        )


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_whole_numbers_are_grouped_as_django_groups_them(lang):
    rng = random.Random(lang)
    values = [0, 7, -7, 999, 1000, -1000, 1_234_567, -1_234_567, 10**15, -(10**15)]
    values += [rng.randrange(-(10**13), 10**13) for _ in range(500)]
    for value in values:
        assert format_number(value, lang) == general_format(value, lang), value


def test_the_separators_are_the_languages():
    assert format_number(4_800_000, "vi") == "4.800.000"
    assert format_number(4_800_000, "en") == "4,800,000"
    assert format_number(-4_800_000, "ar") == general_format(-4_800_000, "ar")
    assert format_number(True, "vi") == general_format(True, "vi")  # a bool is not a count


@pytest.mark.parametrize("lang", ["vi", "en", "ar"])
def test_choice_labels_are_django_s_in_every_language(lang):
    activity = Activity(category=Category.HEALTH, status="done", confirmation="pending")
    field = Activity._meta.get_field("category")
    with translation.override(lang):
        assert activity.get_category_display() == Model._get_FIELD_display(activity, field)
        assert activity.get_category_display() == str(Category.HEALTH.label)
    activity.category = "not-a-category"
    assert activity.get_category_display() == "not-a-category"


def test_labels_follow_the_active_language():
    activity = Activity(category=Category.HEALTH)
    with translation.override("en"):
        english = activity.get_category_display()
    with translation.override("vi"):
        vietnamese = activity.get_category_display()
    assert english != vietnamese
