from django import template

from twinning.reminders.due import due_for

register = template.Library()


@register.simple_tag
def reminders_due(user):
    """{% reminders_due user as due %}: what is due for the user today (reminders/due.py)."""
    return due_for(user)
