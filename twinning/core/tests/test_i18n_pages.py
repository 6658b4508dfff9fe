"""Every page, in Vietnamese, English and Arabic, with nothing left in English.

The URL conf is walked: every named route must be rendered here (as a role that may see it, on
the demo data), be declared POST-only (and answer 405 to a GET), or be one of the non-HTML
endpoints listed below with the reason. A new route that none of these covers fails the test.

A page "leaves a string untranslated" when one of its visible text nodes (or a title,
placeholder, aria-label or alt attribute) in Vietnamese or Arabic is an English msgid of our
catalogue whose translation differs from it. Text marked with another `lang` (the languages'
own names in the switcher) and code (column names of the import files) is not counted.
The headings of the exports (report in Word, Excel, CSV; import templates; a contributor's
statement) are checked the same way.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from twinning.imports.tests.helpers import csv_bytes

pytestmark = pytest.mark.django_db

LANGUAGES = ("vi", "en", "ar")
TRANSLATED = ("vi", "ar")
CHECKED_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
SKIPPED_ELEMENTS = {"script", "style", "code", "kbd", "samp", "pre"}
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip

# Routes answered only to POST (a GET must be refused with 405).
POST_ONLY = {
    "accounts:logout",
    "set_language",
    "programmes:plan_start",
    "programmes:plan_item_add",
    "programmes:plan_item_edit",
    "programmes:plan_item_delete",
    "programmes:plan_submit",
    "programmes:plan_approve",
    "programmes:plan_agree",
    "programmes:plan_reopen",
    "activities:publish",
    "indicators:save",
    "locks:lock",
    "locks:unlock",
    "api:revoke",
    "imports:commit",
}

# Not HTML pages: files and data, whose texts are checked elsewhere.
NOT_PAGES = {
    # Files a user uploaded, returned as they are.
    "activities:attachment": "an uploaded file",
    "activities:thumbnail": "an image",
    "public:photo": "an image",
    "public:photo_thumbnail": "an image",
    # Exports: their headings are checked below (test_export_headings_are_translated); the PDF
    # by reports/tests/test_pdf.py (right-to-left text extraction reorders its runs).
    "reports:twinning_download": "Word, PDF, Excel, CSV: headings checked below",
    "reports:contributor_thanks": "Word: checked below",
    "imports:template": "Excel, CSV: headings checked below",
    "reports:twinning_chart": "a PNG image (its labels: reports/tests)",
    "reports:province_download": "Excel, CSV, Word: headings checked below",
    "reports:plan_download": "Excel, CSV, Word: headings checked below",
    "reports:statement_download": "Excel, CSV, Word: headings checked below",
    "reports:export_download": "a large export in the background; its headings are those of "
    "the report's activities and contributions tables",
    # Machine-readable: IATI XML (English by the standard's codes) and the JSON API.
    "iati:twinning": "IATI XML",
    "iati:programme": "IATI XML",
    "iati:organisation": "IATI XML",
    "api-v1:*": "the JSON API and its OpenAPI document (api/tests)",
    # Django's admin: its own pages are translated by Django; admin:index is rendered below.
    "admin:*": "Django's admin",
}


def walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            name = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from walk(pattern.url_patterns, name)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def route_names() -> set[str]:
    return set(walk(get_resolver().url_patterns))


def not_a_page(name: str) -> bool:
    return name in NOT_PAGES or f"{name.split(':')[0]}:*" in NOT_PAGES


# --- the catalogue ---------------------------------------------------------------------------------


def _placeholder_pattern(msgid: str) -> re.Pattern | None:
    """Return a regex matching the msgid with its placeholders filled in, if enough words stay."""
    parts = re.split(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}", msgid)
    if len(parts) == 1 or sum(len(re.findall(r"[A-Za-z]{2,}", p)) for p in parts) < 3:
        return None
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$", re.S)


def english_msgids(language: str) -> tuple[set[str], list[re.Pattern]]:
    """Return the msgids whose translation in `language` differs from them (plain, and as
    patterns for those with placeholders)."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as f:
        catalogue = read_po(f, locale=language)
    plain, patterns = set(), []
    for message in catalogue:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for msgid in ids:
            if not msgid or msgid in strings or not re.search(r"[A-Za-z]{2,}", msgid):
                continue
            pattern = _placeholder_pattern(msgid)
            if pattern is not None:
                patterns.append(pattern)
            elif "%(" not in msgid:
                plain.add(normalise(msgid))
    return plain, patterns


def normalise(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def catalogues():
    return {language: english_msgids(language) for language in TRANSLATED}


def untranslated(texts, catalogue) -> list[str]:
    plain, patterns = catalogue
    found = []
    for text in texts:
        text = normalise(text)
        if text in plain or any(p.match(text) for p in patterns):
            found.append(text)
    return sorted(set(found))


# --- the page's visible text -----------------------------------------------------------------------


class VisibleText(HTMLParser):
    """Collect the text nodes and the checked attributes of a page, leaving out scripts, code
    and whatever is marked as written in another language."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []
        self.html_lang = self.html_dir = None

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang, self.html_dir = attrs.get("lang"), attrs.get("dir")
            return
        other_language = attrs.get("lang") not in (None, "", self.language)
        hidden = tag in SKIPPED_ELEMENTS or other_language
        if not hidden and not self._hidden():
            self.texts += [attrs[a] for a in CHECKED_ATTRIBUTES if attrs.get(a)]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if data.strip() and not self._hidden():
            self.texts.append(data.strip())


def visible_text(html: str, language: str) -> VisibleText:
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser


# --- the data ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo with its accounts, plus what some pages need: import jobs (one with row errors,
    one written, one waiting). Rolled back at the end of the module."""
    from django.test import Client

    from twinning.demo.loader import load_accounts, load_demo
    from twinning.organisations.models import Organisation

    quick = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        IMPORT_WORKER="manual",
    )
    with quick, django_db_blocker.unblock(), transaction.atomic():
        twinning = load_demo()
        load_accounts({o.slug: o for o in Organisation.objects.all()})
        yield _extras(twinning, Client())
        transaction.set_rollback(True)


def _extras(twinning, client) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from twinning.activities.models import Activity, Attachment
    from twinning.imports.models import ImportJob
    from twinning.programmes.models import AnnualPlan, PlanItem
    from twinning.reports.models import ExportJob

    users = {u.username: u for u in get_user_model().objects.all()}
    coordinator = users["coordinator"]
    client.force_login(coordinator)
    upload_url = reverse("imports:upload", kwargs={"slug": twinning.slug})

    def upload(rows, name):
        content = csv_bytes(rows)
        response = client.post(
            upload_url,
            {"kind": "activities", "file": SimpleUploadedFile(name, content)},
            headers={"Accept-Language": "vi"},
        )
        assert response.status_code == 302, response.content[:500]
        return ImportJob.objects.order_by("-created_at").first()

    sao_mai = "Công ty TNHH Thương mại Sao Mai Xanh"
    good_row = ["X-2", "health", "Khẩu trang", "15/04/2020", sao_mai, "in_kind",
                "masks", 600, "cái", 8000, 4800000, "residents", 600]  # fmt: skip
    wrong_row = ["X-1", "no such category", "", "31/02/2020", sao_mai, "cash",
                 "", "", "", "", "abc", "nobody", -1]  # fmt: skip
    wrong = upload([wrong_row], "wrong.csv")
    assert wrong.status == ImportJob.Status.INVALID, wrong.status
    good = upload([good_row], "good.csv")
    assert good.status == ImportJob.Status.READY, (good.status, good.errors, good.refusal)
    committed = client.post(
        reverse("imports:commit", kwargs={"slug": twinning.slug, "pk": good.pk}),
        headers={"Accept-Language": "vi"},
    )
    assert committed.status_code == 302, committed.content[:500]
    good.refresh_from_db()
    assert good.status == ImportJob.Status.DONE, good.status
    export = ExportJob.objects.create(
        user=coordinator,
        kind="activities",
        file_format="xlsx",
        province=twinning.programme.province,
    )
    waiting = upload([good_row], "waiting.csv")
    ImportJob.objects.filter(pk=waiting.pk).update(status=ImportJob.Status.CHECK_QUEUED)

    activity = Activity.objects.filter(twinning=twinning, attachments__isnull=False).first()
    plan = AnnualPlan.objects.filter(twinning=twinning).order_by("-year").first()
    item = PlanItem.objects.filter(plan__twinning=twinning).first()
    return {
        "twinning": twinning,
        "users": users,
        "activity": activity,
        "attachment": Attachment.objects.filter(activity=activity).first(),
        "plan": plan,
        "item": item,
        "wrong_job": wrong,
        "done_job": good,
        "waiting_job": waiting,
        "export": export,
    }


def pages(d) -> dict[str, tuple[str, str]]:
    """Return, for every HTML route, the user who looks at it and its address."""
    t, slug = d["twinning"], d["twinning"].slug
    activity, plan = d["activity"], d["plan"]
    job = {"slug": slug}
    report_query = f"?year_from={t.signed_on.year}&year_to=2023&lang=vi&scope=as_it_was"
    return {
        "accounts:home": ("coordinator", reverse("accounts:home")),
        "accounts:login": ("", reverse("accounts:login")),
        "accounts:password_change": ("viewer", reverse("accounts:password_change")),
        "accounts:password_change_done": ("viewer", reverse("accounts:password_change_done")),
        "accounts:two_factor_setup": ("viewer", reverse("accounts:two_factor_setup")),
        "accounts:two_factor_verify": ("viewer", reverse("accounts:two_factor_verify")),
        "programmes:overview": ("overseer", reverse("programmes:overview")),
        "programmes:twinning": ("coordinator", reverse("programmes:twinning", args=[slug])),
        "programmes:plan": ("coordinator", reverse("programmes:plan", args=[slug, plan.year])),
        "programmes:plan_history": (
            "coordinator",
            reverse("programmes:plan_history", args=[slug, plan.year]),
        ),
        "activities:detail": ("coordinator", reverse("activities:detail", args=[activity.pk])),
        "activities:create": ("coordinator", reverse("activities:create", args=[slug])),
        "activities:formset_row": (
            "coordinator",
            reverse("activities:formset_row", args=[slug, "contributions"]),
        ),
        "activities:edit": ("coordinator", reverse("activities:edit", args=[activity.pk])),
        "activities:confirm": ("commune", reverse("activities:confirm", args=[activity.pk])),
        "activities:dispute": ("commune", reverse("activities:dispute", args=[activity.pk])),
        "activities:delete": ("coordinator", reverse("activities:delete", args=[activity.pk])),
        "activities:history": ("coordinator", reverse("activities:history", args=[activity.pk])),
        "organisations:list": ("coordinator", reverse("organisations:list")),
        "organisations:detail": (
            "contributor",
            reverse("organisations:detail", args=["sao-mai-xanh"]),
        ),
        "indicators:edit": ("commune", reverse("indicators:edit", args=[slug])),
        "indicators:history": ("coordinator", reverse("indicators:history", args=[slug])),
        "reports:twinning": (
            "coordinator",
            reverse("reports:twinning", args=[slug]) + report_query,
        ),
        "reports:twinning_edit": (
            "coordinator",
            reverse("reports:twinning_edit", args=[slug]) + report_query,
        ),
        "locks:list": ("approver", reverse("locks:list", args=[slug])),
        "api:tokens": ("coordinator", reverse("api:tokens")),
        "imports:upload": ("coordinator", reverse("imports:upload", args=[slug])),
        "imports:preview": (
            "coordinator",
            reverse("imports:preview", kwargs={**job, "pk": d["wrong_job"].pk}),
        ),
        "imports:progress": (
            "coordinator",
            reverse("imports:progress", kwargs={**job, "pk": d["waiting_job"].pk}),
        ),
        "imports:result": (
            "coordinator",
            reverse("imports:result", kwargs={**job, "pk": d["done_job"].pk}),
        ),
        "public:start": ("", reverse("public:start")),
        "public:programme_start": ("", reverse("public:programme_start", args=[t.programme.slug])),
        "public:twinning_start": ("", reverse("public:twinning_start", args=[slug])),
        "public:index": ("", reverse("public:index", args=["{lang}"])),
        "public:programme": ("", reverse("public:programme", args=["{lang}", t.programme.slug])),
        "public:twinning": ("", reverse("public:twinning", args=["{lang}", slug])),
        "reminders:overview": ("overseer", reverse("reminders:overview")),
        "iati:files": ("coordinator", reverse("iati:files")),
        "reports:province": ("overseer", reverse("reports:province", args=[t.programme.slug])),
        "reports:plan": ("coordinator", reverse("reports:plan", args=[slug, plan.year])),
        "reports:statement": ("contributor", reverse("reports:statement", args=["sao-mai-xanh"])),
        "reports:exports": ("coordinator", reverse("reports:exports")),
        "reports:export": ("coordinator", reverse("reports:export", args=[d["export"].pk])),
        "reports:export_progress": (
            "coordinator",
            reverse("reports:export_progress", args=[d["export"].pk]),
        ),
        "admin:index": ("admin", reverse("admin:index")),
    }


def post_only_urls(d) -> dict[str, str]:
    slug, year = d["twinning"].slug, d["plan"].year
    plan = [slug, year]
    return {
        "accounts:logout": reverse("accounts:logout"),
        "set_language": reverse("set_language"),
        "programmes:plan_start": reverse("programmes:plan_start", args=[slug]),
        "programmes:plan_item_add": reverse("programmes:plan_item_add", args=plan),
        "programmes:plan_item_edit": reverse(
            "programmes:plan_item_edit", args=[*plan, d["item"].pk]
        ),
        "programmes:plan_item_delete": reverse(
            "programmes:plan_item_delete", args=[*plan, d["item"].pk]
        ),
        "programmes:plan_submit": reverse("programmes:plan_submit", args=plan),
        "programmes:plan_approve": reverse("programmes:plan_approve", args=plan),
        "programmes:plan_agree": reverse("programmes:plan_agree", args=plan),
        "programmes:plan_reopen": reverse("programmes:plan_reopen", args=plan),
        "activities:publish": reverse("activities:publish", args=[d["activity"].pk]),
        "indicators:save": reverse("indicators:save", args=[slug]),
        "locks:lock": reverse("locks:lock", args=[slug]),
        "locks:unlock": reverse("locks:unlock", args=[slug, year - 1]),
        "api:revoke": reverse("api:revoke", args=[1]),
        "imports:commit": reverse("imports:commit", kwargs={"slug": slug, "pk": d["done_job"].pk}),
    }


# Fragments that HTMX puts into a page: checked for their text, they have no <html> of their own.
FRAGMENTS = {"activities:formset_row", "reports:export_progress"}

# A page that answers with another status than 200 on purpose.
EXPECTED_STATUS = {"imports:preview": 422}  # the preview of a file with errors


def get(client, d, username: str, url: str, language: str, **extra):
    client.logout()
    if username:
        client.force_login(d["users"][username])
    client.cookies["django_language"] = language
    return client.get(url, headers={"Accept-Language": language}, follow=True, **extra)


# --- the tests --------------------------------------------------------------------------------------


def test_every_route_is_rendered_refused_to_get_or_listed_as_not_a_page(demo_world):
    routes = route_names()
    covered = set(pages(demo_world)) | POST_ONLY
    unknown = sorted(n for n in routes - covered if not not_a_page(n))
    assert not unknown, f"routes this test does not render: {unknown}"
    assert not (set(pages(demo_world)) - routes), "pages listed here that no longer exist"
    assert not (POST_ONLY - routes)


def test_post_only_routes_refuse_a_get(client, demo_world):
    answers = {}
    for name, url in post_only_urls(demo_world).items():
        client.force_login(demo_world["users"]["coordinator"])
        answers[name] = client.get(url).status_code
    assert {n: s for n, s in answers.items() if s != 405} == {}
    assert set(answers) == POST_ONLY


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_the_language_and_its_direction(client, demo_world, catalogues, language):
    problems, missing = [], []
    for name, (username, url) in sorted(pages(demo_world).items()):
        response = get(client, demo_world, username, url.replace("%7Blang%7D", language), language)
        if response.status_code != EXPECTED_STATUS.get(name, 200):
            problems.append(f"{name}: status {response.status_code}")
            continue
        page = visible_text(response.content.decode(), language)
        if page.html_lang is None:  # a fragment (HTMX): no <html>, checked for text only
            if name not in FRAGMENTS:
                problems.append(f"{name}: no <html> element")
        elif (page.html_lang, page.html_dir) != (language, "rtl" if language == "ar" else "ltr"):
            problems.append(f"{name}: <html lang={page.html_lang} dir={page.html_dir}>")
        else:
            # A switcher on every page: the form's select, or (public pages, whose address
            # carries the language) links to the other languages.
            html = response.content.decode()
            if 'id="language-switcher"' not in html and not all(
                f'hreflang="{code}"' in html for code in LANGUAGES
            ):
                problems.append(f"{name}: no language switcher")
        if language in TRANSLATED:
            left = untranslated(page.texts, catalogues[language])
            if left:
                missing.append(f"{name} ({url}): {left}")
    assert not problems, "\n".join(problems)
    assert not missing, f"English left on {language} pages:\n" + "\n".join(missing)


def test_a_page_with_english_left_is_caught(catalogues):
    """The check itself: an English msgid on a Vietnamese page is found, a translated one not."""
    html = (
        '<html lang="vi" dir="ltr"><body><h1>Organisations</h1><p title="Sign out">Tổ chức</p>'
        '<select><option lang="en">English</option></select><code>Activities</code></body></html>'
    )
    page = visible_text(html, "vi")
    assert untranslated(page.texts, catalogues["vi"]) == ["Organisations", "Sign out"]


# --- exports ---------------------------------------------------------------------------------------


def _xlsx_headings(content: bytes, *, whole_sheets=()) -> list[str]:
    """Return the sheets' names, the first row of every sheet, and every cell of the sheets
    named (explanations)."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    texts = list(book.sheetnames)
    for index, sheet in enumerate(book.worksheets):
        rows = sheet.iter_rows(values_only=True)
        for row in rows if index in whole_sheets else [next(rows, ())]:
            texts += [v for v in row if isinstance(v, str)]
    return texts


def _template_xlsx(content: bytes) -> list[str]:
    """An import template: its sheets' names, their headings and the whole explanation sheet."""
    return _xlsx_headings(content, whole_sheets={1})


def _csv_headings(content: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _zip_headings(content: bytes) -> list[str]:
    texts = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            texts += _csv_headings(archive.read(name))
    return texts


def _any_csv(content: bytes) -> list[str]:
    """A CSV file, or a zip of CSV files (one a table)."""
    return _zip_headings(content) if content[:2] == b"PK" else _csv_headings(content)


def _docx_texts(content: bytes) -> list[str]:
    """A Word document: all of its text (the narrative, the tables with their headings)."""
    document = docx.Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    for section in document.sections:
        texts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return [t for t in texts if t.strip()]


# The report's sheets are named by the tables' translated titles (their stable keys, which
# scripts rely on, are the sheets' code names, as they are the CSV files' names in the zip); sheet
# names, headings and everything in the Word document are checked.
READERS = {"xlsx": _xlsx_headings, "csv": _zip_headings, "docx": _docx_texts}


@pytest.mark.parametrize("language", TRANSLATED)
def test_export_headings_are_translated(client, demo_world, catalogues, language):
    from twinning.imports.models import ImportKind

    slug = demo_world["twinning"].slug
    query = f"?year_from=2016&year_to=2023&lang={language}&scope=as_it_was"
    files = {
        f"report.{fmt}": (
            "coordinator",
            reverse("reports:twinning_download", args=[slug, fmt]) + query,
            READERS[fmt],
        )
        for fmt in ("docx", "xlsx", "csv")
    }
    for kind in ImportKind.values:
        for fmt, reader in (("xlsx", _template_xlsx), ("csv", _csv_headings)):
            files[f"import template {kind}.{fmt}"] = (
                "coordinator",
                reverse("imports:template", args=[slug, kind, fmt]),
                reader,
            )
    programme, year = demo_world["twinning"].programme.slug, demo_world["plan"].year
    for fmt in ("xlsx", "csv", "docx"):
        reader = {"xlsx": _xlsx_headings, "csv": _any_csv, "docx": _docx_texts}[fmt]
        files[f"province summary.{fmt}"] = (
            "overseer",
            reverse("reports:province_download", args=[programme, fmt]),
            reader,
        )
        files[f"plan versus actual.{fmt}"] = (
            "coordinator",
            reverse("reports:plan_download", args=[slug, year, fmt]),
            reader,
        )
        files[f"contributor statement.{fmt}"] = (
            "contributor",
            reverse("reports:statement_download", args=["sao-mai-xanh", fmt]),
            reader,
        )
    files["contributor statement"] = (
        "contributor",
        reverse("reports:contributor_thanks", args=["sao-mai-xanh"]) + f"?lang={language}",
        _docx_texts,
    )
    problems, missing = [], []
    for name, (username, url, reader) in files.items():
        response = get(client, demo_world, username, url, language)
        if response.status_code != 200:
            problems.append(f"{name}: status {response.status_code}")
            continue
        texts = reader(response.content)
        if not texts:
            problems.append(f"{name}: no text read")
        left = untranslated(texts, catalogues[language])
        if left:
            missing.append(f"{name}: {left}")
    assert not problems, "\n".join(problems)
    assert not missing, f"English left in {language} files:\n" + "\n".join(missing)
