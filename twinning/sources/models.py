"""Named sources that records point to as their provenance (an article, a decision, a report)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("News article")
        DOCUMENT = "document", _("Official document")
        REPORT = "report", _("Report")
        DATASET = "dataset", _("Data set")
        NOTE = "note", _("Note")

    key = models.SlugField(
        _("key"), max_length=80, unique=True, help_text=_("A short stable name, e.g. article-2023.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    text = models.TextField(_("text"), blank=True)
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title
