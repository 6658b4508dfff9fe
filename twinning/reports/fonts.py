"""Fonts for the PDF and the chart images, from the project's pinned npm packages
(@fontsource/tinos, @fontsource/tajawal, @fontsource/noto-sans and @fontsource/noto-sans-arabic
in package-lock.json): nothing is downloaded at run time and no font file is committed. Where
the packages are is said by one function, `package_files` (node_modules today).

Decree 30 documents are set in Times New Roman. The Word file names it (the reader's machine has
it); a PDF must embed its font, and Times New Roman comes with no package, so the PDF uses Tinos,
the metric-compatible Times clone (same widths, so lines and pages break as in Times New Roman),
which has the Vietnamese subset.

Tinos has no Arabic. The PDF sets Arabic in Tajawal: each of its glyphs stands for one letter
in one form, so the PDF's ToUnicode map gives back the very words (copy, search, screen readers).
Noto Sans Arabic, used before, draws dotted letters as a shared skeleton plus dots, and a PDF
built from it extracts "بتيمت" for "بقيمة". The charts (pictures) keep Noto Sans Arabic.

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

from twinning.bundle import npm_dir


def package_files(package: str) -> Path:
    """Return the folder of a @fontsource package's font files (twinning.bundle.npm_dir says
    where the vendor packages live: node_modules in a checkout, the wheel's copy installed)."""
    return npm_dir(f"@fontsource/{package}") / "files"


NOTO = package_files("noto-sans")
NOTO_ARABIC = package_files("noto-sans-arabic")
TINOS = package_files("tinos")
TAJAWAL = package_files("tajawal")
SERIF_FAMILY = "Twinning Serif"
ARABIC_FAMILY = "Twinning Arabic"
SANS_FAMILY = "Twinning Noto"

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


def serif_files(weight: int = 400, style: str = "normal") -> list[Path]:
    """Return Tinos's Latin, Latin Extended and Vietnamese subsets of the weight and style."""
    return [TINOS / f"tinos-{subset}-{weight}-{style}.woff" for subset in SUBSETS]


def serif_available() -> bool:
    return all(path.exists() for path in serif_files())


def arabic_files(weight: int = 400) -> list[Path]:
    """Return Tajawal's Arabic and Latin subsets of the weight (the documents' Arabic)."""
    return [TAJAWAL / f"tajawal-{subset}-{weight}-normal.woff" for subset in ("arabic", "latin")]


def arabic_available() -> bool:
    return all(path.exists() for path in arabic_files())


def merged_arabic_path(weight: int = 400) -> Path:
    """Return the path of the merged Tajawal file, writing it on first use."""
    name = f"tajawal-merged-{weight}"
    return _written(_cache_path(name), lambda: _merge(arabic_files(weight), name))


# (weight, style) of the faces the documents use: body, bold, and the italic date line.
SERIF_FACES = [(400, "normal"), (700, "normal"), (400, "italic"), (700, "italic")]


def font_face_css() -> str:
    """Return @font-face rules for WeasyPrint, pointing at the merged font files: "Twinning Serif"
    (Tinos) for the text, "Twinning Arabic" (Tajawal) for Arabic, and "Twinning Noto" (Noto
    Sans with Noto Sans Arabic) for anything else. Documents name them in FONT_FAMILY_CSS.

    The subsets are merged first (as for the charts): given as separate files of one family,
    WeasyPrint embeds them as a single PDF font and mixes up their glyphs."""
    rules = []
    if serif_available():
        for weight, style in SERIF_FACES:
            path = merged_serif_path(weight, style)
            rules.append(
                f'@font-face {{ font-family: "{SERIF_FAMILY}"; font-weight: {weight}; '
                f'font-style: {style}; src: url("{path.as_uri()}"); }}'
            )
    if arabic_available():
        for weight in (400, 700):
            path = merged_arabic_path(weight)
            rules.append(
                f'@font-face {{ font-family: "{ARABIC_FAMILY}"; font-weight: {weight}; '
                f'src: url("{path.as_uri()}"); unicode-range: {ARABIC_RANGE}; }}'
            )
    for weight in (400, 700):
        path = merged_font_path(weight)
        rules.append(
            f'@font-face {{ font-family: "{SANS_FAMILY}"; font-weight: {weight}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)


FONT_FAMILY_CSS = f'"{SERIF_FAMILY}", "{ARABIC_FAMILY}", "{SANS_FAMILY}"'


def merged_font_path(weight: int = 400) -> Path:
    """Return the path of the merged Noto file, writing it on first use."""
    return _written(_cache_path(f"noto-sans-merged-{weight}"), lambda: merged_font(weight))


def merged_serif_path(weight: int = 400, style: str = "normal") -> Path:
    """Return the path of the merged Tinos file (Latin and Vietnamese), writing it on first use."""
    name = f"tinos-merged-{weight}-{style}"
    return _written(_cache_path(name), lambda: _merge(serif_files(weight, style), name))


def _written(path: Path, make) -> Path:
    if not path.exists():
        data = make()
        if not path.exists():  # the cache directory may be read-only: use a temporary file
            import tempfile

            with tempfile.NamedTemporaryFile(suffix=".ttf", delete=False) as handle:
                handle.write(data)
            return Path(handle.name)
    return path


def _cache_path(name: str) -> Path:
    return Path(settings.VAR_DIR) / "cache" / f"{name}.ttf"


@functools.lru_cache(maxsize=2)
def merged_font(weight: int = 400) -> bytes:
    """Return one TrueType font holding the Latin, Vietnamese and Arabic subsets (for Pillow)."""
    return _merge(
        [path for path, _family, _range in font_files(weight)], f"noto-sans-merged-{weight}"
    )


def _merge(paths: list[Path], name: str) -> bytes:
    """Return the subsets merged into one TrueType font, cached under var/cache by `name`."""
    cache = _cache_path(name)
    if cache.exists():
        return cache.read_bytes()
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    parts = []
    for path in paths:
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
