"""The load run: gunicorn (2 workers) on a free port against the bench database, N client
threads for S seconds, 80% reads and 20% writes (API POST of an activity with a write token),
after a warm-up of the same mix that is not counted."""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import ROOT, percentile


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int = 2, threads: int = 4) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "twinning.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn ended at once (exit {process.returncode})")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                connection.close()
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def session_cookie(username: str) -> str:
    """Return a session cookie of the user, stored where every app process finds it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _cache_backend() -> str:
    from django.conf import settings

    return settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def run(stamp: dict, seconds: int, clients: int, warmup: int = 10) -> dict:
    from django.db import connection

    from bench.measure import dashboard_from_base_tables, dashboard_from_summary
    from twinning.programmes.models import Twinning
    from twinning.reports import queries

    twinning = Twinning.objects.get(slug=stamp["twinning"])
    national = session_cookie(stamp["users"]["national"])
    coordinator = session_cookie(stamp["users"]["coordinator"])
    slugs = list(Twinning.objects.order_by("pk").values_list("slug", flat=True)[:200])
    write_token = stamp["tokens"]["coordinator_write"]
    read_token = stamp["tokens"]["national_read"]
    before = queries.summary_totals([twinning.pk]).activities
    connection.close()

    port = free_port()
    server_threads = int(os.environ.get("BENCH_GUNICORN_THREADS", "4"))
    server = start_gunicorn(port, threads=server_threads)
    lock = threading.Lock()
    latencies: dict[str, list[float]] = {"read": [], "write": []}
    errors: list[str] = []
    writes_ok = [0]
    warmup_writes = [0]
    warmup_errors: list[str] = []
    stop_at = [0.0]
    # The first `warmup` seconds run the same mix but are not counted: every app process fills
    # its connections and its cache of page fragments (as a server that has been up for a while
    # has), then the measured run starts on the same clients.
    counting = threading.Event()

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at[0]:
            write = rng.random() < 0.2
            if write:
                body = json.dumps(
                    {
                        "twinning_id": twinning.pk,
                        "category": rng.choice(["gifts", "education", "health", "training"]),
                        "title": f"[TH] load {number}-{rng.randrange(10**9)}",
                        "start_date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "staff_count": rng.randint(1, 9),
                    }
                )
                method, url, expected = "POST", "/api/v1/activities", 201
                headers = {
                    "Authorization": f"Bearer {write_token}",
                    "Content-Type": "application/json",
                }
            else:
                body, method, expected = None, "GET", 200
                pick = rng.random()
                if pick < 0.35:
                    url = f"/twinnings/{rng.choice(slugs)}/"
                    headers = {"Cookie": national}
                elif pick < 0.55:
                    url = f"/twinnings/{twinning.slug}/?page={rng.randint(1, 15)}"
                    headers = {"Cookie": coordinator}
                elif pick < 0.8:
                    url = "/api/v1/activities?limit=50"
                    headers = {"Authorization": f"Bearer {read_token}"}
                elif pick < 0.9:
                    url = "/overview/"
                    headers = {"Cookie": national}
                else:
                    url = "/"
                    headers = {"Cookie": coordinator}
            started = time.perf_counter()
            try:
                connection.request(method, url, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = f"{type(error).__name__}: {error}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            if not counting.is_set():  # warm-up: its writes still count in the totals check
                with lock:  # and its errors as errors
                    if status != expected:
                        warmup_errors.append(f"(warm-up) {method} {url}: {status}")
                    elif write:
                        warmup_writes[0] += 1
                continue
            with lock:
                if status == expected:
                    latencies["write" if write else "read"].append(elapsed)
                    if write:
                        writes_ok[0] += 1
                else:
                    errors.append(f"{method} {url}: {status}")
        connection.close()

    try:
        threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
        stop_at[0] = time.monotonic() + warmup + seconds
        for thread in threads:
            thread.start()
        time.sleep(warmup)
        with lock:
            started = time.monotonic()
            counting.set()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        stop(server)
    everything = latencies["read"] + latencies["write"]
    after = dashboard_from_summary([twinning.pk])
    exact = after == dashboard_from_base_tables([twinning.pk])
    added = sum(after["activities_by_year"].values()) - before
    return {
        "seconds": round(elapsed, 1),
        "warmup_seconds": warmup,
        "clients": clients,
        "server": f"gunicorn, 2 workers x {server_threads} threads",
        "cache": _cache_backend(),
        "requests": len(everything) + len(errors),
        "req_per_s": round((len(everything) + len(errors)) / elapsed, 1),
        "p50_ms": round(percentile(everything, 0.5), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "read_p95_ms": round(percentile(latencies["read"], 0.95), 1),
        "write_p95_ms": round(percentile(latencies["write"], 0.95), 1),
        "writes": writes_ok[0],
        "errors": len(errors) + len(warmup_errors),
        "error_samples": sorted(set(errors + warmup_errors))[:5],
        "summary_exact_after": exact,
        "writes_seen_in_totals": added == writes_ok[0] + warmup_writes[0],
    }
