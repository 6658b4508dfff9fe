"""Choices shared by several apps: categories of work, provenance of records, date precision."""

from django.db import models
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
