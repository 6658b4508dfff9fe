"""How activity pages write dates known only to the month or the year."""

import datetime

from django import template
from django.utils.formats import date_format

from twinning.core.choices import DatePrecision

register = template.Library()


def precise_date(day: datetime.date | None, precision: str = DatePrecision.DAY) -> str:
    """Return the date to the precision known: "05/03/2020", "08/2016" or "2016"."""
    if day is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "SHORT_DATE_FORMAT")


@register.filter
def activity_dates(activity) -> str:
    """{{ activity|activity_dates }} → "05/03/2020 – 07/03/2020", "08/2016" or "2016"."""
    start = precise_date(activity.start_date, activity.date_precision)
    if activity.end_date and activity.end_date != activity.start_date:
        return f"{start} – {precise_date(activity.end_date, activity.date_precision)}"
    return start


@register.filter
def person(user) -> str:
    """{{ user|person }} → the user's full name, else the user name, else "—"."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
