"""Abstract bases shared by the domain apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.choices import Provenance


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record edited by several people: `version` grows by one on every save through
    `core.versioning.save_if_unchanged`, so a stale form is refused instead of overwriting."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class WithProvenance(models.Model):
    """A record that says where its facts come from: typed in, imported (file and row), taken
    from a named source such as the article, or illustrative demo data."""

    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.ENTERED
    )
    source = models.ForeignKey(
        "sources.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    provenance_detail = models.CharField(
        _("provenance detail"),
        max_length=255,
        blank=True,
        help_text=_("For imports the file and row; for a source the passage it comes from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class ChangeMarker(models.Model):
    """How many times, and when last, the data behind a cached page fragment changed.

    A scope is a name such as "twinning:12" (its activities, contributions and beneficiary
    counts) or "reference" (administrative units and their history, indicators, ethnic
    composition). Writers touch it in their own transaction (`core.markers`); pages put its
    token in the key of what they cache, so a changed scope is a cache miss in every app process
    at once, and nothing needs to be deleted from the cache."""

    scope = models.CharField(_("scope"), max_length=64, primary_key=True)
    changes = models.BigIntegerField(_("changes"), default=0)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("change marker")
        verbose_name_plural = _("change markers")

    def __str__(self) -> str:
        return f"{self.scope}: {self.changes}"
