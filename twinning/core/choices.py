"""Choices shared by several apps: categories of work, provenance of records, date precision."""

from functools import lru_cache, partialmethod

from django.db import models
from django.db.models import Model
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Kinds of twinning work, as the province's reviews and the article group them."""

    EXCHANGE = "exchange", _("Exchange, culture and sports")
    FESTIVAL = "festival", _("Festivals")
    GIFTS = "gifts", _("Gifts and social support")
    EDUCATION = "education", _("Education support")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure (electricity, lighting, school repair)")
    HEALTH = "health", _("Health and epidemic response")
    TRAINING = "training", _("Training")
    TRADE = "trade", _("Trade promotion (mobile sales)")
    TOURISM = "tourism", _("Tourism promotion")
    ENVIRONMENT = "environment", _("Environment and mass mobilisation")
    GOVERNANCE = "governance", _("Administrative reform and IT")
    POLICY = "policy", _("Policy dissemination")
    OTHER = "other", _("Other")


class Provenance(models.TextChoices):
    """Where a record's facts come from, shown next to it and carried into reports."""

    ENTERED = "entered", _("Entered by a user")
    IMPORTED = "imported", _("Imported from a file")
    SOURCE = "source", _("Taken from a named source")
    ILLUSTRATIVE = "illustrative", _("Illustrative (demo data, not from a source)")
    SYNTHETIC = "synthetic", _("Synthetic (generated for testing)")


class DatePrecision(models.TextChoices):
    """How much of a date is known: "end of August 2016" is known to the month only."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


# --- get_FOO_display, once per language rather than once per call ---------------------------


@lru_cache(maxsize=512)
def _labels(field, language: str) -> dict:
    """Return the field's choices as {value: label} in the language (labels made str once)."""
    return {value: str(label) for value, label in field.flatchoices}


def _display(instance, field) -> str:
    value = getattr(instance, field.attname)
    try:
        return _labels(field, translation.get_language() or "")[value]
    except (KeyError, TypeError):  # a value outside the choices shows as itself, as in Django
        return force_str(value, strings_only=True)


def speed_up_choice_displays(models) -> None:
    """Give the models' choice fields a `get_FOO_display` that looks the label up in a dict
    built once per language. Django's own builds the dict of every choice, with each lazy label
    translated, on every call: a timeline of 20 activities spent about a third of its time
    there. Methods a model defines itself are left alone."""
    for model in models:
        for field in model._meta.concrete_fields:
            if not field.choices:
                continue
            name = f"get_{field.name}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is Model._get_FIELD_display:
                setattr(model, name, partialmethod(_display, field=field))
