"""Who acts: agencies, commune People's Committees, businesses; and who works for whom, in which role."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from twinning.core.choices import Provenance
from twinning.core.text import unique_slug


class Role(models.TextChoices):
    """What a member may do. Scope comes from the membership's organisation (see access.py)."""

    COORDINATOR = "coordinator", _("Coordinator")
    APPROVER = "approver", _("Approver")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    CONTRIBUTOR = "contributor", _("Contributor")
    VIEWER = "viewer", _("Viewer")
    PROVINCE_OVERSEER = "province_overseer", _("Province overseer")
    ADMINISTRATOR = "administrator", _("Administrator")


class OrganisationQuerySet(models.QuerySet):
    def businesses(self):
        return self.filter(kind=Organisation.Kind.BUSINESS)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NATIONAL_AGENCY = "national_agency", _("National agency")
        PROVINCIAL_AGENCY = "provincial_agency", _("Provincial agency")
        PROVINCIAL_COMMITTEE = (
            "provincial_committee",
            _("Provincial People's Committee or Party body"),
        )
        COMMUNE_COMMITTEE = "commune_committee", _("Commune People's Committee")
        BUSINESS = "business", _("Business")
        SCHOOL = "school", _("School")
        ASSOCIATION = "association", _("Association")
        UNION = "union", _("Union")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_(
            "For a People's Committee, its commune or province; for others, where it sits."
        ),
    )
    parent_body = models.CharField(
        _("parent body"),
        max_length=120,
        blank=True,
        help_text=_('Written above the name in document headers, e.g. "UBND TỈNH LÂM ĐỒNG".'),
    )
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    valid_from = models.DateField(_("active from"), null=True, blank=True)
    valid_until = models.DateField(_("active until"), null=True, blank=True)
    succeeded_by = models.ForeignKey(
        "self",
        verbose_name=_("succeeded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("The body that took over this one's work, e.g. after the 2025 reorganisation."),
    )
    slug = models.SlugField(_("short address"), max_length=120, unique=True, blank=True)
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.ENTERED
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        # Messages, because full_clean() (the admin's forms) shows them: without one Django
        # says 'Constraint "org_tax_code_unique" is violated.'
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"],
                condition=~Q(tax_code=""),
                name="org_tax_code_unique",
                violation_error_message=_("Another organisation has this tax code."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="org_period_ordered",
                violation_error_message=_("An organisation cannot end before it begins."),
            ),
            models.CheckConstraint(
                condition=Q(succeeded_by__isnull=True) | ~Q(succeeded_by=models.F("pk")),
                name="org_not_its_own_successor",
                violation_error_message=_("An organisation cannot succeed itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.short_name or self.name)
        super().save(*args, **kwargs)

    def lineage_ids(self) -> set[int]:
        """Return this organisation's id and those of every body it succeeded."""
        seen, frontier = {self.pk}, [self.pk]
        while frontier:
            ids = Organisation.objects.filter(succeeded_by__in=frontier).values_list(
                "pk", flat=True
            )
            frontier = [pk for pk in ids if pk not in seen]
            seen.update(frontier)
        return seen


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
