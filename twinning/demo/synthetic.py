"""Deterministic synthetic data at province or nation scale, for benchmarks.

Every record is marked as synthetic: provenance "synthetic" on twinnings, activities,
contributions and indicator values; names start with "[TH]" (tổng hợp, synthetic) and unit codes
with "S". The same seed gives the same data. Rows are written with bulk inserts in batches, so a
nation (about 1,000,000 activities and 3,000,000 contributions) takes minutes, not hours; the
change history is not written for synthetic rows (they were never edited by anyone). Bulk
inserts send no signals, so the summary of totals (reports.summary) is written for the new
twinnings at the end, from GROUP BY queries over their rows, in the same transaction: it is exact
when `generate` returns.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from twinning.activities.models import Activity, BeneficiaryCount, BeneficiaryGroup, Contribution
from twinning.core.choices import Category, Provenance
from twinning.geo.models import AdminUnit
from twinning.indicators.models import Indicator, IndicatorValue
from twinning.organisations.models import Organisation
from twinning.programmes.models import AnnualPlan, PlanItem, Programme, Twinning

SYN = Provenance.SYNTHETIC
MARK = "[TH]"
FIRST_YEAR, LAST_YEAR = 2015, 2025  # 11 years
BATCH = 5000


@dataclass(frozen=True)
class Scale:
    provinces: int
    twinnings_per_province: int
    activities_per_year: int  # per twinning
    contributions_per_activity: int
    businesses_per_province: int


SCALES = {
    # 60 twinnings × 11 years × 38 = 25,080 activities, × 3 = 75,240 contributions
    "province": Scale(1, 60, 38, 3, 120),
    # 34 × 88 = 2,992 twinnings × 11 × 30 = 987,360 activities, × 3 = 2,962,080 contributions
    "nation": Scale(34, 88, 30, 3, 150),
    # for tests: 2 × 3 twinnings × 11 × 2 = 132 activities
    "tiny": Scale(2, 3, 2, 2, 4),
}

ITEMS = [
    (Category.GIFTS, "in_kind", "Suất quà", "suất", 500_000),
    (Category.FESTIVAL, "in_kind", "Quà Trung thu", "suất", 60_000),
    (Category.EDUCATION, "in_kind", "Vở học sinh", "quyển", 9_000),
    (Category.HEALTH, "in_kind", "Khẩu trang", "chiếc", 8_000),
    (Category.INFRASTRUCTURE, "in_kind", "Đèn năng lượng mặt trời", "bộ", 4_500_000),
    (Category.TRADE, "service", "Chuyến bán hàng lưu động", "chuyến", 15_000_000),
    (Category.TRAINING, "cash", "Kinh phí lớp tập huấn", "", 0),
    (Category.EXCHANGE, "cash", "Kinh phí giao lưu", "", 0),
]
GROUPS = [g for g, _ in BeneficiaryGroup.choices]


class Progress:
    """A one-line progress bar on stderr (or silent)."""

    def __init__(self, label: str, total: int, enabled: bool):
        self.label, self.total, self.enabled = label, total, enabled
        self.done, self.started, self.last = 0, time.monotonic(), 0.0

    def advance(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.5 or self.done >= self.total):
            self.last = now
            share = self.done / self.total if self.total else 1
            bar = "#" * int(share * 30)
            sys.stderr.write(
                f"\r{self.label:<14} [{bar:<30}] {self.done:>9,}/{self.total:,} "
                f"{now - self.started:6.1f}s"
            )
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()


def _batched(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Table:
    """INSERT of plain tuples into a model's table with one `executemany` per batch (COPY on
    PostgreSQL): no model instances, no per-value field preparation (bulk_create spent most of
    the generation there).

    The rows hold the given columns (attnames), already in the database's form; every other
    column gets its default, prepared once, and auto_now(_add) columns get `stamp`.
    """

    def __init__(self, model, columns: list[str], stamp: datetime.datetime):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        others = [
            f for f in model._meta.concrete_fields if f.attname not in columns and not f.primary_key
        ]
        self.extra = tuple(
            f.get_db_prep_save(
                stamp
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                else f.get_default(),
                connection,
            )
            for f in others
        )
        quote = connection.ops.quote_name
        names = [fields[name].column for name in columns] + [f.column for f in others]
        target = f"{quote(model._meta.db_table)} ({', '.join(map(quote, names))})"
        self.sql = f"INSERT INTO {target} VALUES ({', '.join(['%s'] * len(names))})"
        self.copy = f"COPY {target} FROM STDIN"

    def insert(self, rows: list[tuple]) -> int:
        if not rows:
            return 0
        extra = self.extra
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs
                with cursor.cursor.copy(self.copy) as copy:
                    for row in rows:
                        copy.write_row(row + extra)
            else:
                cursor.executemany(self.sql, [row + extra for row in rows])
        return len(rows)


def _next_id(model) -> int:
    """The first id after the table's highest: the generator numbers its activities itself, so
    that contributions can point at them without reading ids back."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
        return (cursor.fetchone()[0] or 0) + 1


@contextmanager
def bulk_load_settings() -> Iterator[None]:
    """On SQLite, for this connection and the generation only: no fsync (the data is synthetic
    and regenerated at will; a crash loses the transaction, which is rolled back anyway), a large
    page cache (the indexes of a million activities and three million contributions stay in
    memory instead of being read back from disk at every insert), temporary data in memory, and
    no foreign-key lookups per row (the generator writes only the ids it has just written).
    Everything is put back afterwards. PostgreSQL is left as it is."""
    if connection.vendor != "sqlite":
        yield
        return
    settings = {"cache_size": -524288}  # 512 MiB, in KiB
    if not connection.in_atomic_block:
        # These take no effect inside a transaction (SQLite refuses or ignores them there).
        settings.update(synchronous=0, temp_store=2, foreign_keys=0)  # OFF, MEMORY, OFF
    with connection.cursor() as cursor:
        before = {}
        for name, value in settings.items():
            cursor.execute(f"PRAGMA {name}")
            before[name] = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA {name}={value}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute(f"PRAGMA {name}={int(value)}")


def write_summary(programmes: list[Programme]) -> dict[str, int]:
    """Write the summary rows (reports.summary) of the twinnings of the given programmes, which
    must have none yet: two GROUP BY queries and bulk inserts, instead of one increment per row.
    Counts what `summary.aggregate_*` counts: activities not cancelled and their contributions."""
    from twinning.reports.models import ActivitySummary, ContributionSummary

    cancelled = Activity.Status.CANCELLED
    contributions = (
        Contribution.objects.filter(activity__twinning__programme__in=programmes)
        .exclude(activity__status=cancelled)
        .order_by()
        .values(
            "origin",
            "kind",
            "status",
            twinning_id=F("activity__twinning_id"),
            category=F("activity__category"),
            year=ExtractYear("activity__start_date"),
        )
        .annotate(total=Sum("value_vnd"), n=Count("pk"))
    )
    activities = (
        Activity.objects.filter(twinning__programme__in=programmes)
        .exclude(status=cancelled)
        .order_by()
        .values("twinning_id", "category", year=ExtractYear("start_date"))
        .annotate(n=Count("pk"))
    )
    stamp = timezone.now()
    contribution_table = Table(
        ContributionSummary,
        ["twinning_id", "year", "category", "origin", "kind", "status", "value_vnd",
         "contributions"],
        stamp,
    )  # fmt: skip
    activity_table = Table(
        ActivitySummary, ["twinning_id", "year", "category", "activities"], stamp
    )
    written = {"contribution summary": 0, "activity summary": 0}
    rows = (
        (r["twinning_id"], r["year"], r["category"], r["origin"], r["kind"], r["status"],
         r["total"] or 0, r["n"])
        for r in contributions.iterator(chunk_size=BATCH)
    )  # fmt: skip
    for batch in _batched(rows):
        written["contribution summary"] += contribution_table.insert(batch)
    for batch in _batched(
        (r["twinning_id"], r["year"], r["category"], r["n"])
        for r in activities.iterator(chunk_size=BATCH)
    ):
        written["activity summary"] += activity_table.insert(batch)
    return written


def generate(
    scale_name: str,
    seed: int,
    *,
    verbose: bool = True,
    after_write: Callable[[list[int]], None] | None = None,
) -> dict[str, int]:
    """Write the synthetic data of the given scale and return row counts by kind.

    `after_write` receives the ids of the twinnings created, inside the same transaction, after
    the summary of totals has been written for them.
    """
    scale = SCALES[scale_name]
    rng = random.Random(seed)
    tag = f"{scale_name}-{seed}"
    if Twinning.objects.filter(slug__startswith=f"syn-{tag}-").exists():
        raise ValueError(f"Synthetic data '{tag}' already exists; remove it first.")
    counts: dict[str, int] = {}
    with bulk_load_settings(), transaction.atomic():
        country = AdminUnit.objects.filter(level="country", code="VN").first()
        provinces = [
            AdminUnit(
                code=f"S{seed % 1000:03d}{scale_name[0]}{p:02d}",
                name=f"{MARK} Tỉnh {p:02d}",
                type_name="Tỉnh",
                level="province",
                parent=country,
                valid_from=datetime.date(2025, 7, 1),
            )
            for p in range(1, scale.provinces + 1)
        ]
        provinces = AdminUnit.objects.bulk_create(provinces)
        communes = AdminUnit.objects.bulk_create(
            AdminUnit(
                code=f"{province.code}{c:03d}",
                name=f"{MARK} Xã {p + 1:02d}-{c:03d}",
                type_name="Xã",
                level="commune",
                parent=province,
                valid_from=datetime.date(2025, 7, 1),
            )
            for p, province in enumerate(provinces)
            for c in range(1, scale.twinnings_per_province + 1)
        )
        organisations = Organisation.objects.bulk_create(
            [
                *(
                    Organisation(
                        name=f"{MARK} Sở {p + 1:02d}-{i:03d}",
                        short_name=f"S{i:03d}",
                        kind="provincial_agency",
                        admin_unit=province,
                        provenance=SYN,
                        slug=f"syn-{tag}-so-{p + 1}-{i}",
                    )
                    for p, province in enumerate(provinces)
                    for i in range(1, scale.twinnings_per_province + 1)
                ),
                *(
                    Organisation(
                        name=f"UBND {commune.name}",
                        kind="commune_committee",
                        admin_unit=commune,
                        provenance=SYN,
                        slug=f"syn-{tag}-ubnd-{commune.code}",
                    )
                    for commune in communes
                ),
                *(
                    Organisation(
                        name=f"{MARK} Doanh nghiệp {p + 1:02d}-{b:03d}",
                        kind="business",
                        admin_unit=province,
                        provenance=SYN,
                        slug=f"syn-{tag}-dn-{p + 1}-{b}",
                    )
                    for p, province in enumerate(provinces)
                    for b in range(1, scale.businesses_per_province + 1)
                ),
            ],
            batch_size=BATCH,
        )
        n_sponsors = scale.provinces * scale.twinnings_per_province
        sponsors, partners = organisations[:n_sponsors], organisations[n_sponsors : 2 * n_sponsors]
        businesses = organisations[2 * n_sponsors :]
        programmes = Programme.objects.bulk_create(
            Programme(
                name=f"{MARK} Chương trình kết nghĩa {province.name}",
                province=province,
                slug=f"syn-{tag}-ct-{p + 1}",
                start_year=FIRST_YEAR,
                provenance=SYN,
            )
            for p, province in enumerate(provinces)
        )
        twinnings = Twinning.objects.bulk_create(
            Twinning(
                programme=programmes[i // scale.twinnings_per_province],
                sponsor=sponsors[i],
                partner_unit=communes[i],
                partner_organisation=partners[i],
                signed_on=datetime.date(FIRST_YEAR - 1, rng.randint(1, 12), rng.randint(1, 28)),
                provenance=SYN,
                slug=f"syn-{tag}-{i + 1}",
            )
            for i in range(n_sponsors)
        )
        counts["twinnings"] = len(twinnings)
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        plans = AnnualPlan.objects.bulk_create(
            (
                AnnualPlan(
                    twinning=t,
                    year=y,
                    status="approved",
                    submitted_at=now,
                    approved_at=now,
                    agreed_at=now,
                    provenance=SYN,
                )
                for t in twinnings
                for y in years
            ),
            batch_size=BATCH,
        )
        counts["plans"] = len(plans)
        stamp = timezone.now()
        counts["plan items"] = Table(
            PlanItem, ["plan_id", "category", "title", "position", "budget_vnd"], stamp
        ).insert(
            [
                (plan.pk, item[0], f"{item[2]} {plan.year}", k, rng.randrange(5, 80) * 1_000_000)
                for plan in plans
                for k, item in enumerate(ITEMS)
            ]
        )
        total_activities = len(twinnings) * len(years) * scale.activities_per_year
        progress = Progress("activities", total_activities, verbose)
        per_province = scale.businesses_per_province
        counts.update({"activities": 0, "contributions": 0, "beneficiary counts": 0})
        date = connection.ops.adapt_datefield_value
        confirmed_at = connection.ops.adapt_datetimefield_value(now)
        activity_table = Table(
            Activity,
            ["id", "twinning_id", "ref", "category", "title", "start_date", "confirmation",
             "confirmed_at", "published", "staff_count", "reach_person_times", "provenance"],
            stamp,
        )  # fmt: skip
        contribution_table = Table(
            Contribution,
            ["activity_id", "contributor_id", "origin", "kind", "item", "quantity", "unit",
             "unit_value_vnd", "value_vnd", "status", "provenance"],
            stamp,
        )  # fmt: skip
        count_table = Table(BeneficiaryCount, ["activity_id", "group", "count"], stamp)
        next_id = _next_id(Activity)
        business_ids = [b.pk for b in businesses]
        # Per activity of the current batch: (id, sponsor id, first business of its province).
        batch_info: list[tuple[int, int, int]] = []

        def activity_rows():
            nonlocal next_id
            for t_index, t in enumerate(twinnings):
                first_business = (t_index // scale.twinnings_per_province) * per_province
                for y in years:
                    for k in range(scale.activities_per_year):
                        category = ITEMS[k % len(ITEMS)][0]
                        day = datetime.date(y, rng.randint(1, 12), rng.randint(1, 28))
                        batch_info.append((next_id, t.sponsor_id, first_business))
                        yield (
                            next_id,
                            t.pk,
                            f"syn-{y}-{k}",
                            category,
                            f"{MARK} Hoạt động {category} {y} #{k + 1}",
                            date(day),
                            "confirmed",
                            confirmed_at,
                            True,
                            rng.randint(2, 15),
                            rng.randint(10, 400),
                            SYN,
                        )
                        next_id += 1

        def contribution_rows(info):
            randrange, randint = rng.randrange, rng.randint
            for activity_id, sponsor_id, first_business in info:
                for j in range(scale.contributions_per_activity):
                    category, kind, item, unit, unit_value = ITEMS[randrange(len(ITEMS))]
                    direct = j == 0
                    contributor = (
                        sponsor_id
                        if direct
                        else business_ids[first_business + randrange(per_province)]
                    )
                    if kind == "cash":
                        quantity, unit_value_vnd, value = None, None, randrange(1, 100) * 500_000
                    else:
                        quantity = randint(1, 300)
                        unit_value_vnd, value = unit_value, quantity * unit_value
                        quantity = Decimal(quantity)
                    yield (
                        activity_id,
                        contributor,
                        "direct" if direct else "mobilised",
                        kind,
                        item,
                        quantity,
                        unit,
                        unit_value_vnd,
                        value,
                        "delivered",
                        SYN,
                    )

        # Activities, then their contributions and beneficiary counts, one batch at a time:
        # memory stays bounded whatever the scale. The random numbers are drawn in the same
        # order as ever (a batch's activities, then its contributions, then its counts), so a
        # seed gives the same data as before.
        for batch in _batched(activity_rows()):
            info, batch_info[:] = list(batch_info), []
            activity_table.insert(batch)
            written = contribution_table.insert(list(contribution_rows(info)))
            count_table.insert(
                [
                    (activity_id, GROUPS[rng.randrange(len(GROUPS))], rng.randint(5, 300))
                    for activity_id, _sponsor, _business in info
                ]
            )
            counts["activities"] += len(batch)
            counts["contributions"] += written
            counts["beneficiary counts"] += len(batch)
            progress.advance(len(batch))
        if connection.vendor == "postgresql":  # the ids were given: move the sequence past them
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Activity]):
                    cursor.execute(sql)
        indicators = list(
            Indicator.objects.filter(
                code__in=["poor_and_near_poor_rate", "households_with_electricity", "population"]
            )
        )

        def indicator_rows():
            for commune in communes:
                base = {
                    "poor_and_near_poor_rate": rng.uniform(20, 60),
                    "households_with_electricity": rng.uniform(85, 99),
                    "population": rng.randint(1500, 9000),
                }
                for y in years:
                    for indicator in indicators:
                        value = base[indicator.code]
                        if indicator.code == "poor_and_near_poor_rate":
                            value = value * (0.95 ** (y - FIRST_YEAR))
                        elif indicator.code == "households_with_electricity":
                            value = min(100.0, value + 0.8 * (y - FIRST_YEAR))
                        yield (commune.pk, indicator.pk, y, Decimal(str(round(value, 1))), SYN)

        progress = Progress("indicators", len(communes) * len(years) * len(indicators), verbose)
        indicator_table = Table(
            IndicatorValue, ["admin_unit_id", "indicator_id", "year", "value", "provenance"], stamp
        )
        counts["indicator values"] = 0
        for batch in _batched(indicator_rows()):
            counts["indicator values"] += indicator_table.insert(batch)
            progress.advance(len(batch))
        counts.update(write_summary(programmes))
        from twinning.reports import summary

        counts.update(summary.write_coarse(programmes))
        if after_write is not None:
            after_write([t.pk for t in twinnings])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
