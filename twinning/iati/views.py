"""The IATI activity files, for anyone: they hold only what the public pages show."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from twinning.iati import export
from twinning.programmes.models import Programme
from twinning.public.views import max_age


def _xml(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=max_age())
    return response


@require_safe
def twinning_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the IATI 2.03 activity file of a twinning."""
    twinning = get_object_or_404(export._twinnings(), slug=slug)
    return _xml(export.twinning_file(twinning), f"iati-{twinning.slug}.xml")


@require_safe
def programme_file(request: HttpRequest, slug: str) -> HttpResponse:
    """Return the IATI 2.03 activity file of a programme and its twinnings."""
    programme = get_object_or_404(
        Programme.objects.select_related("coordinating_organisation"), slug=slug
    )
    return _xml(export.programme_file(programme), f"iati-{programme.slug}.xml")
