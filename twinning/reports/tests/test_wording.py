"""Figures and wording a records clerk checks before signing: years never grouped, unknowns never
0, totals per unit, a period's tables holding the period's values, one-year wording, services
called services, unvalued support without "0 đồng", plural agreement (Arabic has six forms),
Arabic punctuation and isolated names, the sponsor never split, own money its own only."""

import re
import unicodedata

import pytest

from twinning.activities.models import Contribution
from twinning.organisations.models import Organisation
from twinning.reports.tables import cell_text
from twinning.reports.twinning_report import AS_IT_IS, build_report
from twinning.reports.wording import FSI, PDI, counted, quantity

pytestmark = pytest.mark.django_db


def _text(report) -> str:
    parts = [*report.legal_bases]
    for section in report.sections:
        for part in [section, *section.subsections]:
            parts += part.paragraphs
    return "\n".join(parts)


def _table(report, key):
    for section in report.sections:
        for part in [section, *section.subsections]:
            for table in part.tables:
                if table.key == key:
                    return table
    raise KeyError(key)


@pytest.mark.parametrize("language", ["vi", "en", "ar"])
def test_years_are_never_grouped(demo, draft, language):
    report = build_report(demo, 2016, 2023, language=language, draft=draft)
    table = _table(report, "indicators")
    years = {cell_text(row[1], "year", language) for row in table.rows if row[1]}
    assert years == {"2016"}
    text = _text(report)
    assert not re.search(r"2[.,٬]0(1[6-9]|2[0-9])", text)


def test_unknown_counts_are_blank_and_totals_are_per_unit(demo, draft):
    report = build_report(demo, 2016, 2023, draft=draft)
    table = _table(report, "beneficiaries")
    women = [cell_text(row[3], "count", "vi") for row in table.rows]
    assert set(women) == {"—"}  # the demo records no women's counts: unknown, never 0
    totals = {row[0]: row[2] for row in table.totals}
    people = sum(r[2] for r in table.rows if r[1] == "người")
    households = sum(r[2] for r in table.rows if r[1] == "hộ")
    assert totals == {"Tổng số hộ": households, "Tổng số người": people, "Tổng số trường học": 1}
    assert "0 ethnic" not in _text(build_report(demo, 2016, 2023, language="en", draft=draft))


def test_a_period_shows_its_own_values_or_says_which_year(demo, draft):
    report = build_report(demo, 2023, 2023, draft=draft)
    table = _table(report, "indicators")
    rows = {row[0]: row for row in table.rows}
    population = rows["Dân số"]
    assert population[3] == 2020 and population[4] == "2.265 người"
    assert population[-1] == "số liệu gần nhất, năm 2020"
    assert all(row[3] <= 2023 for row in table.rows)
    text = _text(report)
    assert "dân số: 2.265 người (năm 2020)" in text and "2.388" not in text
    data = {t.key: t for t in report.tables}["indicators"]
    assert {row[1] for row in data.rows} <= {2020, 2023}  # no 2024 row in the workbook


def test_the_narrative_reads_as_a_clerk_writes(demo, draft):
    year = _text(build_report(demo, 2023, 2023, draft=draft))
    assert "Năm 2023, Sở Công Thương tỉnh Lâm Đồng" in year
    assert "Trong 1 năm" not in year and "từ năm 2023 đến năm 2023" not in year
    span = _text(build_report(demo, 2016, 2023, draft=draft))
    assert "suất suất" not in span and "74 suất quà Tết" in span
    assert "còn 0 hoạt động" not in span and " 0 đồng" not in span
    services = next(p for p in span.split("\n") if p.startswith("Hỗ trợ bằng dịch vụ"))
    assert "6 chuyến bán hàng bình ổn giá" in services
    gifts = next(p for p in span.split("\n") if p.startswith("Đơn vị đã trực tiếp trao tặng"))
    assert "chuyến" not in gifts  # a service is not a gift
    assert "- Công ty Điện lực Bình Thuận: đầu tư, thi công cấp điện" in span
    assert "đông nhất là dân tộc Cơ-ho" in span


def test_plural_forms_agree_in_english_and_arabic(demo, draft):
    english = _text(build_report(demo, 2016, 2023, language="en", draft=draft))
    assert "1 activity" in english and "1 activities" not in english
    assert "since August 2016" in english and "cuối tháng" not in english
    assert not re.search(r"\d (suất|chiếc|quyển|bộ|cái)\b", english)  # units translated
    with pytest.MonkeyPatch.context():
        from django.utils import translation

        with translation.override("ar"):
            forms = [counted(n, "activity", "ar") for n in (1, 2, 3, 11, 46, 100, 103)]
            people = counted(2265, "person", "ar")
            households = counted(531, "household", "ar")
            masks = quantity(600, "chiếc", "ar")
    assert forms == ["1 نشاط", "2 نشاطان", "3 أنشطة", "11 نشاطا", "46 نشاطا", "100 نشاط",
                     "103 أنشطة"]  # fmt: skip
    assert (people, households, masks) == ("2٬265 شخصا", "531 أسرة", "600 قطعة")


def test_arabic_sentences_use_arabic_punctuation_and_isolate_names(demo, draft):
    report = build_report(demo, 2016, 2023, language="ar", draft=draft)
    for paragraph in report.narrative:
        outside = re.sub(f"{FSI}.*?{PDI}", "", paragraph)  # the names, isolated, set apart
        assert ";" not in outside and "," not in outside, outside
        latin = [ch for ch in outside if unicodedata.name(ch, "").startswith("LATIN")]
        assert latin == [], outside  # every Latin-script name is isolated
    assert "،" in " ".join(report.narrative) and "؛" in " ".join(report.narrative)


def test_the_sponsor_and_its_predecessor_are_one_contributor(demo, draft):
    report = build_report(demo, 2016, 2026, draft=draft)
    support = next(s for s in report.sections[1].subsections if s.heading.startswith("3."))
    sponsor_lines = [p for p in support.paragraphs if p.startswith("- Sở Công Thương")]
    assert len(sponsor_lines) == 1
    assert sponsor_lines[0].startswith(
        "- Sở Công Thương tỉnh Lâm Đồng (trước đây là Sở Công Thương tỉnh Bình Thuận): "
    )
    ids = Organisation.objects.filter(slug__in=["sct-lam-dong", "sct-binh-thuan"])
    given = Contribution.objects.filter(
        contributor__in=ids, activity__twinning=demo, status="delivered"
    ).exclude(activity__status="cancelled")
    own = sum(c.value_vnd or 0 for c in given if c.activity.start_date.year <= 2026)
    assert {c.contributor.slug for c in given} == {"sct-lam-dong", "sct-binh-thuan"}
    assert report.figures["own_vnd"] == own
    assert f"{own:,}".replace(",", ".") + " đồng" in sponsor_lines[0]


def test_as_it_is_now_another_departments_money_is_never_the_sponsors(demo, draft):
    was = build_report(demo, 2016, 2023, draft=draft)
    now = build_report(demo, 2016, 2023, scope=AS_IT_IS, draft=draft)
    assert now.figures["own_vnd"] == was.figures["own_vnd"]  # the Department's own, only
    assert now.figures["other_agency_vnd"] > 0  # Agriculture's, in old Đông Tiến
    assert now.figures["total_vnd"] == (
        now.figures["own_vnd"] + now.figures["other_agency_vnd"] + now.figures["mobilised_vnd"]
    )
    text = _text(now)
    # Section I and section II give the same figures (the present commune's, for the period).
    situation = " ".join(now.sections[0].paragraphs)
    narrative = " ".join(now.narrative)
    for fact in re.findall(r"tỷ lệ hộ nghèo và cận nghèo: [^;.]+", situation):
        assert fact in narrative
    assert "71%" not in text and "31,4%" not in text  # 2025 values are not 2016-2023's
