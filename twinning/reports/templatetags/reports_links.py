"""Template helpers for the links to the reports placed on other apps' pages."""

from django import template

from twinning import access
from twinning.access import Capability

register = template.Library()


@register.simple_tag
def may_export(user) -> bool:
    """Return True if the user may export some twinning (and so ask for a large export)."""
    return access.twinnings_with(user, Capability.EXPORT_SUMMARY).exists()
