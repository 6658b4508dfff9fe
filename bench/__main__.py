"""`make bench` / `python -m bench`: prepare (or reuse) the data on SQLite and on PostgreSQL,
measure on a scratch copy of each, write bench/results/<date>-<database>.json and .md, and the
combined bench/results/latest.md (the databases of this run side by side). Below nation scale
the files are named <date>-<database>-<scale>.

BENCH_SCALE=nation (default) | province | tiny; BENCH_SEED (default 1); BENCH_DATABASES
(default "sqlite postgresql"); BENCH_PG (default postgres://postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

from bench import report
from bench.common import PYTHON, RESULTS, ROOT, VAR, code_version, scale, seed, sizes, write_json

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="twinning.settings",
        TWINNING_MODE="development",
        DEBUG="0",
        STATIC_MANIFEST="0",
        IMPORT_WORKER="manual",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-v", "ON_ERROR_STOP=1", f"{PG}/postgres", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )


def pg_reachable() -> str | None:
    """Return why PostgreSQL cannot be used, or None."""
    if shutil.which("psql") is None:
        return "psql is not installed"
    try:
        psql("SELECT 1")
    except subprocess.CalledProcessError as error:
        return f"PostgreSQL at {PG} is not reachable: {error.stderr.strip()}"
    return None


def pg_database_exists(name: str) -> bool:
    out = subprocess.run(
        [
            "psql",
            "-tA",
            f"{PG}/postgres",
            "-c",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.strip() == "1"


def run_prepare(env: dict[str, str]) -> dict:
    started = time.monotonic()
    out = subprocess.run(
        [PYTHON, "-m", "bench.prepare", scale(), str(seed())],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    stamp = json.loads(out.stdout.strip().splitlines()[-1])
    stamp["prepare_seconds"] = round(time.monotonic() - started, 1)
    stamp["code_version"] = code_version()
    return stamp


def prepared(database: str) -> tuple[dict, dict[str, str], callable]:
    """Return the stamp of the data (generated now or reused), the environment of a scratch
    copy of it, and a function that removes the copy."""
    name = f"{scale()}-{seed()}"
    stamp_path = VAR / f"{database}-{name}.json"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else None
    if stamp and stamp.get("code_version") != code_version():
        print(f"[{database}] the code changed since the data was generated: generating again")
        stamp = None
    env = base_env()
    if database == "sqlite":
        data_dir = VAR / f"sqlite-{name}"
        data_file = data_dir / "twinning.sqlite3"
        if stamp is None or not data_file.exists():
            shutil.rmtree(data_dir, ignore_errors=True)
            data_dir.mkdir(parents=True)
            print(f"[sqlite] generating {name} into {data_file.relative_to(ROOT)}")
            stamp = run_prepare({**env, "TWINNING_VAR_DIR": str(data_dir)})
            stamp["reused"] = False
            write_json(stamp_path, stamp)
        else:
            stamp["reused"] = True
            print(f"[sqlite] reusing {data_file.relative_to(ROOT)} (same seed and code)")
        run_dir = VAR / "run-sqlite"
        shutil.rmtree(run_dir, ignore_errors=True)
        run_dir.mkdir(parents=True)
        source, target = sqlite3.connect(data_file), sqlite3.connect(run_dir / "twinning.sqlite3")
        with target:
            source.backup(target)
        source.close()
        target.close()
        return stamp, {**env, "TWINNING_VAR_DIR": str(run_dir)}, lambda: shutil.rmtree(run_dir)
    data_db = f"twinning_bench_{scale()}_{seed()}"
    if stamp is None or not pg_database_exists(data_db):
        psql(f"DROP DATABASE IF EXISTS {data_db}")
        psql(f"CREATE DATABASE {data_db}")
        print(f"[postgresql] generating {name} into database {data_db}")
        data_dir = VAR / f"postgresql-{name}"
        data_dir.mkdir(parents=True, exist_ok=True)
        stamp = run_prepare(
            {**env, "DATABASE_URL": f"{PG}/{data_db}", "TWINNING_VAR_DIR": str(data_dir)}
        )
        stamp["reused"] = False
        write_json(stamp_path, stamp)
    else:
        stamp["reused"] = True
        print(f"[postgresql] reusing database {data_db} (same seed and code)")
    scratch = f"twinning_bench_run_{os.getpid()}"
    psql(f"CREATE DATABASE {scratch} TEMPLATE {data_db}")
    run_dir = VAR / "run-postgresql"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)

    def drop():
        psql(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")
        shutil.rmtree(run_dir, ignore_errors=True)

    return stamp, {**env, "DATABASE_URL": f"{PG}/{scratch}", "TWINNING_VAR_DIR": str(run_dir)}, drop


def main() -> int:
    databases = os.environ.get("BENCH_DATABASES", "sqlite postgresql").split()
    today = datetime.date.today().isoformat()
    print(f"Benchmark at scale {scale()}, seed {seed()}, on {', '.join(databases)}: {sizes()}")
    results, failed = {}, False
    for database in databases:
        if database == "postgresql":
            problem = pg_reachable()
            if problem:
                print(f"[postgresql] SKIPPED: {problem}")
                results[database] = {"skipped": problem}
                continue
        stamp, env, cleanup = prepared(database)
        out_path = VAR / f"measured-{database}.json"
        try:
            done = subprocess.run(
                [PYTHON, "-m", "bench.measure", json.dumps(stamp), str(out_path)],
                env=env,
                cwd=ROOT,
            )
        finally:
            cleanup()
        if done.returncode != 0 or not out_path.exists():
            print(f"[{database}] the measurements failed (exit {done.returncode})")
            failed = True
            continue
        measured = json.loads(out_path.read_text())
        result = {"date": today, "database": database, "data": stamp, **measured}
        result["data"] = {k: v for k, v in stamp.items() if k not in ("tokens", "password")}
        results[database] = result
        # <date>-<database> at nation scale (the figures the targets are for); a quicker scale
        # says so in the name, so that it never stands in for the nation's.
        name = f"{today}-{database}" + ("" if scale() == "nation" else f"-{scale()}")
        write_json(RESULTS / f"{name}.json", result)
        (RESULTS / f"{name}.md").write_text(report.markdown([result]))
        print(report.markdown([result]))
    done_results = [r for r in results.values() if "skipped" not in r]
    if done_results:
        notes = [f"PostgreSQL skipped: {r['skipped']}" for r in results.values() if "skipped" in r]
        (RESULTS / "latest.md").write_text(report.markdown(done_results, notes=notes))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
