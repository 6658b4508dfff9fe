"""The front-end files a wheel carries: what the pages and documents use, found in one place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from twinning import bundle

TEMPLATE_VENDOR = re.compile(r"""\{%\s*static\s+['"](vendor/[^'"]+)['"]""")


def _vendor_files_linked_from_templates() -> set[str]:
    root = Path(settings.BASE_DIR)
    linked = set()
    for template in root.rglob("*.html"):
        if "vendor" in template.relative_to(root).parts[:1]:
            continue
        linked.update(TEMPLATE_VENDOR.findall(template.read_text(encoding="utf-8")))
    return linked


def _gathered_static_paths(target: Path) -> set[str]:
    """Return the static paths (vendor/...) the gathered copy in `target` can serve."""
    served = set()
    for entry in bundle.SERVED:
        folder = target / entry.package / entry.folder
        for path in folder.rglob("*"):
            if path.is_file():
                served.add(f"{entry.prefix}/{path.relative_to(folder).as_posix()}")
    return served


@pytest.fixture(scope="module")
def gathered(tmp_path_factory) -> Path:
    if not bundle.NODE_MODULES.is_dir():
        pytest.skip("needs node_modules (make deps)")
    target = tmp_path_factory.mktemp("vendor")
    bundle.gather(target)
    return target


def test_every_vendor_file_a_template_links_to_is_gathered(gathered):
    linked = _vendor_files_linked_from_templates()

    assert "vendor/chart.js/chart.umd.js" in linked  # the scan finds the links
    assert linked <= _gathered_static_paths(gathered)


def test_what_a_gathered_stylesheet_refers_to_is_gathered_too(gathered):
    served = _gathered_static_paths(gathered)
    icons = gathered / "bootstrap-icons" / "font" / "bootstrap-icons.min.css"

    referenced = bundle.referenced_files(icons)

    assert referenced and all(path.name.startswith("bootstrap-icons.woff") for path in referenced)
    assert "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2" in served
    # the Noto stylesheet names every subset's files: all of them travel
    noto = (gathered / "@fontsource" / "noto-sans" / "400.css").read_text()
    for name in re.findall(r"url\(\./files/([^)]+)\)", noto):
        assert f"vendor/fonts/noto-sans/files/{name}" in served


def test_the_documents_fonts_and_the_licences_are_gathered(gathered):
    tinos = gathered / "@fontsource" / "tinos"

    assert (tinos / "files" / "tinos-vietnamese-700-italic.woff").is_file()
    assert (tinos / "LICENSE").is_file() or (tinos / "LICENSE.md").is_file()
    assert not list(tinos.glob("files/*-100-*"))  # weights no document uses stay out


def test_gathering_stops_on_a_missing_file(tmp_path):
    modules = tmp_path / "node_modules"
    (modules / "htmx.org" / "dist").mkdir(parents=True)

    with pytest.raises(FileNotFoundError, match="run npm ci"):
        bundle.gather(tmp_path / "vendor", node_modules=modules)


def test_one_lookup_serves_pages_and_documents():
    # a checkout: node_modules wins; the static files finder reaches the npm files through it
    assert bundle.npm_dir("bootstrap") == bundle.NODE_MODULES / "bootstrap"
    assert finders.find("vendor/bootstrap/css/bootstrap.rtl.min.css")
    assert bundle.missing_files() == []


def test_an_installed_package_uses_its_gathered_copy(monkeypatch, tmp_path):
    monkeypatch.setattr(bundle, "NODE_MODULES", tmp_path / "no-node-modules")
    monkeypatch.setattr(bundle, "GATHERED", tmp_path / "vendor")

    assert bundle.npm_dir("@fontsource/tinos") == tmp_path / "vendor" / "@fontsource" / "tinos"
    assert len(bundle.missing_files()) == sum(len(s.entries) for s in bundle.SERVED)


def test_missing_front_end_files_are_a_system_check_error(monkeypatch, tmp_path):
    from twinning.core.checks import front_end_files

    assert front_end_files(None) == []
    monkeypatch.setattr(bundle, "NODE_MODULES", tmp_path / "no-node-modules")
    monkeypatch.setattr(bundle, "GATHERED", tmp_path / "vendor")

    [error] = front_end_files(None)
    assert error.id == "twinning.E001"
    assert "bootstrap" in error.msg
