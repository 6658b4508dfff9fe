"""The Markdown tables of one or several results (one column per database)."""

from __future__ import annotations


def _met(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def _rows(result: dict) -> list[tuple[str, str, str]]:
    """(measure, value, target verdict) for one database."""
    t = result["targets"]
    nation_scale = result["data"]["scale"] == "nation"
    rows = []
    for scope, d in result["dashboards"].items():
        ok = d["ratio"] >= t["dashboard_ratio"] and (
            d["summary_ms"] < t["dashboard_ms"] or not nation_scale
        )
        rows.append(
            (
                f"1. dashboard totals, {scope} ({d['twinnings']:,} twinnings): summary / GROUP BY",
                f"{d['summary_ms']:.1f} ms / {d['group_by_ms']:.1f} ms = {d['ratio']}× (same numbers)",
                _met(ok),
            )
        )
        if "top_contributors_summary_ms" in d:
            top_ok = d["top_contributors_ratio"] >= t["dashboard_ratio"] and (
                d["top_contributors_summary_ms"] < t["dashboard_ms"] or not nation_scale
            )
            rows.append(
                (
                    f"1. top contributors, {scope}: contributor summary / GROUP BY",
                    f"{d['top_contributors_summary_ms']:.1f} ms / "
                    f"{d['top_contributors_ms']:.1f} ms = {d['top_contributors_ratio']}× "
                    "(same ten)",
                    _met(top_ok),
                )
            )
        else:  # results of runs made before the contributor summary
            rows.append(
                (
                    f"1. top contributors, {scope} (base tables)",
                    f"{d['top_contributors_ms']:.1f} ms",
                    "—",
                )
            )
    for label, p in result["pages"].items():
        rows.append(
            (
                f"2. {label} ({p['queries']} queries)",
                f"p50 {p['p50_ms']:.0f} ms, p95 {p['p95_ms']:.0f} ms",
                _met(p["p95_ms"] < t["page_p95_ms"]),
            )
        )
    load = result["load"]
    rows.append(
        (
            f"3. load: {load['seconds']:.0f} s (after {load.get('warmup_seconds', 0)} s of "
            f"warm-up), {load['clients']} clients, 80/20, {load['server']}, "
            f"cache {load.get('cache', '?')}",
            f"{load['req_per_s']} req/s, p95 {load['p95_ms']:.0f} ms, {load['errors']} errors "
            f"({load['writes']:,} writes; totals exact after: {load['summary_exact_after']})",
            _met(load["req_per_s"] >= t["load_rps"] and load["errors"] == 0),
        )
    )
    imp = result["import"]
    rows.append(
        (
            f"4. import {imp['rows']:,} XLSX rows / openpyxl read",
            f"{imp['import_s']:.1f} s / {imp['openpyxl_read_s']:.1f} s = {imp['ratio']}×; peak RSS "
            f"{imp['import_peak_rss_mb']:.0f} MB / {imp['read_peak_rss_mb']:.0f} MB",
            _met(imp["ratio"] <= t["import_ratio"]),
        )
    )
    exp = result["export"]
    rows.append(
        (
            f"5. export {exp['rows']:,} contributions to XLSX / XlsxWriter alone",
            f"{exp['app_s']:.1f} s / {exp['xlsxwriter_s']:.1f} s = {exp['ratio']}×; peak RSS "
            f"{exp['app_peak_rss_mb']:.0f} MB / {exp['xlsxwriter_peak_rss_mb']:.0f} MB "
            f"({exp['what']})",
            _met(
                exp["ratio"] <= t["export_ratio"] and exp["app_peak_rss_mb"] < t["export_peak_mb"]
            ),
        )
    )
    word = result["word_report"]
    rows.append(
        (
            f"5. Word report {word['years']} ({word['twinning']})",
            f"{word['median_ms']:.0f} ms",
            _met(word["median_ms"] < t["word_report_s"] * 1000),
        )
    )
    return rows


def markdown(results: list[dict], notes: list[str] | None = None) -> str:
    lines = []
    for result in results:
        data = result["data"]
        counts = data.get("counts", {})
        lines += [
            f"### {result['database']} — {result['date']}, scale {data['scale']}, seed "
            f"{data['seed']}",
            "",
            f"Data: {counts.get('twinnings', 0):,} synthetic twinnings, "
            f"{counts.get('activities', 0):,} activities, "
            f"{counts.get('contributions', 0):,} contributions; generated in "
            f"{data['generate_seconds']:.0f} s ({'reused' if data.get('reused') else 'this run'}"
            f"; summary exact: {data['summary_exact']}).",
            "",
            "| measure | result | target |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in _rows(result)]
        lines.append("")
    for note in notes or []:
        lines += [f"*{note}*", ""]
    return "\n".join(lines)
