"""The report: percentiles, flags, the table, and the shape of bench/results.json."""

import json

from bench import report
from bench.spec import Scale


def endpoint_result(**overrides) -> dict:
    result = {
        "app": "accounts",
        "name": "areas API, page 1",
        "role": "CSC officer",
        "paths": ["/api/areas/"],
        "c1": report.stats([0.010, 0.012, 0.020]),
        "c8": report.stats([0.030, 0.040]),
        "queries": 7,
        "floor": report.stats([0.001, 0.002]),
        "ratio": 12.0,
        "target_p95_ms": 15.0,
        "max_queries": 5,
        "errors": 1,
        "statuses": [500],
        "bytes": 1234,
    }
    result.update(overrides)
    result["flags"] = report.flags(result)
    return result


def test_percentile_is_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert report.percentile(values, 50) == 50.0
    assert report.percentile(values, 95) == 95.0
    assert report.percentile([3.0], 95) == 3.0
    assert report.percentile([], 50) is None


def test_stats_are_in_milliseconds():
    assert report.stats([0.001, 0.002, 0.003]) == {"n": 3, "p50_ms": 2.0, "p95_ms": 3.0}
    assert report.stats([]) == {"n": 0, "p50_ms": None, "p95_ms": None}


def test_flags_name_errors_missed_targets_and_query_budgets():
    flags = endpoint_result()["flags"]
    assert flags == ["1 failed request(s) (status 500)", "p95 20 ms over the 15 ms target", "7 queries, budget 5"]
    assert endpoint_result(errors=0, statuses=[], target_p95_ms=None, max_queries=None)["flags"] == []


def test_table_shows_each_endpoint_and_marks_the_flagged():
    text = report.table([endpoint_result(), endpoint_result(name="health check", errors=0, max_queries=None)])
    lines = text.splitlines()
    assert lines[0].split()[:2] == ["endpoint", "role"]
    assert "areas API, page 1" in lines[2] and lines[2].rstrip().endswith("!")
    assert "12.0×" in lines[2]


def test_results_json_has_every_figure(tmp_path):
    load = {
        "users": 50,
        "seconds": 30.0,
        "requests": 900,
        "errors": 0,
        "overall": report.stats([0.05, 0.1]),
        "pages": {"areas API, page 1": report.stats([0.05])},
    }
    payload = report.build(
        scale=Scale.named("small"),
        generation={"rebuilt": False, "rows": {"accounts_area": 116}, "seconds": 0.0},
        endpoints=[endpoint_result()],
        peer={"note": "not built yet"},
        reminder_scan={"note": "not built yet"},
        load=load,
        total_seconds=42.04,
        postgresql="15.20",
    )
    path = tmp_path / "results.json"
    report.write_json(path, payload)
    written = json.loads(path.read_text())
    assert set(written) == {
        "date",
        "machine",
        "scale",
        "command",
        "generation",
        "endpoints",
        "command_exports",
        "peer",
        "reminder_scan",
        "load",
        "total_seconds",
        "summary",
    }
    assert written["machine"]["cpu_count"] >= 1 and written["machine"]["postgresql"] == "15.20"
    assert written["scale"]["name"] == "small" and written["scale"]["carers"] == 10_000
    assert written["command"] == "make bench SCALE=small"
    assert written["endpoints"][0]["c1"] == {"n": 3, "p50_ms": 12.0, "p95_ms": 20.0}
    assert written["summary"].startswith("bench small: 1 endpoints; slowest p95 20 ms (areas API, page 1)")
    assert "load 50 users 30 s: 900 requests, 0 errors" in written["summary"]
    assert "1 flagged" in written["summary"]


def test_a_command_export_over_its_memory_limit_is_flagged_and_counted_in_the_summary():
    over = {"name": "OCDS export", "peak_rss_mb": 250.5, "max_rss_mb": 200}
    assert report.command_flags(over) == ["peak RSS 250.5 MB over 200 MB"]
    assert report.command_flags({**over, "peak_rss_mb": 150.0}) == []
    payload = report.build(
        scale=Scale.named("small"),
        generation={},
        endpoints=[],
        peer={},
        reminder_scan={},
        load={},
        total_seconds=1.0,
        command_exports=[{**over, "flags": report.command_flags(over)}],
    )
    assert payload["command_exports"][0]["flags"] and "1 flagged" in payload["summary"]
