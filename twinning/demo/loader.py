"""The demo: the article's twinning, the 2025 reorganisation, and a few illustrative twinnings.

Every record says where it comes from:
- provenance "source" with the article as its source: the facts in the table of
  seed/article-en.md (600 masks for 4,800,000 đ, 1,500 for 12,000,000 đ, 30 fans, 30 lamps on
  1.5 km, 100 % electricity, over 40 % poor and near-poor, up to 95 % ethnic minorities...).
  Where the article gives no year, the record says so in its provenance detail and the year
  chosen for the timeline;
- provenance "illustrative": plausible records where the article gives no figure (yearly gifts,
  Mid-Autumn festivals, notebooks, training participants) and the other twinnings of the
  province, so that an overseer has something to compare. Never presented as the article's.

The loader is idempotent: every record is found by a stable key and only written when missing
or different (see upsert.py), so `make demo` can run any number of times.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from twinning.activities.models import (
    Activity,
    Attachment,
    BeneficiaryCount,
    Contribution,
    Output,
    Recipient,
)
from twinning.core.choices import Category, DatePrecision, Provenance
from twinning.demo.upsert import upsert
from twinning.geo.models import AdminChange, AdminUnit
from twinning.indicators.models import EthnicComposition, EthnicGroup, Indicator, IndicatorValue
from twinning.indicators.reference import load_reference_data
from twinning.organisations.models import Membership, Organisation, Role
from twinning.programmes.models import AnnualPlan, PlanItem, Programme, Twinning
from twinning.sources.models import Source

SEED_DIR = Path(__file__).resolve().parent / "seed"
REORGANISED = datetime.date(2025, 7, 1)
LAST_OLD_DAY = datetime.date(2025, 6, 30)
TODAY = datetime.date(2026, 11, 29)  # the demo's "now": fixed so that reruns give the same data
SRC = Provenance.SOURCE
ILL = Provenance.ILLUSTRATIVE

# username, role, organisation key, display name. Passwords are printed by `twinning demo`.
DEMO_PASSWORD = "twinning-demo"
DEMO_ACCOUNTS = [
    ("coordinator", Role.COORDINATOR, "sct-lam-dong", "Nguyễn Thị Lan"),
    ("approver", Role.APPROVER, "sct-lam-dong", "Trần Văn Hùng"),
    ("commune", Role.COMMUNE_OFFICER, "ubnd-dong-giang-moi", "K'Thuận"),
    ("contributor", Role.CONTRIBUTOR, "sao-mai-xanh", "Lê Minh Tâm"),
    ("viewer", Role.VIEWER, "sct-lam-dong", "Phạm Quốc Bảo"),
    ("overseer", Role.PROVINCE_OVERSEER, "ban-tgdv-lam-dong", "Võ Thị Hạnh"),
    ("admin", Role.ADMINISTRATOR, "quan-tri", "Quản trị hệ thống"),
]


@dataclass
class Ctx:
    article: Source
    units: dict[str, AdminUnit]
    orgs: dict[str, Organisation]
    programme: Programme | None = None


# --- administrative units and the 2025 reorganisation ------------------------------------------------


def load_units() -> dict[str, AdminUnit]:
    """Return the units of the demo, keyed by a short name: before and after 1 July 2025."""
    u: dict[str, AdminUnit] = {}

    def unit(key, code, name, type_name, level, parent=None, valid_from=None, valid_until=None):
        u[key] = upsert(
            AdminUnit,
            {"level": level, "code": code, "valid_from": valid_from},
            {"name": name, "type_name": type_name, "parent": parent, "valid_until": valid_until},
        )
        return u[key]

    vn = unit("vn", "VN", "Việt Nam", "", AdminUnit.Level.COUNTRY)
    old = {"valid_until": LAST_OLD_DAY}
    new = {"valid_from": REORGANISED}
    bt = unit("binh-thuan", "60", "Bình Thuận", "Tỉnh", "province", vn, **old)
    unit("lam-dong-cu", "68", "Lâm Đồng", "Tỉnh", "province", vn, **old)
    unit("dak-nong", "67", "Đắk Nông", "Tỉnh", "province", vn, **old)
    ld = unit("lam-dong", "68", "Lâm Đồng", "Tỉnh", "province", vn, **new)
    htb = unit("ham-thuan-bac", "597", "Hàm Thuận Bắc", "Huyện", "district", bt, **old)
    bb = unit("bac-binh", "596", "Bắc Bình", "Huyện", "district", bt, **old)
    for key, code, name, district in [
        ("dong-giang-cu", "23074", "Đông Giang", htb),
        ("dong-tien", "23068", "Đông Tiến", htb),
        ("la-da-cu", "23065", "La Dạ", htb),
        ("da-mi", "23107", "Đa Mi", htb),
        ("phan-son-cu", "23008", "Phan Sơn", bb),
        ("phan-lam", "23011", "Phan Lâm", bb),
    ]:
        unit(key, code, name, "Xã", "commune", district, **old)
    for key, code, name in [
        ("dong-giang", "23074", "Đông Giang"),
        ("la-da", "23065", "La Dạ"),
        ("phan-son", "23008", "Phan Sơn"),
    ]:
        unit(key, code, name, "Xã", "commune", ld, **new)

    def change(key, kind, reference, before, after, note=""):
        found = AdminChange.objects.filter(effective_on=REORGANISED, kind=kind, note=note).first()
        record = found or AdminChange.objects.create(
            effective_on=REORGANISED, kind=kind, legal_reference=reference, note=note
        )
        if record.legal_reference != reference:
            record.legal_reference = reference
            record.save(update_fields=["legal_reference"])
        record.units_before.set([u[k] for k in before])
        record.units_after.set([u[k] for k in after])

    change(
        "provinces",
        AdminChange.Kind.MERGE,
        "Nghị quyết số 202/2025/QH15 của Quốc hội",
        ["binh-thuan", "lam-dong-cu", "dak-nong"],
        ["lam-dong"],
        "Bình Thuận, Đắk Nông và Lâm Đồng hợp nhất thành tỉnh Lâm Đồng (mã 68).",
    )
    for district in ("ham-thuan-bac", "bac-binh"):
        change(
            district,
            AdminChange.Kind.DISSOLVE,
            "Luật Tổ chức chính quyền địa phương 2025 (chính quyền địa phương hai cấp)",
            [district],
            [],
            f"Kết thúc hoạt động của đơn vị hành chính cấp huyện: {u[district]}.",
        )
    commune_act = (
        "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp ĐVHC cấp xã tỉnh Lâm Đồng năm 2025"
    )
    for after, befores in [
        ("dong-giang", ["dong-giang-cu", "dong-tien"]),
        ("la-da", ["la-da-cu", "da-mi"]),
        ("phan-son", ["phan-son-cu", "phan-lam"]),
    ]:
        change(
            after,
            AdminChange.Kind.MERGE,
            commune_act,
            befores,
            [after],
            f"Xã {u[after].name} (mới) = "
            + " + ".join(f"xã {u[b].name} ({u[b].code})" for b in befores),
        )
    return u


# --- sources and organisations ---------------------------------------------------------------------


def load_sources() -> Source:
    """Return the article's Arabic original, the source of record; its English rendering points to it."""
    arabic = upsert(
        Source,
        {"key": "article-2023-ar"},
        {
            "kind": Source.Kind.ARTICLE,
            "title": "Sở Công Thương Bình Thuận kết nghĩa với xã Đông Giang (bản tiếng Ả Rập)",
            "publisher": "Báo địa phương tỉnh Bình Thuận (bản dịch tiếng Ả Rập)",
            "language": "ar",
            "text": (SEED_DIR / "article-ar.txt").read_text(encoding="utf-8"),
            "note": "Written in 2023 (it speaks of the National Tourism Year 2023 as this year).",
        },
    )
    upsert(
        Source,
        {"key": "article-2023-en"},
        {
            "kind": Source.Kind.ARTICLE,
            "title": "The Department of Industry and Trade twinned with Đông Giang commune (English rendering)",
            "publisher": "Twinning project",
            "language": "en",
            "text": (SEED_DIR / "article-en.md").read_text(encoding="utf-8"),
            "translation_of": arabic,
        },
    )
    return arabic


def load_organisations(u: dict[str, AdminUnit]) -> dict[str, Organisation]:
    o: dict[str, Organisation] = {}

    def org(key, name, kind, unit=None, provenance=ILL, **extra):
        o[key] = upsert(
            Organisation,
            {"slug": key},
            {"name": name, "kind": kind, "admin_unit": unit, "provenance": provenance, **extra},
        )
        return o[key]

    agency, committee = Organisation.Kind.PROVINCIAL_AGENCY, Organisation.Kind.COMMUNE_COMMITTEE
    old = {"valid_until": LAST_OLD_DAY}
    new = {"valid_from": REORGANISED}
    org(
        "sct-lam-dong",
        "Sở Công Thương tỉnh Lâm Đồng",
        agency,
        u["lam-dong"],
        SRC,
        short_name="SCT",
        parent_body="UBND TỈNH LÂM ĐỒNG",
        **new,
    )
    org(
        "sct-binh-thuan",
        "Sở Công Thương tỉnh Bình Thuận",
        agency,
        u["binh-thuan"],
        SRC,
        short_name="SCT",
        parent_body="UBND TỈNH BÌNH THUẬN",
        succeeded_by=o["sct-lam-dong"],
        **old,
    )
    org("ubnd-dong-giang-moi", "UBND xã Đông Giang", committee, u["dong-giang"], SRC, **new)
    org(
        "ubnd-dong-giang",
        "UBND xã Đông Giang (huyện Hàm Thuận Bắc)",
        committee,
        u["dong-giang-cu"],
        SRC,
        succeeded_by=o["ubnd-dong-giang-moi"],
        **old,
    )
    org(
        "ubnd-dong-tien",
        "UBND xã Đông Tiến (huyện Hàm Thuận Bắc)",
        committee,
        u["dong-tien"],
        succeeded_by=o["ubnd-dong-giang-moi"],
        **old,
    )
    org("ubnd-la-da-moi", "UBND xã La Dạ", committee, u["la-da"], **new)
    org(
        "ubnd-la-da",
        "UBND xã La Dạ (huyện Hàm Thuận Bắc)",
        committee,
        u["la-da-cu"],
        succeeded_by=o["ubnd-la-da-moi"],
        **old,
    )
    org(
        "ubnd-da-mi",
        "UBND xã Đa Mi (huyện Hàm Thuận Bắc)",
        committee,
        u["da-mi"],
        succeeded_by=o["ubnd-la-da-moi"],
        **old,
    )
    org("ubnd-phan-son-moi", "UBND xã Phan Sơn", committee, u["phan-son"], **new)
    org(
        "ubnd-phan-son",
        "UBND xã Phan Sơn (huyện Bắc Bình)",
        committee,
        u["phan-son-cu"],
        succeeded_by=o["ubnd-phan-son-moi"],
        **old,
    )
    org(
        "ubnd-phan-lam",
        "UBND xã Phan Lâm (huyện Bắc Bình)",
        committee,
        u["phan-lam"],
        succeeded_by=o["ubnd-phan-son-moi"],
        **old,
    )
    org(
        "ban-tgdv-lam-dong",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng",
        Organisation.Kind.PROVINCIAL_COMMITTEE,
        u["lam-dong"],
        **new,
    )
    org(
        "ban-dan-van-binh-thuan",
        "Ban Dân vận Tỉnh ủy Bình Thuận",
        Organisation.Kind.PROVINCIAL_COMMITTEE,
        u["binh-thuan"],
        succeeded_by=o["ban-tgdv-lam-dong"],
        **old,
    )
    for key, name, short, successor_key, successor_name in [
        (
            "snn-binh-thuan",
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Thuận",
            "SNN",
            "snnmt-lam-dong",
            "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
        ),
        (
            "sgd-binh-thuan",
            "Sở Giáo dục và Đào tạo tỉnh Bình Thuận",
            "SGDĐT",
            "sgd-lam-dong",
            "Sở Giáo dục và Đào tạo tỉnh Lâm Đồng",
        ),
        (
            "syt-binh-thuan",
            "Sở Y tế tỉnh Bình Thuận",
            "SYT",
            "syt-lam-dong",
            "Sở Y tế tỉnh Lâm Đồng",
        ),
        (
            "svhttdl-binh-thuan",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Thuận",
            "SVHTTDL",
            "svhttdl-lam-dong",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Lâm Đồng",
        ),
        (
            "stc-binh-thuan",
            "Sở Tài chính tỉnh Bình Thuận",
            "STC",
            "stc-lam-dong",
            "Sở Tài chính tỉnh Lâm Đồng",
        ),
    ]:
        org(
            successor_key,
            successor_name,
            agency,
            u["lam-dong"],
            short_name=short,
            parent_body="UBND TỈNH LÂM ĐỒNG",
            **new,
        )
        org(
            key,
            name,
            agency,
            u["binh-thuan"],
            short_name=short,
            parent_body="UBND TỈNH BÌNH THUẬN",
            succeeded_by=o[successor_key],
            **old,
        )
    business = Organisation.Kind.BUSINESS
    org("dien-luc-binh-thuan", "Công ty Điện lực Bình Thuận", business, u["binh-thuan"], SRC)
    org(
        "doanh-nghiep-van-dong",
        "Các doanh nghiệp do Sở Công Thương vận động",
        business,
        None,
        SRC,
        address="The article does not name the businesses.",
    )
    org(
        "doanh-nghiep-thuong-mai",
        "Các doanh nghiệp thương mại trong tỉnh",
        business,
        None,
        SRC,
        address="The article does not name the businesses.",
    )
    for key, name in [
        ("sao-mai-xanh", "Công ty TNHH Thương mại Sao Mai Xanh"),
        ("doi-cat", "Công ty Cổ phần Thực phẩm Đồi Cát"),
        ("anh-duong", "Công ty TNHH Điện máy Ánh Dương"),
        ("hai-dang", "Công ty TNHH Vật tư Hải Đăng"),
        ("thanh-long-xanh", "Hợp tác xã Thanh long Vườn Xanh"),
    ]:
        org(key, name, business, u["binh-thuan"])
    org("quan-tri", "Quản trị hệ thống", Organisation.Kind.OTHER, None)
    return o


# --- the commune's profile ---------------------------------------------------------------------------


def indicator_value(ctx, unit_key, code, year, value, provenance=ILL, **extra):
    values = {"value": Decimal(str(value)), "provenance": provenance, **extra}
    if provenance == SRC:
        values["source"] = ctx.article
    upsert(
        IndicatorValue,
        {
            "admin_unit": ctx.units[unit_key],
            "indicator": Indicator.objects.get(code=code),
            "year": year,
        },
        values,
    )


def load_profile(ctx: Ctx) -> None:
    """Indicators and ethnic composition of old Đông Giang (the article) and of the others."""
    article = "The article: "
    indicator_value(
        ctx,
        "dong-giang-cu",
        "ethnic_minority_share",
        2023,
        95,
        SRC,
        provenance_detail=article + "up to 95% of the population are ethnic minorities",
    )
    indicator_value(
        ctx,
        "dong-giang-cu",
        "poor_and_near_poor_rate",
        2023,
        40,
        SRC,
        is_lower_bound=True,
        provenance_detail=article + "poor and near-poor households exceed 40%",
    )
    indicator_value(
        ctx,
        "dong-giang-cu",
        "households_with_electricity",
        2023,
        100,
        SRC,
        provenance_detail=article + "100% of households have access to electricity",
    )
    indicator_value(
        ctx,
        "dong-giang-cu",
        "ntm_criterion_4_electricity",
        2023,
        1,
        SRC,
        provenance_detail=article + "criterion No. 4 (rural electricity) kept met",
    )
    electricity = {
        2016: 92.5,
        2017: 94,
        2018: 96.5,
        2019: 98,
        2020: 99.1,
        2021: 99.6,
        2022: 100,
        2024: 100,
    }
    poverty = {
        2016: 61.2,
        2017: 57.8,
        2018: 54.1,
        2019: 50.6,
        2020: 48.3,
        2021: 46.9,
        2022: 44.2,
        2024: 38.7,
    }
    poor = {
        2016: 38.5,
        2017: 35.2,
        2018: 31.9,
        2019: 28.4,
        2020: 26.0,
        2021: 24.7,
        2022: 22.9,
        2023: 21.5,
        2024: 19.8,
    }
    for year, value in electricity.items():
        indicator_value(ctx, "dong-giang-cu", "households_with_electricity", year, value)
    for year, value in poverty.items():
        indicator_value(ctx, "dong-giang-cu", "poor_and_near_poor_rate", year, value)
    for year, value in poor.items():
        indicator_value(ctx, "dong-giang-cu", "poor_household_rate", year, value)
    for year, (people, households) in {
        2016: (2140, 498),
        2020: (2265, 531),
        2024: (2388, 562),
    }.items():
        indicator_value(ctx, "dong-giang-cu", "population", year, people)
        indicator_value(ctx, "dong-giang-cu", "households", year, households)
    # The new, merged commune (illustrative figures: old Đông Giang + old Đông Tiến).
    for code, value in [
        ("population", 6010),
        ("households", 1452),
        ("households_with_electricity", 99.8),
        ("poor_and_near_poor_rate", 31.4),
        ("ethnic_minority_share", 71),
    ]:
        indicator_value(ctx, "dong-giang", code, 2025, value)
    # The other communes, for the overseer's comparison (illustrative).
    rng = random.Random(604)
    for key in ("dong-tien", "la-da-cu", "da-mi", "phan-son-cu", "phan-lam"):
        rate, power = rng.uniform(35, 60), rng.uniform(88, 97)
        for year in range(2017, 2025):
            indicator_value(ctx, key, "poor_and_near_poor_rate", year, round(rate, 1))
            indicator_value(
                ctx, key, "households_with_electricity", year, round(min(power, 100), 1)
            )
            rate, power = rate * rng.uniform(0.9, 0.97), power + rng.uniform(0.5, 2.5)
    groups = {g.code: g for g in EthnicGroup.objects.all()}
    for code in ("16", "21", "17", "02", "07", "36", "05", "22"):  # as the article lists them
        upsert(
            EthnicComposition,
            {"admin_unit": ctx.units["dong-giang-cu"], "year": 2023, "ethnic_group": groups[code]},
            {
                "is_majority": code == "16",
                "provenance": SRC,
                "source": ctx.article,
                "provenance_detail": article
                + "K'ho (majority), Raglai, Chăm, Tày, Nùng, Chu-ru, Khmer, Stiêng",
            },
        )


# --- activities ------------------------------------------------------------------------------------


def activity(
    ctx,
    twinning,
    ref,
    category,
    title,
    day,
    *,
    precision=DatePrecision.DAY,
    provenance=ILL,
    detail="",
    contributions=(),
    outputs=(),
    beneficiaries=(),
    confirmed=True,
    published=None,
    **extra,
) -> Activity:
    """Create or update one activity with its contributions, outputs and beneficiary counts."""
    values = {
        "category": category,
        "title": title,
        "start_date": day,
        "date_precision": precision,
        "provenance": provenance,
        "provenance_detail": detail,
        "source": ctx.article if provenance == SRC else None,
        "status": Activity.Status.DONE,
        **extra,
    }
    if confirmed:
        answered = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=7), datetime.time(9))
        )
        values.update(
            confirmation=Activity.Confirmation.CONFIRMED,
            confirmed_at=answered,
            received_on=day,
            published=True if published is None else published,
        )
    item = upsert(Activity, {"twinning": twinning, "ref": ref}, values)
    for index, c in enumerate(contributions):
        c = dict(c)
        contributor = ctx.orgs[c.pop("by")]
        quantity = c.get("quantity")
        if quantity is not None:
            c["quantity"] = Decimal(str(quantity))
        if quantity is not None and c.get("unit_value_vnd") is not None and "value_vnd" not in c:
            c["value_vnd"] = int(Decimal(str(quantity)) * c["unit_value_vnd"])
        contribution = Contribution(activity=item, contributor=contributor)
        upsert(
            Contribution,
            {"activity": item, "ref": c.pop("ref", f"{ref}-{index + 1}")},
            {
                "contributor": contributor,
                "origin": contribution.infer_origin(),
                "provenance": provenance,
                "source": values["source"],
                "status": Contribution.Status.DELIVERED,
                "delivered_on": day,
                **c,
            },
        )
    for description, quantity, unit in outputs:
        upsert(
            Output,
            {"activity": item, "description": description},
            {"quantity": Decimal(str(quantity)), "unit": unit},
        )
    for group, count in beneficiaries:
        upsert(BeneficiaryCount, {"activity": item, "group": group}, {"count": count})
    return item


def load_article_activities(ctx: Ctx, t: Twinning) -> None:
    """The facts of the article, each from the source; years the article does not give are said so."""
    no_year = "The article does not give the year; placed in {year} for the timeline."
    E, S = Category, "doanh-nghiep-van-dong"
    activity(
        ctx,
        t,
        "article-ceremony",
        E.EXCHANGE,
        "Lễ kết nghĩa giữa Sở Công Thương và UBND xã Đông Giang",
        datetime.date(2016, 8, 1),
        precision=DatePrecision.MONTH,
        provenance=SRC,
        place="xã Đông Giang",
        detail="The article: the twinning ceremony was held at the end of August 2016.",
    )
    masks = activity(
        ctx,
        t,
        "article-masks",
        E.HEALTH,
        "Tặng khẩu trang vải kháng khuẩn hỗ trợ phòng, chống dịch COVID-19",
        datetime.date(2020, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        occasion="epidemic",
        place="xã Đông Giang",
        detail="The article: during the COVID-19 epidemic. " + no_year.format(year=2020),
        contributions=[
            {
                "ref": "masks-direct",
                "by": "sct-binh-thuan",
                "kind": "in_kind",
                "item": "Khẩu trang vải kháng khuẩn",
                "quantity": 600,
                "unit": "chiếc",
                "unit_value_vnd": 8000,
                "value_vnd": 4_800_000,
            },
            {
                "ref": "masks-mobilised",
                "by": S,
                "kind": "in_kind",
                "item": "Khẩu trang vải kháng khuẩn",
                "quantity": 1500,
                "unit": "chiếc",
                "unit_value_vnd": 8000,
                "value_vnd": 12_000_000,
            },
        ],
    )
    activity(
        ctx,
        t,
        "article-fans",
        E.EDUCATION,
        "Vận động doanh nghiệp tặng 30 quạt treo tường cho các trường học xã Đông Giang",
        datetime.date(2019, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        detail=no_year.format(year=2019),
        contributions=[
            {"by": S, "kind": "in_kind", "item": "Quạt treo tường", "quantity": 30, "unit": "cái"}
        ],
    )
    activity(
        ctx,
        t,
        "article-school-wiring",
        E.INFRASTRUCTURE,
        "Thay thế, sửa chữa hệ thống điện Trường THCS Đông Giang",
        datetime.date(2018, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        place="Trường THCS Đông Giang",
        detail=no_year.format(year=2018),
        contributions=[
            {
                "by": "sct-binh-thuan",
                "kind": "service",
                "item": "Thay thế, sửa chữa hệ thống điện trường học",
            }
        ],
        outputs=[("Hệ thống điện Trường THCS Đông Giang được thay thế, sửa chữa", 1, "trường")],
        beneficiaries=[("schools", 1)],
    )
    activity(
        ctx,
        t,
        "article-solar-lights",
        E.INFRASTRUCTURE,
        "Công trình đèn đường năng lượng mặt trời chào mừng 30 năm tái lập tỉnh Bình Thuận",
        datetime.date(2022, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        occasion="anniversary",
        place="xã Đông Giang",
        detail="The article: for the 30th anniversary of the province's re-establishment (1992 + 30 = 2022).",
        contributions=[
            {
                "by": "sct-binh-thuan",
                "kind": "in_kind",
                "item": "Đèn đường năng lượng mặt trời",
                "quantity": 30,
                "unit": "bộ",
            }
        ],
        outputs=[
            ("Đèn đường năng lượng mặt trời được lắp đặt", 30, "bộ"),
            ("Tuyến đường được chiếu sáng", "1.5", "km"),
        ],
    )
    activity(
        ctx,
        t,
        "article-electrification",
        E.INFRASTRUCTURE,
        "Giám sát dự án cấp điện cho thôn, bon chưa có điện vùng đồng bào dân tộc thiểu số",
        datetime.date(2017, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        detail="The article: Bình Thuận Power Company carried out the project under the "
        "Department's supervision; 100% of households now have electricity. "
        + no_year.format(year=2017),
        contributions=[
            {
                "by": "dien-luc-binh-thuan",
                "kind": "service",
                "item": "Đầu tư, thi công cấp điện cho thôn chưa có điện",
            }
        ],
    )
    activity(
        ctx,
        t,
        "article-training",
        E.TRAINING,
        "Lớp tập huấn phát triển nguồn nhân lực thương mại",
        datetime.date(2019, 1, 1),
        precision=DatePrecision.YEAR,
        provenance=SRC,
        place="xã Đông Giang",
        detail="The article: for commune officials in trade and production management, "
        "trading businesses and small traders. " + no_year.format(year=2019),
        contributions=[{"by": "sct-binh-thuan", "kind": "service", "item": "Tổ chức lớp tập huấn"}],
    )
    activity(
        ctx,
        t,
        "article-mobile-sales",
        E.TRADE,
        "Phiên chợ bán hàng lưu động phục vụ Tết tại xã Đông Giang",
        datetime.date(2023, 1, 1),
        precision=DatePrecision.MONTH,
        provenance=SRC,
        occasion="tet",
        detail="The article: trading businesses mobilised for sales trips before the Lunar New Year. "
        + no_year.format(year=2023),
        contributions=[
            {
                "by": "doanh-nghiep-thuong-mai",
                "kind": "service",
                "item": "Bán hàng thiết yếu giá hợp lý",
            }
        ],
    )
    for ref, category, title, detail in [
        (
            "article-festivals",
            E.FESTIVAL,
            "Phối hợp tổ chức lễ hội truyền thống mang đậm bản sắc dân tộc",
            "The article: support to the local government for traditional festivals.",
        ),
        (
            "article-exchanges",
            E.EXCHANGE,
            "Giao lưu văn hóa, văn nghệ, thể thao giữa công chức ngành Công Thương và nhân dân xã",
            "The article: cultural, artistic and sports exchanges on traditional holidays.",
        ),
        (
            "article-tourism-2023",
            E.TOURISM,
            'Tuyên truyền Năm Du lịch quốc gia 2023 "Bình Thuận – Hội tụ xanh"',
            "The article: the National Tourism Year 2023 promoted to the people of Đông Giang.",
        ),
        (
            "article-dan-van-kheo",
            E.ENVIRONMENT,
            'Mô hình "Dân vận khéo" bảo vệ môi trường: "trong nhà, ngoài ngõ" xanh - sạch - đẹp',
            "The article: smart mass mobilisation models; flowers and trees, clean homes and roadsides.",
        ),
        (
            "article-it-reform",
            E.GOVERNANCE,
            "Tăng cường ứng dụng công nghệ thông tin trong cải cách hành chính",
            "The article: IT in administrative reform.",
        ),
        (
            "article-policy",
            E.POLICY,
            "Tuyên truyền cơ chế, chính sách của ngành Công Thương tại cơ sở",
            "The article: dissemination of the trade sector's mechanisms and policies.",
        ),
        (
            "article-state-management",
            E.GOVERNANCE,
            "Phối hợp nâng cao hiệu quả quản lý nhà nước các chương trình, kế hoạch, dự án kinh tế - xã hội",
            "The article: work with the commune People's Committee on state management.",
        ),
    ]:
        activity(
            ctx,
            t,
            ref,
            category,
            title,
            datetime.date(2023, 1, 1),
            precision=DatePrecision.YEAR,
            provenance=SRC,
            detail=detail + " " + no_year.format(year=2023),
        )
    load_photo(masks, "Khẩu trang vải kháng khuẩn", (70, 130, 180))


def sponsor_on(day: datetime.date) -> str:
    """Return the Department that acted on `day`: Bình Thuận's until 30 June 2025, then Lâm Đồng's."""
    return "sct-binh-thuan" if day < REORGANISED else "sct-lam-dong"


STUDENT_NAMES = [
    "K'Điệp",
    "Ka Thúy",
    "K'Brôl",
    "Ka Hiền",
    "K'Tiếp",
    "Ka Nhung",
    "K'Sơn",
    "Ka Lành",
    "K'Vinh",
    "Ka Dung",
]
FAMILY_NAMES = [
    "Hộ ông K'Bình",
    "Hộ bà Ka Liên",
    "Hộ ông Mang Văn Út",
    "Hộ bà Ka Hòa",
    "Hộ ông Nguyễn Văn Tư",
]


def load_yearly_illustrative(ctx: Ctx, t: Twinning) -> None:
    """Yearly gifts, Mid-Autumn festivals, notebooks, Tết sales and training: illustrative figures."""
    E = Category
    detail = "Illustrative: the article says this was done every year but gives no figures."
    rng = random.Random(2016)
    for year in range(2016, TODAY.year + 1):
        if year >= 2017:
            gifts = rng.choice([8, 10, 12, 15])
            day = datetime.date(year, 1, 18)
            sponsor = sponsor_on(day)
            activity(
                ctx,
                t,
                f"gifts-tet-{year}",
                E.GIFTS,
                f"Tặng quà Tết gia đình chính sách {year}",
                day,
                occasion="tet",
                detail=detail,
                staff_count=rng.randint(5, 12),
                reach_person_times=gifts * 3,
                contributions=[
                    {
                        "by": sponsor,
                        "kind": "in_kind",
                        "item": "Suất quà Tết",
                        "quantity": gifts,
                        "unit": "suất",
                        "unit_value_vnd": 500_000,
                    }
                ],
                beneficiaries=[("policy_families", gifts)],
            )
        day = datetime.date(year, 9, 10)
        sponsor = sponsor_on(day)
        if day <= TODAY:
            children = rng.choice([120, 150, 180, 200])
            mid = activity(
                ctx,
                t,
                f"mid-autumn-{year}",
                E.FESTIVAL,
                f"Vui Tết Trung thu cho thiếu nhi xã Đông Giang {year}",
                day,
                occasion="mid_autumn",
                detail=detail,
                staff_count=rng.randint(8, 15),
                reach_person_times=children + 40,
                confirmed=year < 2026,
                contributions=[
                    {
                        "by": sponsor,
                        "kind": "in_kind",
                        "item": "Quà Trung thu",
                        "quantity": children // 2,
                        "unit": "suất",
                        "unit_value_vnd": 60_000,
                    },
                    {
                        "by": "sao-mai-xanh",
                        "kind": "in_kind",
                        "item": "Bánh trung thu, lồng đèn",
                        "quantity": children - children // 2,
                        "unit": "suất",
                        "unit_value_vnd": 60_000,
                    },
                ],
                beneficiaries=[("children", children)],
            )
            if year == 2024:
                load_photo(mid, "Trung thu 2024", (230, 150, 40))
        day = datetime.date(year, 8, 28)
        sponsor = sponsor_on(day)
        if day <= TODAY:
            pupils = rng.choice([40, 50, 60])
            notebooks = activity(
                ctx,
                t,
                f"notebooks-{year}",
                E.EDUCATION,
                f"Tặng vở cho học sinh nghèo vượt khó, học sinh có hoàn cảnh khó khăn năm học {year}-{year + 1}",
                day,
                occasion="school_year",
                detail=detail,
                contributions=[
                    {
                        "by": sponsor,
                        "kind": "in_kind",
                        "item": "Vở học sinh",
                        "quantity": pupils * 10,
                        "unit": "quyển",
                        "unit_value_vnd": 9_000,
                    },
                    {
                        "by": "doi-cat",
                        "kind": "cash",
                        "item": "Học bổng",
                        "value_vnd": pupils * 100_000,
                    },
                ],
                beneficiaries=[("students", pupils)],
            )
            if year == 2023:
                for name in STUDENT_NAMES:
                    upsert(
                        Recipient,
                        {"activity": notebooks, "full_name": name},
                        {
                            "kind": "person",
                            "group": "students",
                            "is_minor": True,
                            "support": "10 quyển vở, học bổng 100.000 đồng",
                            "value_vnd": 190_000,
                            "village": rng.choice(["Thôn 1", "Thôn 2", "Thôn 3"]),
                        },
                    )
        if 2017 <= year <= 2026 and year != 2023:
            traders = rng.choice([3, 4, 5])
            activity(
                ctx,
                t,
                f"mobile-sales-{year}",
                E.TRADE,
                f"Chuyến bán hàng lưu động dịp Tết {year}",
                datetime.date(year, 1, 25),
                occasion="tet",
                detail=detail,
                contributions=[
                    {
                        "by": "sao-mai-xanh",
                        "kind": "service",
                        "item": "Bán hàng bình ổn giá",
                        "quantity": 1,
                        "unit": "chuyến",
                        "unit_value_vnd": 15_000_000,
                    }
                ],
                beneficiaries=[("households", rng.randint(250, 400)), ("traders", traders)],
            )
    for year, officials, traders in [(2017, 18, 25), (2021, 20, 32), (2024, 22, 30)]:
        activity(
            ctx,
            t,
            f"training-{year}",
            E.TRAINING,
            f"Tập huấn kỹ năng kinh doanh cho cán bộ, tiểu thương xã Đông Giang {year}",
            datetime.date(year, 5, 16),
            detail="Illustrative: participants' numbers.",
            staff_count=4,
            reach_person_times=officials + traders,
            contributions=[
                {
                    "by": "sct-binh-thuan",
                    "kind": "cash",
                    "item": "Kinh phí tổ chức lớp",
                    "value_vnd": 18_000_000,
                }
            ],
            beneficiaries=[("officials", officials), ("traders", traders)],
        )
    gifts_2024 = Activity.objects.get(twinning=t, ref="gifts-tet-2024")
    for name in FAMILY_NAMES:
        upsert(
            Recipient,
            {"activity": gifts_2024, "full_name": name},
            {
                "kind": "household",
                "group": "policy_families",
                "support": "Suất quà Tết",
                "value_vnd": 500_000,
                "village": "Thôn 2",
            },
        )
    # After the merger: the Lâm Đồng Department goes on with the new commune.
    activity(
        ctx,
        t,
        "handover-2025",
        E.EXCHANGE,
        "Gặp mặt, tiếp tục quan hệ kết nghĩa với xã Đông Giang (mới) sau sắp xếp đơn vị hành chính",
        datetime.date(2025, 7, 15),
        detail="Illustrative.",
        staff_count=10,
        place="xã Đông Giang, tỉnh Lâm Đồng",
    )
    disputed = activity(
        ctx,
        t,
        "lamps-repair-2026",
        E.INFRASTRUCTURE,
        "Sửa chữa, thay pin đèn đường năng lượng mặt trời",
        datetime.date(2026, 6, 12),
        detail="Illustrative.",
        confirmed=False,
        contributions=[
            {
                "by": "anh-duong",
                "kind": "in_kind",
                "item": "Pin lưu trữ",
                "quantity": 12,
                "unit": "bộ",
                "unit_value_vnd": 1_250_000,
            }
        ],
        outputs=[("Đèn được thay pin", 12, "bộ")],
    )
    if disputed.confirmation == Activity.Confirmation.PENDING:
        disputed.confirmation = Activity.Confirmation.DISPUTED
        disputed.confirmed_at = timezone.make_aware(datetime.datetime(2026, 6, 20, 10))
        disputed.confirmation_note = "Xã mới nhận 8 bộ pin, chưa đủ 12 bộ như biên bản."
        disputed.save()


def load_plans(ctx: Ctx, t: Twinning, first_year: int, last_year: int) -> None:
    """One plan a year, approved and agreed; its items follow the year's activities.

    The article says a plan was agreed every year from 2016 to 2023: those plans exist from the
    source, their items are illustrative. The demo's next year (2027) is submitted and waits for
    the approver and the commune."""
    approved = {"status": AnnualPlan.Status.APPROVED}
    for year in range(first_year, last_year + 1):
        moment = timezone.make_aware(datetime.datetime(max(year - 1, first_year), 12, 15, 9))
        if year == first_year and t.signed_on.year == year:
            moment = timezone.make_aware(datetime.datetime.combine(t.signed_on, datetime.time(9)))
        values = {
            **approved,
            "submitted_at": moment,
            "approved_at": moment,
            "agreed_at": moment,
            "provenance": SRC if t.provenance == SRC and year <= 2023 else ILL,
            "summary": f"Kế hoạch giao lưu, kết nghĩa năm {year}",
            "document_number": f"{(year * 7) % 90 + 5:02d}/KH-{t.sponsor.short_name or 'SO'}",
        }
        if year == TODAY.year + 1:
            values.update(
                status=AnnualPlan.Status.SUBMITTED,
                approved_at=None,
                agreed_at=None,
                submitted_at=timezone.make_aware(datetime.datetime(TODAY.year, 11, 20, 9)),
            )
        plan = upsert(AnnualPlan, {"twinning": t, "year": year}, values)
        activities = list(
            Activity.objects.filter(twinning=t, start_date__year=year).order_by("start_date")
        )
        if year == TODAY.year + 1:
            activities = list(Activity.objects.filter(twinning=t, start_date__year=TODAY.year))
        for position, act in enumerate(activities):
            total = sum(c.value_vnd or 0 for c in act.contributions.all())
            item = upsert(
                PlanItem,
                {"plan": plan, "title": act.title.replace(str(TODAY.year), str(year))},
                {
                    "category": act.category,
                    "position": position,
                    "budget_vnd": total or None,
                    "due_month": act.start_date.month
                    if act.date_precision != DatePrecision.YEAR
                    else None,
                    "responsible_unit": t.sponsor.short_name or t.sponsor.name,
                },
            )
            if year <= TODAY.year and act.plan_item_id != item.pk:
                act.plan_item = item
                act.save(update_fields=["plan_item"])


# --- other twinnings of the province (illustrative) ---------------------------------------------------


OTHER_TWINNINGS = [
    (
        "snn-binh-thuan",
        "ubnd-dong-tien",
        "dong-tien",
        datetime.date(2017, 3, 15),
        Category.TRAINING,
        "Chuyển giao kỹ thuật trồng thanh long, chăn nuôi bò",
    ),
    (
        "sgd-binh-thuan",
        "ubnd-la-da",
        "la-da-cu",
        datetime.date(2016, 11, 8),
        Category.EDUCATION,
        "Tặng sách giáo khoa, đồ dùng học tập",
    ),
    (
        "syt-binh-thuan",
        "ubnd-da-mi",
        "da-mi",
        datetime.date(2017, 5, 19),
        Category.HEALTH,
        "Khám bệnh, cấp thuốc miễn phí",
    ),
    (
        "svhttdl-binh-thuan",
        "ubnd-phan-son",
        "phan-son-cu",
        datetime.date(2018, 4, 2),
        Category.EXCHANGE,
        "Giao lưu văn nghệ, thể thao",
    ),
    (
        "stc-binh-thuan",
        "ubnd-phan-lam",
        "phan-lam",
        datetime.date(2016, 12, 20),
        Category.GIFTS,
        "Hỗ trợ xây nhà đại đoàn kết",
    ),
]


def load_other_twinnings(ctx: Ctx) -> None:
    rng = random.Random(1992)
    businesses = ["sao-mai-xanh", "doi-cat", "anh-duong", "hai-dang", "thanh-long-xanh"]
    for sponsor_key, partner_key, unit_key, signed, category, speciality in OTHER_TWINNINGS:
        sponsor = ctx.orgs[sponsor_key]
        t = upsert(
            Twinning,
            {"programme": ctx.programme, "sponsor": sponsor, "partner_unit": ctx.units[unit_key]},
            {
                "partner_organisation": ctx.orgs[partner_key],
                "signed_on": signed,
                "provenance": ILL,
                "provenance_detail": "Illustrative twinning for comparison; not from a source.",
                "objectives": "Hỗ trợ phát triển kinh tế - xã hội, giữ gìn bản sắc văn hóa dân tộc.",
            },
        )
        successor = sponsor.succeeded_by.slug
        for year in range(signed.year + 1, TODAY.year + 1):
            giver = sponsor_key if year < 2025 else successor
            households = rng.randint(10, 30)
            activity(
                ctx,
                t,
                f"tet-{year}",
                Category.GIFTS,
                f"Tặng quà Tết cho hộ nghèo {year}",
                datetime.date(year, 1, rng.randint(10, 25)),
                occasion="tet",
                detail="Illustrative.",
                contributions=[
                    {
                        "by": giver,
                        "kind": "cash",
                        "item": "Tiền mặt",
                        "value_vnd": households * 500_000,
                    },
                    {
                        "by": rng.choice(businesses),
                        "kind": "in_kind",
                        "item": "Gạo",
                        "quantity": households * 10,
                        "unit": "kg",
                        "unit_value_vnd": 18_000,
                    },
                ],
                beneficiaries=[("poor_households", households)],
            )
            day = datetime.date(year, rng.randint(3, 11), rng.randint(1, 28))
            if day <= TODAY:
                activity(
                    ctx,
                    t,
                    f"special-{year}",
                    category,
                    f"{speciality} {year}",
                    day,
                    detail="Illustrative.",
                    confirmed=day < datetime.date(2026, 10, 1),
                    staff_count=rng.randint(4, 15),
                    reach_person_times=rng.randint(40, 300),
                    contributions=[
                        {
                            "by": giver,
                            "kind": "cash",
                            "item": speciality,
                            "value_vnd": rng.randrange(5, 60) * 1_000_000,
                        }
                    ],
                    beneficiaries=[("residents", rng.randint(40, 300))],
                )
        load_plans(ctx, t, signed.year + 1, TODAY.year)


# --- photos (made here, not copied) ------------------------------------------------------------------


def load_photo(act: Activity, caption: str, colour: tuple[int, int, int]) -> None:
    """Attach a generated illustrative picture (a coloured card with the caption) once."""
    if act.attachments.filter(kind=Attachment.Kind.PHOTO).exists():
        return
    import hashlib

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (960, 640), colour)
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 40):
        draw.line([(0, i), (960, i + 200)], fill=tuple(min(255, c + 25) for c in colour), width=8)
    draw.text((40, 580), f"{caption} (ảnh minh họa)", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    data = buffer.getvalue()
    thumb = image.copy()
    thumb.thumbnail((320, 320))
    thumb_buffer = io.BytesIO()
    thumb.save(thumb_buffer, format="JPEG", quality=80)
    attachment = Attachment(
        activity=act,
        kind=Attachment.Kind.PHOTO,
        original_name=f"{act.ref}.jpg",
        content_type="image/jpeg",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        caption=f"{caption} (ảnh minh họa, tạo tự động)",
        is_public=True,
    )
    attachment.file.save(f"{act.ref}.jpg", ContentFile(data), save=False)
    attachment.thumbnail.save(
        f"{act.ref}-thumb.jpg", ContentFile(thumb_buffer.getvalue()), save=False
    )
    attachment.save()


# --- accounts ---------------------------------------------------------------------------------------


def load_accounts(orgs: dict[str, Organisation]) -> list[tuple[str, str, str, str]]:
    """Create the demo accounts (one per role) and return (username, password, role, organisation)."""
    User = get_user_model()
    rows = []
    for username, role, org_key, full_name in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            # Vietnamese names are written family name first: keep the whole name in one field.
            user = User.objects.create_user(
                username=username, password=DEMO_PASSWORD, first_name=full_name
            )
        if role == Role.ADMINISTRATOR and not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        Membership.objects.get_or_create(user=user, organisation=orgs[org_key], role=role)
        rows.append((username, DEMO_PASSWORD, str(Role(role).label), orgs[org_key].name))
    return rows


# --- the whole demo ----------------------------------------------------------------------------------


@transaction.atomic
def load_demo() -> Twinning:
    """Load (or bring up to date) the whole demo and return the article's twinning."""
    from twinning.indicators.models import EthnicGroup as G
    from twinning.indicators.models import Indicator as I  # noqa: E741

    load_reference_data(G, I)
    units = load_units()
    article = load_sources()
    orgs = load_organisations(units)
    ctx = Ctx(article=article, units=units, orgs=orgs)
    ctx.programme = upsert(
        Programme,
        {"slug": "ket-nghia-nq04-binh-thuan"},
        {
            "name": "Chương trình kết nghĩa giữa cơ quan, đơn vị cấp tỉnh với xã vùng đồng bào dân tộc thiểu số",
            "short_name": "Kết nghĩa theo Nghị quyết 04",
            "province": units["binh-thuan"],
            "coordinating_organisation": orgs["ban-dan-van-binh-thuan"],
            "legal_reference": "Nghị quyết số 04 của Tỉnh ủy Bình Thuận",
            "start_year": 2013,
            "provenance": SRC,
        },
    )
    twinning = upsert(
        Twinning,
        {"slug": "sct-dong-giang"},
        {
            "programme": ctx.programme,
            "sponsor": orgs["sct-binh-thuan"],
            "partner_unit": units["dong-giang-cu"],
            "partner_organisation": orgs["ubnd-dong-giang"],
            "signed_on": datetime.date(2016, 8, 1),
            "signed_on_precision": DatePrecision.MONTH,
            "signed_on_note": "cuối tháng 8/2016",
            "provenance": SRC,
            "source": article,
            "provenance_detail": "The article: assigned by the province; ceremony at the end of August 2016.",
            "objectives": "Góp phần phát triển toàn diện đời sống, kinh tế - xã hội vùng đồng bào dân tộc "
            "thiểu số theo tinh thần Nghị quyết số 04 của Tỉnh ủy.",
        },
    )
    load_profile(ctx)
    load_article_activities(ctx, twinning)
    load_yearly_illustrative(ctx, twinning)
    load_plans(ctx, twinning, 2016, TODAY.year + 1)
    load_other_twinnings(ctx)
    return twinning
