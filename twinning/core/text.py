"""Text helpers for Vietnamese: slugs that keep đ as d, NFC normalisation, dictionary sort keys."""

from __future__ import annotations

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


def vn_sort_key(text: str) -> tuple:
    """Return a key that sorts Vietnamese names in dictionary order (letters first, then tones)."""
    letters, tones = [], []
    for ch in nfc(text).lower():
        base, tone = _split_letter(ch)
        index = _BASE_ORDER.find(base) if len(base) == 1 else -1
        letters.append((0, index, "") if index >= 0 else (1 if base.isalnum() else -1, 0, base))
        tones.append(tone)
    return (tuple(letters), tuple(tones))
