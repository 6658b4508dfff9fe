"""Fonts for the PDF and the chart images, from the project's pinned npm packages
(@fontsource/noto-sans and @fontsource/noto-sans-arabic in package-lock.json): nothing is
downloaded at run time and no font file is committed.

@fontsource ships each script as its own subset (latin, latin-ext, vietnamese, arabic).
WeasyPrint picks the subset per character through `unicode-range`; Pillow cannot fall back
between files, so for the charts the subsets are merged once (fontTools) into one TrueType file
kept under var/cache. WeasyPrint uses the merged files too: given the subsets as separate files
of one family, it embeds them as one PDF font and mixes up their glyphs.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from django.conf import settings

NOTO = Path(settings.NODE_MODULES) / "@fontsource" / "noto-sans" / "files"
NOTO_ARABIC = Path(settings.NODE_MODULES) / "@fontsource" / "noto-sans-arabic" / "files"

# subset file stem -> unicode-range, as @fontsource's own CSS declares them
SUBSETS = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, "
    "U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, "
    "U+FEFF, U+FFFD",
    "latin-ext": "U+0100-02BA, U+02BD-02C5, U+02C7-02CC, U+02CE-02D7, U+02DD-02FF, U+0304, "
    "U+0308, U+0329, U+1D00-1DBF, U+1E00-1E9F, U+1EF2-1EFF, U+2020, U+20A0-20AB, "
    "U+20AD-20C0, U+2113, U+2C60-2C7F, U+A720-A7FF",
    "vietnamese": "U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, "
    "U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB",
}
ARABIC_RANGE = (
    "U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0897-08E1, U+08E3-08FF, "
    "U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC"
)


def font_files(weight: int = 400) -> list[tuple[Path, str, str]]:
    """Return (file, family, unicode-range) of every subset the documents use."""
    files = [
        (NOTO / f"noto-sans-{subset}-{weight}-normal.woff", "Noto Sans", urange)
        for subset, urange in SUBSETS.items()
    ]
    files.append(
        (
            NOTO_ARABIC / f"noto-sans-arabic-arabic-{weight}-normal.woff",
            "Noto Sans Arabic",
            ARABIC_RANGE,
        )
    )
    return files


def available() -> bool:
    return all(path.exists() for path, _f, _r in font_files())


def font_face_css() -> str:
    """Return @font-face rules for WeasyPrint, pointing at the merged font files.

    The subsets are merged first (as for the charts): given as separate files of one family,
    WeasyPrint embeds them as a single PDF font and mixes up their glyphs."""
    rules = []
    for weight in (400, 700):
        path = merged_font_path(weight)
        rules.append(
            f'@font-face {{ font-family: "Twinning Noto"; font-weight: {weight}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


def merged_font_path(weight: int = 400) -> Path:
    """Return the path of the merged font file, writing it on first use."""
    path = _cache_path(weight)
    if not path.exists():
        data = merged_font(weight)
        if not path.exists():  # the cache directory may be read-only: use a temporary file
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as handle:
                handle.write(data)
            return Path(handle.name)
    return path


def _cache_path(weight: int) -> Path:
    return Path(settings.VAR_DIR) / "cache" / f"noto-sans-merged-{weight}.ttf"


@functools.lru_cache(maxsize=2)
def merged_font(weight: int = 400) -> bytes:
    """Return one TrueType font holding the Latin, Vietnamese and Arabic subsets (for Pillow)."""
    cache = _cache_path(weight)
    if cache.exists():
        return cache.read_bytes()
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    parts = []
    for path, _family, _range in font_files(weight):
        font = TTFont(path)
        font.flavor = None
        buffer = io.BytesIO()
        font.save(buffer)
        buffer.seek(0)
        parts.append(buffer)
    merged = Merger().merge(parts)
    out = io.BytesIO()
    merged.save(out)
    data = out.getvalue()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_bytes(data)
    except OSError:
        pass  # a read-only var/ only costs the merge again next time
    return data
