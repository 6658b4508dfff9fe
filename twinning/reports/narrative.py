"""A narrative written from the numbers, in the manner of the article: "For eight consecutive
years (2016 to 2023) the Department ... gave 600 cloth masks worth 4.8 million VND and mobilised
businesses to give 1,500 more worth 12 million VND ...".

Every sentence says only what the figures support: counts agree with their nouns (ngettext),
a one-year report speaks of the year, gifts and services are told apart, what has no value is
described without "0 đồng", and the sponsor's own money is its own only. Vietnamese is written
here; English is the gettext message id and Arabic comes from the catalogue (wording.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.activities.models import Contribution
from twinning.core.formatting import format_year
from twinning.reports.wording import (
    counted,
    group_count,
    isolate,
    join,
    join_clauses,
    lower_first,
    millions,
    quantity,
    vi_or,
)


def _worth(value: int, lang: str) -> str:
    if not value:
        return ""
    amount = millions(value, lang)
    return vi_or(f" (trị giá {amount})", _(" worth %(amount)s") % {"amount": amount}, lang)


def _goods(items, lang: str) -> str:
    from twinning.reports.twinning_report import item_phrase

    return join_clauses([f"{item_phrase(i, lang)}{_worth(i.value_vnd, lang)}" for i in items], lang)


def opening(data) -> str:
    """Return the first paragraph: how many activities, worth how much, whose money."""
    from twinning.reports.twinning_report import money_split, sponsor_label

    lang, totals = data.lang, data.totals
    split = money_split(data)
    activities = counted(totals.activities, "activity", lang)
    commune = isolate(lower_first(str(data.twinning.partner_unit)), lang)
    sponsor = sponsor_label(data)
    parts = []
    if split.own:
        parts.append(vi_or(f"kinh phí của đơn vị {millions(split.own, lang)}",
                           _("%(amount)s from its own means") % {"amount": millions(split.own, lang)},
                           lang))  # fmt: skip
    if split.other_agency:
        amount = millions(split.other_agency, lang)
        parts.append(
            vi_or(
                f"của các đơn vị kết nghĩa khác trên địa bàn {amount}",
                _("%(amount)s from the other agencies twinned with the merged communes")
                % {"amount": amount},
                lang,
            )
        )
    if split.mobilised:
        amount = millions(split.mobilised, lang)
        parts.append(
            vi_or(
                f"vận động {amount}",
                _("%(amount)s mobilised from businesses and units") % {"amount": amount},
                lang,
            )
        )
    worth = ""
    if split.total:
        total = millions(split.total, lang)
        worth = vi_or(
            f", với tổng giá trị {total}" + (f", trong đó {join(parts, lang)}" if parts else ""),
            (_(", worth %(total)s in all: %(parts)s") % {"total": total, "parts": join(parts, lang)})
            if parts else _(", worth %(total)s in all") % {"total": total},
            lang,
        )  # fmt: skip
    if data.merged:
        who = vi_or(
            "các đơn vị kết nghĩa",
            _("the agencies twinned with its communes"),
            lang,
        )
        commune = isolate(data_where(data), lang)
        subject = who
    else:
        subject = sponsor
    if data.one_year:
        year = format_year(data.year_from)
        return vi_or(
            f"Năm {year}, {subject} đã phối hợp tổ chức {activities} giao lưu, hỗ trợ {commune}"
            f"{worth}.",
            _("In %(year)s %(sponsor)s organised %(activities)s of exchange and support with "
              "%(commune)s%(worth)s.")
            % {"year": year, "sponsor": subject, "activities": activities, "commune": commune,
               "worth": worth},
            lang,
        )  # fmt: skip
    first, last = format_year(data.year_from), format_year(data.year_to)
    return vi_or(
        f"Trong {data.years} năm liên tục (từ năm {first} đến năm {last}), {subject} đã phối hợp "
        f"tổ chức {activities} giao lưu, hỗ trợ {commune}{worth}.",
        ngettext(
            "For %(years)s consecutive year (from %(first)s to %(last)s) %(sponsor)s organised "
            "%(activities)s of exchange and support with %(commune)s%(worth)s.",
            "For %(years)s consecutive years (from %(first)s to %(last)s) %(sponsor)s organised "
            "%(activities)s of exchange and support with %(commune)s%(worth)s.",
            data.years,
        )
        % {"years": data.years, "first": first, "last": last, "sponsor": subject,
           "activities": activities, "commune": commune, "worth": worth},
        lang,
    )  # fmt: skip


def data_where(data) -> str:
    from twinning.reports.twinning_report import where

    return where(data)


def narrative_paragraphs(data) -> list[str]:
    """Return the paragraphs of the narrative summary of section II."""
    from twinning.reports.twinning_report import (
        MOBILISED,
        OWN,
        given_items,
        group_rows,
        indicator_fact,
    )

    lang = data.lang
    paragraphs = [opening(data)]
    items = given_items(data)
    goods = [i for i in items if i.quantity is not None and i.kind == Contribution.Kind.IN_KIND]
    own = [i for i in goods if i.whose == OWN]
    mobilised = [i for i in goods if i.whose == MOBILISED]
    clauses = []
    if own:
        clauses.append(
            vi_or(
                f"Đơn vị đã trực tiếp trao tặng {_goods(own, lang)}",
                _("The department directly gave %(goods)s") % {"goods": _goods(own, lang)},
                lang,
            )
        )
    if mobilised:
        text = _goods(mobilised, lang)
        clauses.append(
            vi_or(
                f"{'v' if own else 'V'}ận động doanh nghiệp trao tặng {text}",
                (_("it mobilised businesses to give %(goods)s") if own
                 else _("It mobilised businesses to give %(goods)s")) % {"goods": text},
                lang,
            )
        )  # fmt: skip
    if clauses:
        paragraphs.append(join_clauses(clauses, lang) + ".")
    services = [i for i in items if i.kind == Contribution.Kind.SERVICE]
    if services:
        parts = []
        for item in services:
            from twinning.reports.twinning_report import item_phrase

            about = [isolate(g, lang) for g in item.givers]
            if item.value_vnd:
                amount = millions(item.value_vnd, lang)
                about.append(vi_or(f"trị giá {amount}", _("worth %(amount)s") % {"amount": amount},
                                   lang))  # fmt: skip
            parts.append(f"{item_phrase(item, lang)} ({join(about, lang)})")
        paragraphs.append(
            vi_or(
                f"Hỗ trợ bằng dịch vụ, công sức: {join_clauses(parts, lang)}.",
                _("Services and work: %(services)s.") % {"services": join_clauses(parts, lang)},
                lang,
            )
        )
    if data.outputs:
        built = join_clauses(
            [
                f"{isolate(lower_first(o.description), lang)}: {quantity(o.quantity, o.unit, lang)}"
                for o in data.outputs
            ],
            lang,
        )
        paragraphs.append(
            vi_or(
                f"Kết quả cụ thể: {built}.",
                _("What the work built: %(built)s.") % {"built": built},
                lang,
            )
        )
    reached = [group_count(r.group, r.count, lang) for r in group_rows(data)]
    if reached:
        paragraphs.append(
            vi_or(
                f"Các hoạt động đã đến với {join(reached, lang)}.",
                _("The activities reached %(groups)s.") % {"groups": join(reached, lang)},
                lang,
            )
        )
    facts = [indicator_fact(row, data) for row in data.indicators if row.indicator.unit != "met"]
    if facts:
        paragraphs.append(
            vi_or(
                f"Chỉ tiêu của xã: {join_clauses(facts, lang)}.",
                _("The commune's indicators: %(facts)s.") % {"facts": join_clauses(facts, lang)},
                lang,
            )
        )
    return paragraphs
