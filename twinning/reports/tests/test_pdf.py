"""The PDF report, read back with pypdf: the header, the fonts it embeds and the article's
figures in each language."""

import io

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from twinning.reports.render_pdf import render_pdf
from twinning.reports.tests.article import missing
from twinning.reports.twinning_report import build_report

pytestmark = pytest.mark.django_db


def _read(report) -> PdfReader:
    return PdfReader(io.BytesIO(render_pdf(report)))


def _text(reader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _fonts(reader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _embedded_families(reader) -> dict[str, str]:
    """Return the PostScript name recorded inside each embedded font file, by the PDF's font
    name (WeasyPrint names a font after its CSS family; the file says what it really is)."""
    found = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            name = str(font["/BaseFont"]).split("+")[-1]
            found[name] = TTFont(io.BytesIO(data))["name"].getDebugName(6)
    return found


@pytest.mark.parametrize(
    ("language", "header"),
    [
        ("vi", ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 05/BC-SCT",
                "Lâm Đồng, ngày 05 tháng 01 năm 2026"]),
        ("en", ["SOCIALIST REPUBLIC OF VIET NAM", "No.: 05/BC-SCT", "Lâm Đồng, 5 January 2026"]),
    ],
)  # fmt: skip
def test_it_states_every_figure_of_the_article(demo, draft, language, header):
    # Arabic is read with pdftotext, as a person copies it: test_rendered.py.
    text = _text(_read(build_report(demo, 2016, 2023, language=language, draft=draft)))
    for line in header:
        assert line in text
    assert missing(text, language) == []


def test_it_sets_vietnamese_in_the_times_compatible_serif(demo, draft):
    reader = _read(build_report(demo, 2016, 2023, language="vi", draft=draft))
    # Tinos (metric-compatible with Times New Roman, from @fontsource/tinos) is embedded, in
    # its upright, bold and italic faces; nothing falls back to a system font.
    embedded = _embedded_families(reader)
    assert {"Twinning-Serif", "Twinning-Serif-Bold", "Twinning-Serif-Italic"} <= set(embedded)
    assert {"Tinos-Regular", "Tinos-Bold", "Tinos-Italic"} <= set(embedded.values()), embedded
    assert all(name.startswith("Tinos") for name in embedded.values()), embedded
    text = _text(reader)
    assert "Đông Giang" in text
    assert "ngày 05 tháng 01 năm 2026" in text


def test_it_embeds_the_fonts_of_the_project_packages(demo, draft):
    reader = _read(build_report(demo, 2016, 2023, language="ar", draft=draft))
    # Tinos for the Latin and Vietnamese text, Tajawal for the Arabic: both from the npm
    # packages, merged and embedded; nothing else.
    assert {name.split("-")[0] for name in _fonts(reader)} == {"Twinning"}
    embedded = set(_embedded_families(reader).values())
    assert any(name.startswith("Tinos") for name in embedded), embedded
    assert {"Tajawal-Regular", "Tajawal-Bold"} <= embedded, embedded
    assert all(name.startswith(("Tinos", "Tajawal")) for name in embedded), embedded


def test_it_numbers_pages_from_the_second_on(demo, draft):
    reader = _read(build_report(demo, 2016, 2023, draft=draft))
    assert len(reader.pages) > 2
    assert "2" in reader.pages[1].extract_text().splitlines()
    assert "1" not in reader.pages[0].extract_text().splitlines()
