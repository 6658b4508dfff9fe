from django import template

from twinning.core.formatting import format_number, format_vnd

register = template.Library()


@register.filter
def vnd(value):
    """{{ amount|vnd }} → "4.800.000 đ" in Vietnamese, "4,800,000 VND" in English."""
    return format_vnd(value)


@register.filter
def vnd_document(value):
    return format_vnd(value, document=True)


@register.filter
def number(value):
    """{{ count|number }} → "1.500" in Vietnamese, "1,500" in English."""
    return format_number(value)
