"""Send each user the day's reminders by e-mail, once a day."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from twinning.reminders.due import Due, due_for
from twinning.reminders.models import SentReminder

logger = logging.getLogger("twinning.reminders")


@dataclass
class Sent:
    users: int = 0
    reminders: int = 0


def _language(user) -> str:
    language = getattr(getattr(user, "profile", None), "language", "")
    return language or settings.LANGUAGE_CODE


def send_reminders(today: datetime.date) -> Sent:
    """Mail every user with an address what is due for them today and was not yet sent today.

    The sent reminders are recorded in the transaction that sends the mail: if the mail fails,
    nothing is recorded and the next run tries again; if it succeeds, the rows make a second
    run the same day send nothing (a unique constraint, even when two runs overlap).
    """
    sent = Sent()
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    for user in users:
        with translation.override(_language(user)):
            items = due_for(user, today)
            if not items:
                continue
            with transaction.atomic():
                new: list[Due] = []
                for item in items:
                    _row, created = SentReminder.objects.get_or_create(
                        user=user,
                        key=item.key,
                        sent_on=today,
                        defaults={
                            "kind": item.kind,
                            "twinning": item.twinning,
                            "email": user.email,
                        },
                    )
                    if created:
                        new.append(item)
                if not new:
                    continue
                context = {
                    "user": user,
                    "items": new,
                    "today": today,
                    "site_url": getattr(settings, "SITE_URL", "").rstrip("/"),
                }
                subject = render_to_string("reminders/email_subject.txt", context).strip()
                body = render_to_string("reminders/email.txt", context)
                send_mail(subject, body, None, [user.email])
            sent.users += 1
            sent.reminders += len(new)
            logger.info("Sent %s reminder(s) to user %s", len(new), user.pk)
    return sent
