import datetime

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def public_date(value: datetime.date | None, precision: str = "day") -> str:
    """{{ day|public_date:"month" }} → "08/2016": only as much of the date as is known."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return formats.date_format(value, "SHORT_DATE_FORMAT")
