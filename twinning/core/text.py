"""Text helpers for Vietnamese: slugs that keep đ as d, NFC normalisation, dictionary sort keys."""

from __future__ import annotations

import functools
import unicodedata

from django.utils.text import slugify


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def vn_slugify(text: str) -> str:
    """Return an ASCII slug; "Đông Giang" becomes "dong-giang" (slugify alone drops the đ)."""
    return slugify(nfc(text).replace("đ", "d").replace("Đ", "D"))


def unique_slug(model, text: str, *, field: str = "slug", max_length: int = 100) -> str:
    """Return a slug for `text` not yet used in `model`, adding -2, -3... when needed."""
    base = vn_slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 1
    while model._default_manager.filter(**{field: slug}).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Vietnamese dictionary order: a < ă < â, d < đ, e < ê, o < ô < ơ, u < ư; then tones
# none < huyền (grave) < hỏi (hook) < ngã (tilde) < sắc (acute) < nặng (dot below).
_BASE_ORDER = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}


def _split_letter(ch: str) -> tuple[str, int]:
    """Return the letter without its tone, and the tone's rank (0 for none)."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


@functools.lru_cache(maxsize=65536)
def vn_sort_key(text: str) -> tuple:
    """Return a key that sorts Vietnamese names in dictionary order (letters first, then tones)."""
    letters, tones = [], []
    for ch in nfc(text).lower():
        base, tone = _split_letter(ch)
        index = _BASE_ORDER.find(base) if len(base) == 1 else -1
        letters.append((0, index, "") if index >= 0 else (1 if base.isalnum() else -1, 0, base))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


# The collation that sorts names in Vietnamese dictionary order in the database. PostgreSQL has it
# from ICU (created by core's migration 0002 where missing); on SQLite it is registered on every
# connection with vn_sort_key (register_sqlite_collation, connected in core/apps.py).
VN_COLLATION = "vi-VN-x-icu"


def vn_compare(a: str | None, b: str | None) -> int:
    """Compare two texts in Vietnamese dictionary order (ties broken by the texts themselves)."""
    ka, kb = vn_sort_key(a or ""), vn_sort_key(b or "")
    if ka == kb:
        ka, kb = a or "", b or ""
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """Register VN_COLLATION on a new SQLite connection (the connection_created signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VN_COLLATION, vn_compare)


def vn_order(field: str, *, descending: bool = False):
    """Return an ordering on `field` in Vietnamese dictionary order: order_by(vn_order("name"))."""
    from django.db.models.functions import Collate

    expression = Collate(field, VN_COLLATION)
    return expression.desc() if descending else expression.asc()
