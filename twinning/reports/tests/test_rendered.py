"""The documents as a person reads them: the Word and Excel files rendered by LibreOffice and read
back with pdftotext, the Arabic PDF's text layer as a reader copies it.

Each document is generated and converted once for the module (LibreOffice takes seconds); many
checks then read the same text."""

from __future__ import annotations

import datetime
import re
import unicodedata

import pytest
from django.db import transaction

from twinning.reports.tests.article import ARTICLE_FIGURES, missing
from twinning.reports.tests.rendering import (
    MARKS,
    lines,
    on_one_line,
    pdf_pages,
    pdf_text,
    require_tools,
    to_pdf,
)

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2026, 1, 5)


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker, tmp_path_factory):
    """Generate every document once (the demo loaded in a transaction rolled back after the
    module), convert the Word and Excel files with LibreOffice in one run, and return their
    rendered text, page counts and the objects they were made from."""
    require_tools()
    from twinning.demo.loader import load_demo
    from twinning.organisations.models import Organisation
    from twinning.programmes.models import Twinning
    from twinning.reports.contributor_statement import build_statement, render_statement_docx
    from twinning.reports.models import ReportDraft
    from twinning.reports.province_summary import build_province_summary, render_tables_docx
    from twinning.reports.render_docx import render_docx
    from twinning.reports.render_pdf import render_pdf
    from twinning.reports.render_tables import render_xlsx
    from twinning.reports.twinning_report import AS_IT_IS, build_report

    out = tmp_path_factory.mktemp("rendered")
    files, reports = {}, {}
    with django_db_blocker.unblock(), transaction.atomic():
        twinning = load_demo()

        def report(lang, first, last, scope="as_it_was"):
            draft = ReportDraft(twinning=twinning, year_from=first, year_to=last,
                                document_number="5", issued_on=ISSUED, signer_name="Trần Văn Hùng")  # fmt: skip
            return build_report(twinning, first, last, language=lang, scope=scope, draft=draft)

        for lang in ("vi", "en", "ar"):
            reports[lang] = report(lang, 2016, 2023)
            files[f"report-{lang}.docx"] = render_docx(reports[lang])
        reports["vi-2023"] = report("vi", 2023, 2023)
        files["report-vi-2023.docx"] = render_docx(reports["vi-2023"])
        reports["vi-now"] = report("vi", 2016, 2026, AS_IT_IS)
        files["report-vi-now.docx"] = render_docx(reports["vi-now"])
        files["workbook-vi.xlsx"] = render_xlsx(reports["vi"])
        for lang in ("vi", "ar"):
            files[f"weasyprint-{lang}.pdf"] = render_pdf(reports[lang])
        programme = twinning.programme
        province = build_province_summary(
            programme, Twinning.objects.filter(programme=programme), 2016, 2023, "vi", ISSUED
        )
        files["province-vi.docx"] = render_tables_docx(province)
        business = Organisation.objects.get(slug="sao-mai-xanh")
        from twinning.activities.models import Contribution

        given = Contribution.objects.filter(
            contributor=business, status=Contribution.Status.DELIVERED
        )
        signer = Organisation.objects.get(slug="sct-lam-dong")
        statement = build_statement(business, given, language="vi", issued_on=ISSUED,
                                    number="12", signer=signer)  # fmt: skip
        files["statement-vi.docx"] = render_statement_docx(statement)
        transaction.set_rollback(True)
    for name, content in files.items():
        (out / name).write_bytes(content)
    office = [out / name for name in files if name.endswith((".docx", ".xlsx"))]
    pdfs = to_pdf(office, out / "pdf")
    pdfs.update({out / n: out / n for n in files if n.endswith(".pdf")})
    texts = {path.name: pdf_text(pdf) for path, pdf in pdfs.items()}
    pages = {path.name: pdf_pages(pdf) for path, pdf in pdfs.items()}
    raw = {path.name: pdf_text(pdf, layout=False) for path, pdf in pdfs.items()}
    return {"text": texts, "raw": raw, "pages": pages, "reports": reports,
            "statement": statement, "province": province, "dir": out}  # fmt: skip


HEADERS = {
    "report-vi.docx": ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "Số: 05/BC-SCT",
                       "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                       "Lâm Đồng, ngày 05 tháng 01 năm 2026"],
    "report-en.docx": ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "No.: 05/BC-SCT",
                       "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness",
                       "Lâm Đồng, 5 January 2026"],
    "report-ar.docx": ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "جمهورية فيتنام الاشتراكية",
                       "استقلال - حرية - سعادة"],
    "province-vi.docx": ["TỈNH ỦY LÂM ĐỒNG", "BAN TUYÊN GIÁO VÀ DÂN VẬN",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Lâm Đồng, ngày 05 tháng 01 năm 2026"],
    "statement-vi.docx": ["UBND TỈNH LÂM ĐỒNG", "SỞ CÔNG THƯƠNG", "Số: 12/TC-SCT",
                          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                          "Lâm Đồng, ngày 05 tháng 01 năm 2026"],
}  # fmt: skip


def _poppler_ligatures(text: str) -> str:
    """Return Arabic text as poppler 22 writes a lam-alef ligature read from a correct ToUnicode
    entry ("لا" comes out "ال": the two letters of one glyph in reverse order in right-to-left
    text). The PDF's own map is checked in test_the_arabic_pdf_maps_each_glyph_to_its_letters."""
    return re.sub("ل([اأإآ])", r"\1ل", text)


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_every_header_line_is_one_line(rendered, name):
    text = rendered["text"][name]
    wanted = [_poppler_ligatures(line) for line in HEADERS[name]]
    assert [line for line in wanted if not on_one_line(text, line)] == []


@pytest.mark.parametrize("name", ["report-vi.docx", "report-en.docx", "report-vi-2023.docx"])
def test_the_subject_takes_at_most_two_lines(rendered, name):
    subject = rendered["reports"][{"report-vi.docx": "vi", "report-en.docx": "en",
                                   "report-vi-2023.docx": "vi-2023"}[name]].subject  # fmt: skip
    text = lines(rendered["text"][name])
    start = next(i for i, line in enumerate(text) if subject.split()[0] in line.split()[:1])
    joined = " ".join(text[start : start + 2])
    assert subject in joined, (subject, text[start : start + 3])


def test_the_appendix_has_its_attached_line_and_repeats_its_headings(rendered):
    text = rendered["text"]["report-vi.docx"]
    attached = "(Kèm theo Báo cáo số 05/BC-SCT ngày 05/01/2026 của Sở Công Thương tỉnh Lâm Đồng)"
    assert attached.replace(" ", "") in "".join(text.split())
    pages = text.split("\f")
    appendix = [p for p in pages if "Thời gian" in p and "STT" in p]
    assert len(appendix) >= 2  # the appendix runs over several pages ...
    for page in appendix:  # ... and each of them begins with the heading row
        first = next(line for line in lines(page) if line and not line.isdigit())
        assert first.startswith("STT") or "PHỤ LỤC" in page


def test_no_number_is_split_across_lines(rendered):
    for name in ("report-vi.docx", "province-vi.docx", "statement-vi.docx"):
        text = rendered["text"][name]
        # A grouped number cut by a line break leaves a piece such as "158.200.00" / "0".
        broken = re.findall(r"\d{1,3}(?:\.\d{3})*\.\d{1,2}(?!\d)\s*\n\s*\d", text)
        assert broken == [], (name, broken)
    province = rendered["text"]["province-vi.docx"]
    for value in ("344.800.000", "158.200.000", "186.600.000"):
        assert on_one_line(province, value)


def test_the_letter_lists_nothing_after_its_date_and_only_its_twinnings(rendered):
    statement = rendered["statement"]
    assert all(row[0].day <= ISSUED for row in statement.table.rows)
    places = {row[2] for row in statement.table.rows}
    assert places == {"Xã Đông Giang"}  # the Department's twinning only
    assert "Phạm vi: các xã kết nghĩa với Sở Công Thương tỉnh Lâm Đồng." in statement.paragraphs
    assert on_one_line(rendered["text"]["statement-vi.docx"], "THƯ CẢM ƠN")


def test_the_cumulative_workbook_prints_on_a_reasonable_number_of_pages(rendered):
    # Fitted to the page's width, landscape where wide: the issue found 45 pages before.
    assert rendered["pages"]["workbook-vi.xlsx"] <= 12  # 8 when measured


def test_the_arabic_word_report_keeps_names_whole(rendered):
    text = rendered["text"]["report-ar.docx"]
    # (Seen on the page, "36/KH-SCT (2023)" reads whole; pdftotext rebuilds right-to-left lines
    # from the glyphs' positions and moves the brackets next to numbers, so names are checked.)
    for name in ("xã Đông Giang", "Quạt treo tường", "36/KH-SCT", "Sở Công Thương tỉnh Lâm Đồng"):
        assert on_one_line(text, name), name
    # The article's figures: every word and number of each (right-to-left lines come out of
    # pdftotext with their runs in visual order, so words, not their order, are compared).
    words = set(_words(text)) | {w.strip("،؛.,:()") for w in " ".join(lines(text)).split()}
    for figure in ARTICLE_FIGURES["ar"]:
        assert all(w in words for w in _words(figure) or figure.split()), figure


@pytest.mark.parametrize("name", ["report-vi.docx", "report-en.docx", "weasyprint-vi.pdf"])
def test_the_rendered_documents_state_every_figure_of_the_article(rendered, name):
    lang = "en" if "-en" in name else "vi"
    assert missing(rendered["text"][name], lang) == []


def _words(text: str) -> list[str]:
    """Return the Arabic words and the numbers of a text, marks of direction left out."""
    text = unicodedata.normalize("NFC", text.translate(MARKS))
    return re.findall(r"[\u0621-\u064a]+|\d[\d٬٫]*", text)


def test_the_arabic_pdf_text_layer_gives_back_the_narrative(rendered):
    report = rendered["reports"]["ar"]
    expected = _words(_poppler_ligatures(" ".join(report.narrative)))
    extracted = set(_words(rendered["raw"]["weasyprint-ar.pdf"]))
    lost = [word for word in expected if word not in extracted]
    assert lost == [], lost  # e.g. "بتيمت" for "بقيمة" with a font whose glyphs are shared
    assert len(expected) > 150


def test_the_arabic_pdf_maps_each_glyph_to_its_letters(rendered):
    """The PDF's ToUnicode maps: every glyph stands for one letter, or for lam and alef in their
    logical order (the ligature), never for a letter it does not draw."""
    from pypdf import PdfReader

    reader = PdfReader(str(rendered["dir"] / "weasyprint-ar.pdf"))
    seen: dict[tuple[str, str], str] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "Arabic" not in str(font["/BaseFont"]):
                continue
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for glyph, target in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    text = bytes.fromhex(target).decode("utf-16-be")
                    key = (str(font["/BaseFont"]), glyph)
                    assert seen.setdefault(key, text) == text
                    if len(text) > 1:  # a ligature: lam-alef, or marks drawn as one
                        marks = all(unicodedata.category(ch) == "Mn" for ch in text)
                        assert marks or re.fullmatch("ل[اأإآ]", text), text
    assert len(seen) > 30


def test_the_province_summary_names_each_sponsor_as_it_is_on_the_day(rendered):
    table = next(t for t in rendered["province"].tables if t.key == "twinnings")
    sponsors = [row[1] for row in table.rows]
    assert "Sở Công Thương tỉnh Lâm Đồng (trước đây là Sở Công Thương tỉnh Bình Thuận)" in sponsors
    assert len(sponsors) == len(set(sponsors)) == 6  # one row per twinning, none split
    assert on_one_line(rendered["text"]["province-vi.docx"], "Nơi nhận:")
