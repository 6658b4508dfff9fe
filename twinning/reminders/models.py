"""A record of every reminder sent: one row per user, reminder and day, so that running the
command twice on one day sends nothing more (the database refuses the second row)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLAN_NOT_AGREED = "plan_not_agreed", _("Next year's plan not agreed")
    UNCONFIRMED = "unconfirmed", _("Activities awaiting the commune's confirmation")
    REPORT_DUE = "report_due", _("Yearly report due")
    NOT_REPORTED = "not_reported", _("Twinnings that have not reported")
    INACTIVE = "inactive", _("No activity for six months")


class SentReminder(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    twinning = models.ForeignKey(
        "programmes.Twinning",
        verbose_name=_("twinning"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(
        _("key"), max_length=120, help_text=_("What the reminder is about, e.g. plan:12:2027.")
    )
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    email = models.EmailField(_("sent to"))

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "sent_on"], name="sentreminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.user_id} {self.key}"
