"""The IATI files Twinning publishes, each made and checked in one place: the web views, the
files page and the `iati_export` command all go through `checked()`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse

from twinning.iati import export, validation
from twinning.iati.identifiers import current_organisation
from twinning.organisations.models import Organisation
from twinning.programmes.models import Programme, Twinning


@dataclass
class CheckedFile:
    kind: str  # "twinning", "programme" or "organisation"
    slug: str
    label: str
    content: bytes
    findings: list[validation.Finding] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"iati-{self.kind}-{self.slug}.xml"

    @property
    def url(self) -> str:
        return reverse(f"iati:{self.kind}", args=[self.slug])

    @property
    def errors(self) -> list[validation.Finding]:
        return validation.errors(self.findings)

    @property
    def warnings(self) -> list[validation.Finding]:
        return [f for f in self.findings if not f.is_error]


def checked(kind: str, subject: Twinning | Programme | Organisation) -> CheckedFile:
    """Return the file of a twinning, a programme or a reporting organisation with what its
    checks (schema and IATI Standard Ruleset) found."""
    if kind == "twinning":
        content, label = export.twinning_file(subject), str(subject)
    elif kind == "programme":
        content, label = export.programme_file(subject), subject.name
    elif kind == "organisation":
        content, label = export.organisation_file(subject), subject.name
    else:
        raise ValueError(kind)
    return CheckedFile(kind, subject.slug, label, content, validation.validate(content))


def every_file(twinnings: Iterable[Twinning]) -> Iterator[tuple[str, object]]:
    """Yield (kind, subject) for the files behind the given twinnings: their programmes, their
    reporting organisations, then the twinnings themselves."""
    twinnings = list(twinnings)
    programme_ids = {t.programme_id for t in twinnings}
    for programme in Programme.objects.filter(pk__in=programme_ids).order_by("slug"):
        yield "programme", programme
    programmes = Programme.objects.filter(pk__in=programme_ids).select_related(
        "coordinating_organisation__succeeded_by"
    )
    reporters = {current_organisation(t.sponsor).pk for t in twinnings} | {
        current_organisation(p.coordinating_organisation).pk
        for p in programmes
        if p.coordinating_organisation is not None
    }
    for organisation in Organisation.objects.filter(pk__in=reporters).order_by("slug"):
        yield "organisation", organisation
    for twinning in twinnings:
        yield "twinning", twinning
