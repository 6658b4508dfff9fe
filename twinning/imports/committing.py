"""Writing a checked import: all of it in one transaction, in chunks of bulk inserts, with the
change history written alongside (the importing user as its author), or nothing at all. The inserts
are plain multi-row INSERTs (imports.fastwrite), not bulk_create."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning import access
from twinning.activities.models import Activity, BeneficiaryCount, Contribution
from twinning.core import markers
from twinning.core.choices import Provenance
from twinning.core.text import nfc, vn_slugify
from twinning.imports.checks import may_change_for
from twinning.imports.fastwrite import HistoryInserter
from twinning.imports.models import ImportBatch, ImportJob, ImportKind
from twinning.indicators.models import IndicatorValue
from twinning.organisations.models import Organisation


class YearLockedSinceCheck(Exception):
    """A year the file writes into was locked between the preview and the commit."""


def _assert_years_unlocked(pairs: set[tuple[int, int]]) -> None:
    try:
        from twinning.locks.locking import YearLocked, assert_all_unlocked
    except ImportError:  # the locks app does not provide it yet
        return
    try:
        assert_all_unlocked(pairs)
    except YearLocked:
        raise YearLockedSinceCheck from None


class RightsLost(Exception):
    """The user lost the right to change a twinning between the preview and the commit."""


def update_summary_after_import(
    activity_deltas: dict[tuple, int], contribution_deltas: dict[tuple, list[int]]
) -> None:
    """Add the imported rows to the reports' summary of totals, inside the import's transaction.

    Bulk inserts send no save signals, so the summary's signal handlers (reports/summary.py) do
    not see them; the same increments go through `summary.add_deltas`, once per key (twinning,
    year, category, origin, kind, status, contributor) rather than once per row.
    """
    from twinning.reports import summary

    summary.add_deltas(activity_deltas, contribution_deltas)


def _records(job: ImportJob) -> Iterator[dict]:
    with default_storage.open(job.checked_file, "rb") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _chunks(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text is not None else None


class SideProgress:
    """Reports how far the commit has got through a second database connection, which commits
    at once while the import's transaction stays open. Only on PostgreSQL: SQLite has one writer
    at a time, so there the page shows the commit without a percentage."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.connection = None
        if connection.vendor == "postgresql":
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(self, row: int) -> None:
        if self.connection is None:
            return
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, heartbeat_at = %s"
                    " WHERE id = %s",
                    [max(row - 1, 0), timezone.now(), self.job_id],
                )
        except DatabaseError:  # progress is a courtesy: never let it stop the import
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Writer:
    def __init__(self, job: ImportJob):
        self.job = job
        self.progress = SideProgress(job)
        self.user = job.user
        self.name = PurePath(job.original_name).name[:200]
        self.chunk_size = settings.IMPORT_CHUNK_SIZE
        self.reason = _("Imported from %(file)s") % {"file": self.name}
        self.created: dict[str, int] = {}
        # What the reports' summary must add: (twinning, year, category) -> activities, and
        # (twinning, year, category, origin, kind, status) -> [value, contributions].
        self.activity_deltas: dict[tuple, int] = {}
        self.contribution_deltas: dict[tuple, list[int]] = {}
        self.years: set[tuple[int, int]] = set()  # (twinning, year) written into
        self.inserters: dict[type, HistoryInserter] = {}  # rows and their history, in bulk
        self.detail_format: str | None = None

    def detail(self, row: int) -> str:
        if self.detail_format is None:  # translated once, not once per row
            self.detail_format = _("%(file)s, row %(row)s")
        return self.detail_format % {"file": self.name, "row": row}

    def bulk(self, model, rows: list, name: str) -> list[int]:
        """Insert rows (dicts of attnames, or model instances) with their history; return
        their ids."""
        if not rows:
            return []
        if model not in self.inserters:
            self.inserters[model] = HistoryInserter(
                model, user=self.user, reason=self.reason, stamp=timezone.now()
            )
        ids = self.inserters[model].insert(rows)
        self.created[name] = self.created.get(name, 0) + len(rows)
        return ids

    # -- activities with their contributions and beneficiary counts ----------------------------

    def activities(self) -> None:
        activity_ids: dict[tuple[int, str], int] = {}
        existing: dict[int, set[str]] = {}
        for chunk in _chunks(_records(self.job), self.chunk_size):
            new = []
            for record in chunk:
                key = (record["t"], record["ref"])
                if "a" not in record:
                    continue
                if record["t"] not in existing:
                    existing[record["t"]] = set(
                        Activity.objects.filter(twinning_id=record["t"])
                        .exclude(ref="")
                        .values_list("ref", flat=True)
                    )
                refs = existing[record["t"]]
                if record["ref"] in refs:  # recorded by someone else since the preview
                    continue
                a = record["a"]
                new.append(
                    (
                        key,
                        dict(  # noqa: C408 (the model's field names, as in a constructor)
                            twinning_id=record["t"],
                            ref=record["ref"],
                            category=a["category"],
                            title=a["title"],
                            description=a["description"] or "",
                            start_date=_date(a["start_date"]),
                            end_date=_date(a["end_date"]),
                            place=a["place"] or "",
                            occasion=a["occasion"] or "",
                            status=a["status"] or Activity.Status.DONE,
                            staff_count=a["staff_count"],
                            reach_person_times=a["reach_person_times"],
                            provenance=Provenance.IMPORTED,
                            provenance_detail=self.detail(record["r"]),
                            created_by_id=self.user.pk,
                        ),
                    )
                )
            saved = self.bulk(Activity, [activity for _key, activity in new], "activities")
            for (key, activity), activity_id in zip(new, saved, strict=True):
                twinning_id, year = activity["twinning_id"], activity["start_date"].year
                self.years.add((twinning_id, year))
                summary_key = None
                if activity["status"] != Activity.Status.CANCELLED:
                    summary_key = (twinning_id, year, activity["category"])
                    self.activity_deltas[summary_key] = self.activity_deltas.get(summary_key, 0) + 1
                activity_ids[key] = (activity_id, summary_key)

            contributions, counts = [], []
            for record in chunk:
                found = activity_ids.get((record.get("t"), record.get("ref")))
                if found is None:
                    continue
                activity_id, summary_key = found
                if c := record.get("c"):
                    if summary_key is not None:
                        totals = self.contribution_deltas.setdefault(
                            (*summary_key, c["origin"], c["kind"], c["status"], c["contributor"]),
                            [0, 0],
                        )
                        totals[0] += c["value_vnd"] or 0
                        totals[1] += 1
                    contributions.append(
                        dict(  # noqa: C408
                            activity_id=activity_id,
                            contributor_id=c["contributor"],
                            origin=c["origin"],
                            ref=c["ref"],
                            kind=c["kind"],
                            item=c["item"],
                            quantity=_decimal(c["quantity"]),
                            unit=c["unit"],
                            unit_value_vnd=c["unit_value_vnd"],
                            value_vnd=c["value_vnd"],
                            status=c["status"],
                            delivered_on=_date(c["delivered_on"]),
                            provenance=Provenance.IMPORTED,
                            provenance_detail=self.detail(record["r"]),
                            created_by_id=self.user.pk,
                        )
                    )
                if b := record.get("b"):
                    counts.append(
                        dict(  # noqa: C408
                            activity_id=activity_id,
                            group=b["group"],
                            count=b["count"],
                            women=b["women"],
                            ethnic_minority=b["ethnic_minority"],
                        )
                    )
            self.bulk(Contribution, contributions, "contributions")
            self.bulk(BeneficiaryCount, counts, "beneficiary_counts")
            self.progress.report(chunk[-1]["r"])

    def indicators(self) -> None:
        for chunk in _chunks(_records(self.job), self.chunk_size):
            self.bulk(
                IndicatorValue,
                [
                    IndicatorValue(
                        admin_unit_id=record["unit"],
                        indicator_id=record["indicator"],
                        year=record["year"],
                        value=Decimal(record["value"]),
                        is_lower_bound=record["is_lower_bound"],
                        note=record["note"],
                        provenance=Provenance.IMPORTED,
                        provenance_detail=self.detail(record["r"]),
                        created_by=self.user,
                    )
                    for record in chunk
                ],
                "indicator_values",
            )
            self.progress.report(chunk[-1]["r"])

    def organisations(self) -> None:
        # Organisation.save() finds a free slug with one query per try; in bulk, the slugs
        # already taken are read once.
        taken = set(Organisation.objects.values_list("slug", flat=True))
        for chunk in _chunks(_records(self.job), self.chunk_size):
            objects = []
            for record in chunk:
                base = vn_slugify(record["short_name"] or record["name"])[:100].strip("-") or "org"
                slug, n = base, 1
                while slug in taken:
                    n += 1
                    slug = f"{base}-{n}"
                taken.add(slug)
                objects.append(
                    Organisation(
                        name=nfc(record["name"]),
                        short_name=nfc(record["short_name"]),
                        kind=record["kind"],
                        tax_code=record["tax_code"],
                        address=record["address"],
                        phone=record["phone"],
                        email=record["email"],
                        website=record["website"],
                        contact_person=record["contact_person"],
                        slug=slug,
                        provenance=Provenance.IMPORTED,
                    )
                )
            self.bulk(Organisation, objects, "organisations")
            self.progress.report(chunk[-1]["r"])


def _check_rights(job: ImportJob) -> None:
    for twinning_id in {job.twinning_id, *job.summary.get("twinnings", [])}:
        try:
            found = access.get_twinning_for_user(job.user, twinning_id)
        except Exception:
            raise RightsLost from None
        if not may_change_for(job.kind, found):
            raise RightsLost


def commit(job: ImportJob) -> dict[str, int]:
    """Return the number of records created by kind; all rows are written in one transaction,
    and a batch whose fingerprint was already imported writes nothing."""
    _check_rights(job)
    writer = Writer(job)
    try:
        return _commit(job, writer)
    finally:
        writer.progress.close()


def _commit(job: ImportJob, writer: Writer) -> dict[str, int]:
    with transaction.atomic():
        if ImportBatch.objects.filter(fingerprint=job.fingerprint).exists():
            return {}
        if job.kind == ImportKind.ACTIVITIES:
            writer.activities()
        elif job.kind == ImportKind.INDICATORS:
            writer.indicators()
        else:
            writer.organisations()
        ImportBatch.objects.create(
            fingerprint=job.fingerprint,
            kind=job.kind,
            job=job,
            user=job.user,
            created=writer.created,
        )
        # Bulk inserts bypass the locks' signals: check the years written into here, under
        # the same transaction.
        _assert_years_unlocked(writer.years)
        update_summary_after_import(writer.activity_deltas, writer.contribution_deltas)
        # Bulk inserts send no signals: count the change where cached fragments look for it.
        if job.kind == ImportKind.ACTIVITIES:
            markers.touch_twinnings({twinning_id for twinning_id, _year in writer.years})
        elif job.kind == ImportKind.INDICATORS:
            markers.touch([markers.REFERENCE])
    return writer.created
