"""The IATI files, for anyone (they hold only what the public pages show), and a page that lists
the files with what their checks found, for signed-in users.

A file is checked as it is made (schema and IATI Standard Ruleset, validation.py): one with an
error is not served as IATI data; the reader gets a page saying what is wrong instead (503), so
that no registry ever harvests an invalid file."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from twinning import access
from twinning.iati import export
from twinning.iati.publishing import CheckedFile, checked, every_file
from twinning.programmes.models import Programme

logger = logging.getLogger("twinning.iati")
FILES_PER_PAGE = 20


def _max_age() -> int:
    """Return how long (seconds) a browser or proxy may keep a file, as the public pages."""
    return int(getattr(settings, "PUBLIC_PAGE_MAX_AGE", 300))


def _served(request: HttpRequest, file: CheckedFile) -> HttpResponse:
    """Return the file, or, when its checks found an error, a page that lists them (503)."""
    if file.errors:
        logger.error(
            "IATI file %s not served: %s",
            file.filename,
            "; ".join(f"{f.rule}: {f.message}" for f in file.errors),
        )
        return render(request, "iati/refused.html", {"file": file}, status=503)
    response = HttpResponse(file.content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{file.filename}"'
    patch_cache_control(response, public=True, max_age=_max_age())
    return response


@require_safe
def twinning_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the IATI 2.03 activity file of a twinning."""
    twinning = get_object_or_404(export.twinnings(), slug=slug)
    return _served(request, checked("twinning", twinning))


@require_safe
def programme_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the IATI 2.03 activity file of a programme (its twinnings are in their own files)."""
    programme = get_object_or_404(
        Programme.objects.select_related("coordinating_organisation"), slug=slug
    )
    return _served(request, checked("programme", programme))


@require_safe
def organisation_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the IATI 2.03 organisation file of an organisation that reports twinnings."""
    organisation = export.reporting_organisations().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return _served(request, checked("organisation", organisation))


@require_safe
@login_required
def files(request: HttpRequest) -> HttpResponse:
    """Return the page listing the IATI files of the twinnings the user sees (their programmes
    and reporting organisations first), each with what its checks found, 20 files a page."""
    twinnings = export.twinnings().filter(
        pk__in=access.visible_twinnings(request.user).values("pk")
    )
    subjects = list(every_file(twinnings.order_by("slug")))
    page = Paginator(subjects, FILES_PER_PAGE).get_page(request.GET.get("page"))
    rows = [checked(kind, subject) for kind, subject in page.object_list]
    return render(request, "iati/files.html", {"page": page, "rows": rows})
