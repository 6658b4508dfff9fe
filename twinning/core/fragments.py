"""Page fragments rendered once and served from the cache until their data changes.

A fragment is a template rendered from data that does not depend on who is looking (the totals
of a twinning, a commune's profile). Its cache key holds:

- the template's own digest, so that a deployment with a changed template never serves the old
  HTML from a cache shared by several app processes (Redis);
- the active language, since labels, numbers and dates are written in it;
- the tokens of the change markers of its data (`core.markers`), plus whatever else the caller
  says the fragment varies on.

A write changes the marker's token in its own transaction, so the next request in any process
builds the fragment again; old entries are never read again and expire. What depends on the user
(buttons, links that need a right, CSRF tokens) stays outside fragments.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

TIMEOUT = 60 * 60 * 24  # a day: an entry still read lives on; a replaced one simply expires


@lru_cache(maxsize=64)
def _digest(template_name: str) -> str:
    source = get_template(template_name).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def template_digest(template_name: str) -> str:
    if settings.DEBUG:  # templates may be edited while the development server runs
        _digest.cache_clear()
    return _digest(template_name)


def fragment_key(template_name: str, vary_on: Iterable[object]) -> str:
    parts = [template_name, template_digest(template_name), translation.get_language() or ""]
    parts += [str(part) for part in vary_on]
    return "fragment:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_fragment(
    template_name: str, vary_on: Iterable[object], context: Callable[[], dict]
) -> SafeString:
    """Return the rendered template from the cache, or render it with `context()` (called only
    on a miss) and keep it."""
    key = fragment_key(template_name, vary_on)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 (our own template's output, escaped when rendered)
