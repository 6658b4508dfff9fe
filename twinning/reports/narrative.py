"""A narrative written from the numbers, in the manner of the article: "From 2016 to 2023 the
Department ... gave 600 cloth masks worth 4.8 million VND and mobilised businesses to give 1,500
more worth 12 million VND ...".

Vietnamese sentences are written here in Vietnamese (the document is Vietnamese by nature);
English is the gettext message id, so Arabic (and any other language) comes from the catalogue.
Called with the report's language active (translation.override).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from twinning.activities.models import Contribution
from twinning.core.formatting import format_number


def vi_or(vietnamese: str, translated: str, lang: str) -> str:
    """Return the Vietnamese text in a Vietnamese document, the translated one otherwise."""
    return vietnamese if lang == "vi" else translated


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _millions(value: int, lang: str) -> str:
    amount = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.1")).normalize()
    text = format_number(amount, lang)
    return vi_or(f"{text} triệu đồng", _("%(amount)s million VND") % {"amount": text}, lang)


def _worth(value: int, lang: str) -> str:
    if not value:
        return ""
    return vi_or(
        f" (trị giá {_millions(value, lang)})",
        _(" worth %(amount)s") % {"amount": _millions(value, lang)},
        lang,
    )


def _goods(items, lang: str) -> str:
    parts = [
        f"{format_number(Decimal(i.quantity), lang)} {i.unit} {_lower_first(i.item)}{_worth(i.value_vnd, lang)}"
        for i in items
    ]
    return "; ".join(parts)


def narrative_paragraphs(
    *, lang, sponsor, commune, year_from, year_to, totals, items, outputs, trends
) -> list[str]:
    """Return the paragraphs of the narrative summary."""
    years = year_to - year_from + 1
    paragraphs = []
    paragraphs.append(
        vi_or(
            f"Trong {years} năm liên tục (từ năm {year_from} đến năm {year_to}), {sponsor} đã "
            f"phối hợp tổ chức {totals.activities} hoạt động giao lưu, hỗ trợ {commune}, với "
            f"tổng giá trị {_millions(totals.value.total, lang)}, trong đó kinh phí của đơn vị "
            f"{_millions(totals.value.direct, lang)} và vận động "
            f"{_millions(totals.value.mobilised, lang)}.",
            _(
                "For %(years)s consecutive years (from %(first)s to %(last)s) %(sponsor)s "
                "organised %(activities)s exchange and support activities with %(commune)s, worth "
                "%(total)s in all: %(direct)s from its own means and %(mobilised)s mobilised from "
                "businesses and units."
            )
            % {
                "years": years,
                "first": year_from,
                "last": year_to,
                "sponsor": sponsor,
                "activities": totals.activities,
                "commune": commune,
                "total": _millions(totals.value.total, lang),
                "direct": _millions(totals.value.direct, lang),
                "mobilised": _millions(totals.value.mobilised, lang),
            },
            lang,
        )
    )
    goods = [i for i in items if i.quantity is not None and i.kind != Contribution.Kind.CASH]
    direct = [i for i in goods if i.origin == Contribution.Origin.DIRECT]
    mobilised = [i for i in goods if i.origin != Contribution.Origin.DIRECT]
    if direct or mobilised:
        paragraphs.append(
            vi_or(
                (f"Đơn vị đã trực tiếp trao tặng {_goods(direct, lang)}" if direct else "")
                + ("; " if direct and mobilised else "")
                + (f"vận động doanh nghiệp trao tặng {_goods(mobilised, lang)}" if mobilised else "")
                + ".",
                (_("The department directly gave %(goods)s") % {"goods": _goods(direct, lang)} if direct else "")
                + ("; " if direct and mobilised else "")
                + (_("it mobilised businesses to give %(goods)s") % {"goods": _goods(mobilised, lang)} if mobilised else "")
                + ".",
                lang,
            )
        )  # fmt: skip
    if outputs:
        built = "; ".join(
            f"{_lower_first(o.description)}: {format_number(Decimal(o.quantity), lang)} {o.unit}"
            for o in outputs
        )
        paragraphs.append(
            vi_or(
                f"Kết quả cụ thể: {built}.",
                _("What the work built: %(built)s.") % {"built": built},
                lang,
            )
        )
    facts = []
    for trend in trends:
        points = [p for p in trend.points if p.year <= year_to] or trend.points
        if not points:
            continue
        point = points[-1]
        value = format_number(Decimal(point.value), lang)
        unit = (
            "%" if trend.indicator.unit == "percent" else f" {trend.indicator.get_unit_display()}"
        )
        if trend.indicator.unit == "met":
            continue
        value = f"{value}{unit}"
        if point.is_lower_bound:
            value = vi_or(f"trên {value}", _("over %(value)s") % {"value": value}, lang)
        facts.append(f"{trend.indicator.localized_name(lang).lower()}: {value} ({point.year})")
    if facts:
        paragraphs.append(
            vi_or(
                f"Chỉ tiêu của xã: {'; '.join(facts)}.",
                _("The commune today: %(facts)s.") % {"facts": "; ".join(facts)},
                lang,
            )
        )
    return paragraphs
