"""Documents as a person reads them: Word and Excel files converted to PDF by LibreOffice
(headless, Debian's libreoffice-writer-nogui and libreoffice-calc-nogui), PDF read back with
poppler's pdftotext -layout and pdfinfo.

Without soffice or pdftotext the tests that need them are skipped, except where
TWINNING_REQUIRE_BROWSER=1 (CI, which installs them: .ci/run), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def require_tools() -> None:
    missing = [name for name in ("soffice", "pdftotext", "pdfinfo") if not _which(name)]
    if not missing:
        return
    message = f"{', '.join(missing)} missing: apt-get install libreoffice-writer-nogui " \
        "libreoffice-calc-nogui poppler-utils"  # fmt: skip
    if os.environ.get("TWINNING_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _which(name: str) -> str | None:
    return SOFFICE if name == "soffice" else shutil.which(name)


def to_pdf(paths: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert the files to PDF with LibreOffice in one run, with a profile of this process's
    own (parallel test workers must not share one); return each file's PDF."""
    require_tools()
    profile = Path(f"/tmp/lo-{os.getpid()}")
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, paths)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    found = {path: outdir / f"{path.stem}.pdf" for path in paths}
    for path, pdf in found.items():
        assert pdf.exists(), f"LibreOffice did not convert {path.name}"
    return found


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """Return the PDF's text as pdftotext gives it (-layout: lines as on the page)."""
    require_tools()
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


# Marks of direction that pdftotext writes around right-to-left runs, and that documents put
# around names; invisible, left out of comparisons.
MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)


def lines(text: str) -> list[str]:
    """Return the text's lines, marks of direction removed and spaces collapsed."""
    return [" ".join(line.translate(MARKS).split()) for line in text.splitlines()]


def on_one_line(text: str, wanted: str) -> bool:
    """Return whether `wanted` is written whole on one line of the rendered text (spaces left
    out: pdftotext moves them around the neutral characters of right-to-left lines)."""
    flat = "".join(wanted.split())
    return any(flat in "".join(line.split()) for line in lines(text))
