"""Import and export measured in child processes, so that each has its own peak memory
(`ru_maxrss` of the child, read by the child itself at its end).

    python -m bench.children read <file.xlsx>              openpyxl merely reading the file
    python -m bench.children import <file.xlsx> <user> <twinning slug>
    python -m bench.children bare-export <rows> <out.xlsx>  XlsxWriter writing the rows, no more
    python -m bench.children app-export <rows> <out.xlsx>   the app's export

Each prints one JSON line: seconds, peak_rss_mb (VmHWM), baseline_rss_mb (after imports, before
the work).
"""

from __future__ import annotations

import datetime
import importlib
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, VAR, django_setup

# The app's streaming export of contributions, `function(scope, path)` where scope is a
# queryset from queries.export_contributions; the first that exists is used.
# BENCH_EXPORT="module:function" names another.
EXPORT_CANDIDATES = ["twinning.reports.exports:export_contributions_xlsx"]


def _status_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return None


def rss_mb() -> float:
    """The process's peak resident memory so far, in MiB. VmHWM (Linux) starts afresh at exec;
    ru_maxrss would carry the peak of the parent that forked this child."""
    peak = _status_mb("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    current = _status_mb("VmRSS")
    return current if current is not None else rss_mb()


def export_hook():
    names = [os.environ["BENCH_EXPORT"]] if os.environ.get("BENCH_EXPORT") else EXPORT_CANDIDATES
    for name in names:
        module_name, function_name = name.split(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if function is not None:
            return name, function
    return None, None


def contributions(rows: int):
    from twinning.reports import queries

    return queries.export_contributions()[:rows]


def bare_rows(rows: int):
    """The same rows as the app's export, straight from a database cursor running the same
    SQL: nothing of the app on the way (no chunked iterator, no formats, no progress)."""
    from django.db import connection

    try:
        sql, params = contributions(rows).query.sql_with_params()
    except ImportError:  # no export query in the app yet: the contributions' own columns
        sql, params = (
            (
                "SELECT c.id, a.twinning_id, a.title, a.start_date, a.category, o.name, c.origin, "
                "c.kind, c.item, c.quantity, c.unit, c.unit_value_vnd, c.value_vnd, c.status "
                "FROM activities_contribution c JOIN activities_activity a ON a.id = c.activity_id "
                "JOIN organisations_organisation o ON o.id = c.contributor_id ORDER BY c.id LIMIT %s"
            ),
            [rows],
        )
    # A server-side cursor on PostgreSQL, as the app's iterator uses: not every row in memory.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(5000)
            if not batch:
                return
            yield from batch


def child(task: str, args: list[str]) -> dict:
    if task == "read":
        import openpyxl

        baseline = current_rss_mb()
        started = time.perf_counter()
        workbook = openpyxl.load_workbook(args[0], read_only=True, data_only=True)
        count = 0
        for sheet in workbook.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                count += 1
        workbook.close()
        return {
            "seconds": time.perf_counter() - started,
            "rows": count - 1,
            "baseline_rss_mb": baseline,
            "peak_rss_mb": rss_mb(),
        }
    django_setup()
    baseline = current_rss_mb()
    if task == "import":
        from django.contrib.auth import get_user_model
        from django.core.files import File

        from twinning.imports import jobs
        from twinning.imports.models import ImportJob
        from twinning.programmes.models import Twinning

        path = Path(args[0])
        user = get_user_model().objects.get(username=args[1])
        twinning = Twinning.objects.get(slug=args[2])
        started = time.perf_counter()
        job = ImportJob(
            user=user,
            twinning=twinning,
            kind="activities",
            language="en",
            original_name=path.name,
            file_format="xlsx",
            size=path.stat().st_size,
        )
        with path.open("rb") as handle:
            job.file.save(f"{job.pk}.xlsx", File(handle), save=False)
        job.save()
        jobs.run(job)
        job.refresh_from_db()
        checked = time.perf_counter() - started
        if job.status != ImportJob.Status.READY:
            raise SystemExit(f"check ended {job.status}: {job.refusal} {job.errors[:3]}")
        job.status = ImportJob.Status.COMMIT_QUEUED
        job.save(update_fields=["status"])
        jobs.run(job)
        job.refresh_from_db()
        if job.status != ImportJob.Status.DONE:
            raise SystemExit(f"commit ended {job.status}: {job.refusal}")
        return {
            "seconds": time.perf_counter() - started,
            "check_seconds": checked,
            "created": job.summary.get("created"),
            "baseline_rss_mb": baseline,
            "peak_rss_mb": rss_mb(),
        }
    rows, out = int(args[0]), Path(args[1])
    if task == "bare-export":
        import xlsxwriter

        started = time.perf_counter()
        workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True})
        sheet = workbook.add_worksheet("contributions")
        count = 0
        for count, row in enumerate(bare_rows(rows), start=1):
            sheet.write_row(count, 0, row)
        workbook.close()
        return {
            "seconds": time.perf_counter() - started,
            "rows": count,
            "baseline_rss_mb": baseline,
            "peak_rss_mb": rss_mb(),
            "bytes": out.stat().st_size,
        }
    if task == "app-export":
        name, function = export_hook()
        started = time.perf_counter()
        if function is not None:
            written = function(contributions(rows), out)
            note = f"{name.split(':')[1]} ({written:,} rows)"
        else:
            # HOOK: no streaming export of contributions yet; the reports package's export now
            # is the twinning report's workbook (render_tables.render_xlsx), for one twinning.
            from twinning.programmes.models import Twinning
            from twinning.reports.render_tables import render_xlsx
            from twinning.reports.twinning_report import build_report

            twinning = Twinning.objects.get(slug=os.environ["BENCH_TWINNING"])
            out.write_bytes(render_xlsx(build_report(twinning, 2015, 2025, language="vi")))
            note = (
                f"no streaming export yet: render_tables.render_xlsx of the 2015-2025 report "
                f"of {twinning.slug}"
            )
        return {
            "seconds": time.perf_counter() - started,
            "baseline_rss_mb": baseline,
            "peak_rss_mb": rss_mb(),
            "bytes": out.stat().st_size,
            "what": note,
        }
    raise SystemExit(f"unknown task {task}")


def run_child(*args: str, env: dict | None = None) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "bench.children", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.children {args[0]} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in result.items()}


# --- the import --------------------------------------------------------------------------------


def import_file(stamp: dict, rows: int) -> Path:
    """Write (once per size and data) an XLSX of `rows` contributions, 10 per activity, in the
    import's layout, for the bench coordinator's twinning."""
    import xlsxwriter

    from twinning.activities.models import Contribution
    from twinning.programmes.models import Twinning

    path = VAR / f"import-{stamp['scale']}-{stamp['seed']}-{rows}.xlsx"
    if path.exists():
        return path
    twinning = Twinning.objects.get(slug=stamp["twinning"])
    names = sorted(
        set(
            Contribution.objects.filter(activity__twinning__programme_id=stamp["programme_id"])
            .values_list("contributor__name", flat=True)
            .distinct()[:50]
        )
    )
    names = [n for n in names if n] or [twinning.sponsor.name]
    rng = random.Random(rows)
    header = ["activity_ref", "category", "title", "start_date", "contributor",
              "contribution_kind", "item", "quantity", "unit", "unit_value_vnd", "value_vnd",
              "beneficiary_group", "beneficiary_count"]  # fmt: skip
    tmp = path.with_suffix(".part")
    workbook = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = workbook.add_worksheet("Data")
    sheet.write_row(0, 0, header)
    for n in range(rows):
        activity = n // 10
        day = datetime.date(2024, 1, 1) + datetime.timedelta(days=activity % 360)
        quantity, unit_value = rng.randint(1, 300), rng.choice([8000, 9000, 60000, 500000])
        sheet.write_row(n + 1, 0, [
            f"IMP-{activity:06d}", "education", f"[TH] imported activity {activity}",
            day.strftime("%d/%m/%Y"), names[n % len(names)], "in_kind", "notebooks", quantity,
            "quyển", unit_value, quantity * unit_value,
            "poor_households" if n % 10 == 0 else "", 40 if n % 10 == 0 else "",
        ])  # fmt: skip
    workbook.close()
    tmp.rename(path)
    return path


def measure_import(stamp: dict, rows: int) -> dict:
    from django.db import connection

    path = import_file(stamp, rows)
    connection.close()
    read = run_child("read", str(path))
    imported = run_child("import", str(path), stamp["users"]["coordinator"], stamp["twinning"])
    return {
        "rows": rows,
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "openpyxl_read_s": read["seconds"],
        "import_s": imported["seconds"],
        "import_check_s": imported["check_seconds"],
        "ratio": round(imported["seconds"] / read["seconds"], 1),
        "read_peak_rss_mb": read["peak_rss_mb"],
        "import_peak_rss_mb": imported["peak_rss_mb"],
        "import_baseline_rss_mb": imported["baseline_rss_mb"],
        "created": imported["created"],
    }


# --- the export --------------------------------------------------------------------------------


def measure_export(stamp: dict, rows: int) -> dict:
    from django.db import connection

    connection.close()
    out = VAR / "export"
    out.mkdir(parents=True, exist_ok=True)
    env = {"BENCH_TWINNING": stamp["twinning"]}
    bare = run_child("bare-export", str(rows), str(out / "bare.xlsx"), env=env)
    app = run_child("app-export", str(rows), str(out / "app.xlsx"), env=env)
    for name in ("bare.xlsx", "app.xlsx"):
        (out / name).unlink(missing_ok=True)
    return {
        "rows": bare["rows"],
        "xlsxwriter_s": bare["seconds"],
        "app_s": app["seconds"],
        "ratio": round(app["seconds"] / bare["seconds"], 1),
        "xlsxwriter_peak_rss_mb": bare["peak_rss_mb"],
        "app_peak_rss_mb": app["peak_rss_mb"],
        "app_baseline_rss_mb": app["baseline_rss_mb"],
        "what": app["what"],
    }


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], sys.argv[2:])))
