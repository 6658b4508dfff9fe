"""Public pages: what each twinning gave, when, by whom and to which groups, without sign-in.

Only activities that the commune confirmed and the coordinator published appear (the queries in
reports.queries choose them); no person is ever named. The language is part of the address
(/public/ar/twinnings/...), so a page depends on its URL alone: it is sent with Cache-Control
public, an ETag and Content-Language, and a shared cache may keep it. These pages use their own
layout (public/base.html) rather than base.html, whose CSRF token and user menu would set a
cookie on every response and make it uncacheable.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.views.decorators.http import require_safe

from twinning.core.text import vn_order
from twinning.geo.lineage import current_units
from twinning.programmes.models import Programme, Twinning
from twinning.reports import queries

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def max_age() -> int:
    """Return how long (seconds) a browser or proxy may keep a public page without asking."""
    return int(getattr(settings, "PUBLIC_PAGE_MAX_AGE", 300))


def public_page(view):
    """Render the view in the language of the address and make the response cacheable."""

    @require_safe
    @wraps(view)
    def wrapped(request: HttpRequest, lang: str, **kwargs) -> HttpResponse:
        if lang not in LANGUAGE_CODES:
            raise Http404
        with translation.override(lang):
            request.LANGUAGE_CODE = lang
            response = view(request, lang=lang, **kwargs)
        response.headers["Content-Language"] = lang
        patch_cache_control(response, public=True, max_age=max_age())
        patch_vary_headers(response, ("Accept-Language",))
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapped


def _alternates(name: str, **kwargs) -> list[dict]:
    """Return the same page in every language, for the language links and hreflang."""
    rows = []
    for code, _name in settings.LANGUAGES:
        info = translation.get_language_info(code)
        rows.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": reverse(f"public:{name}", kwargs={"lang": code, **kwargs}),
            }
        )
    return rows


@require_safe
def choose_language(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Send the reader on to the page in their language (cookie, then browser)."""
    lang = translation.get_language_from_request(request)
    lang = lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE
    name = request.resolver_match.url_name.removesuffix("_start")
    kwargs = {"lang": lang} | ({"slug": slug} if slug else {})
    response = redirect(reverse(f"public:{'index' if name == 'start' else name}", kwargs=kwargs))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, max_age=0)
    return response


@public_page
def index(request: HttpRequest, lang: str) -> HttpResponse:
    """Return the list of programmes that have twinnings."""
    programmes = (
        Programme.objects.filter(Exists(Twinning.objects.filter(programme=OuterRef("pk"))))
        .select_related("province")
        .order_by(vn_order("name"))
    )
    return render(
        request,
        "public/index.html",
        {"programmes": programmes, "alternates": _alternates("index")},
    )


@public_page
def programme(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    """Return the programme with each twinning's published totals."""
    programme = get_object_or_404(Programme.objects.select_related("province"), slug=slug)
    twinnings = Twinning.objects.filter(programme=programme).order_by(
        vn_order("sponsor__name"), "pk"
    )
    rows = queries.public_programme_rows(twinnings)
    total = queries.ValueSplit()
    for row in rows:
        for name in ("total", "direct", "mobilised", "cash", "in_kind", "service"):
            setattr(total, name, getattr(total, name) + getattr(row.value, name))
    context = {
        "programme": programme,
        "rows": rows,
        "total": total,
        "activities": sum(row.activities for row in rows),
        "beneficiaries": sum(row.beneficiaries for row in rows),
        "alternates": _alternates("programme", slug=slug),
    }
    return render(request, "public/programme.html", context)


def _charts(totals: queries.Totals) -> dict:
    """Return the chart specifications (read by public/js/charts.js from json_script)."""
    by_year = {
        "type": "bar",
        "stacked": True,
        "money": True,
        "labels": [str(row.year) for row in totals.by_year],
        "datasets": [
            {
                "label": str(translation.gettext("The sponsor's own")),
                "data": [row.value.direct for row in totals.by_year],
            },
            {
                "label": str(translation.gettext("Mobilised from others")),
                "data": [row.value.mobilised for row in totals.by_year],
            },
        ],
    }
    rows = [row for row in totals.by_category if row.value.total]
    by_category = {
        "type": "bar",
        "indexAxis": "y",
        "money": True,
        "labels": [row.label for row in rows],
        "datasets": [
            {
                "label": str(translation.gettext("Value (VND)")),
                "data": [row.value.total for row in rows],
            }
        ],
    }
    return {"by_year": by_year, "by_category": by_category}


@public_page
def twinning(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    """Return what the twinning gave, when, by which organisations, to which groups."""
    twinning = get_object_or_404(
        Twinning.objects.select_related(
            "programme", "sponsor", "partner_unit__parent__parent", "partner_organisation"
        ),
        slug=slug,
    )
    activities = queries.public_activities(twinning)
    totals = queries.public_totals(twinning)
    timeline = queries.public_timeline(activities)
    today_units = [
        unit for unit in current_units(twinning.partner_unit) if unit != twinning.partner_unit
    ]
    years: dict[int, list] = {}
    for item in timeline:
        years.setdefault(item.year, []).append(item)
    context = {
        "twinning": twinning,
        "totals": totals,
        "timeline_years": sorted(years.items(), reverse=True),
        "contributors": queries.public_contributors(activities),
        "photos": [photo for item in timeline for photo in item.photos],
        "today_units": today_units,
        "charts": _charts(totals),
        "alternates": _alternates("twinning", slug=slug),
    }
    return render(request, "public/twinning.html", context)


@require_safe
def photo(request: HttpRequest, pk: int, thumbnail: bool = False) -> HttpResponse:
    """Return a photo marked public of a published activity (404 for any other file)."""
    attachment = queries.public_photo(pk)
    if attachment is None or not attachment.content_type.startswith("image/"):
        raise Http404
    field = attachment.thumbnail if thumbnail and attachment.thumbnail else attachment.file
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    content_type = "image/jpeg" if field is attachment.thumbnail else attachment.content_type
    response = FileResponse(handle, content_type=content_type)
    patch_cache_control(response, public=True, max_age=max_age())
    return response
