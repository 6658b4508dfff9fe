"""Small display helpers shared by the pages: dates as precise as they are known, badges."""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from twinning.core.formatting import format_number

register = template.Library()

_CONFIRMATION_CLASSES = {
    "pending": "text-bg-warning",
    "confirmed": "text-bg-success",
    "disputed": "text-bg-danger",
}
_PLAN_STATUS_CLASSES = {
    "draft": "text-bg-secondary",
    "submitted": "text-bg-info",
    "approved": "text-bg-success",
}
_ACTIVITY_STATUS_CLASSES = {
    "planned": "text-bg-light border",
    "done": "text-bg-primary",
    "cancelled": "text-bg-dark",
}


@register.filter
def precise_date(value: datetime.date | None, precision: str = "day") -> str:
    """{{ date|precise_date:"month" }} → "08/2016"; "year" → "2016"; "day" → "01/08/2016"."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return formats.date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def confirmation_class(value: str) -> str:
    return _CONFIRMATION_CLASSES.get(value, "text-bg-light")


@register.filter
def plan_status_class(value: str | None) -> str:
    return _PLAN_STATUS_CLASSES.get(value or "", "text-bg-light border")


@register.filter
def activity_status_class(value: str) -> str:
    return _ACTIVITY_STATUS_CLASSES.get(value, "text-bg-light")


@register.filter
def due(item) -> str:
    """Return when a plan item is due: "04/2025" or "Q2/2025" (empty if not set)."""
    year = item.plan.year
    if item.due_month:
        return f"{item.due_month:02d}/{year}"
    if item.due_quarter:
        return _("Q%(quarter)s/%(year)s") % {"quarter": item.due_quarter, "year": year}
    return ""


@register.filter
def month_name(value: int | None) -> str:
    return str(MONTHS.get(value, "")) if value else ""


@register.filter
def indicator_value(value, unit: str) -> str:
    """Return an indicator's value as its unit reads: "41,5 %", "met", "1.500"."""
    if value is None:
        return ""
    if unit == "met":
        return _("met") if value else _("not met")
    text = format_number(value)
    if unit == "percent":
        return f"{text} %"
    if unit == "km":
        return f"{text} km"
    return text


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}: a dictionary lookup with a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def user_oversees(user) -> bool:
    """{% user_oversees user as oversees %}: True for province overseers and administrators,
    who get the overview in the menu (the scope is cached for the request)."""
    from twinning import access

    return access.is_overseer(user) or access.is_administrator(user)


@register.filter
def person(user) -> str:
    """{{ plan.approved_by|person }} → the user's full name, else the user name, else "—"."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()
