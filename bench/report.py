"""The bench's output: a readable table, bench/results.json and one summary line."""

import json
import math
import os
import platform
import socket
from datetime import UTC, datetime
from pathlib import Path


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def stats(seconds: list[float]) -> dict:
    """{n, p50_ms, p95_ms} of durations given in seconds."""
    p50, p95 = percentile(seconds, 50), percentile(seconds, 95)
    return {
        "n": len(seconds),
        "p50_ms": round(p50 * 1000, 2) if p50 is not None else None,
        "p95_ms": round(p95 * 1000, 2) if p95 is not None else None,
    }


def machine() -> dict:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return {
        "hostname": socket.gethostname(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        # Other work on the machine skews every figure: say how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2),
    }


def _ms(value) -> str:
    return "-" if value is None else f"{value:,.1f}"


def _ratio(value) -> str:
    return "-" if value is None else f"{value:,.1f}×"


COLUMNS = [
    ("endpoint", 38),
    ("role", 17),
    ("c1 p50", 8),
    ("c1 p95", 8),
    ("c8 p50", 8),
    ("c8 p95", 8),
    ("SQL", 4),
    ("floor p50", 9),
    ("ratio", 7),
    ("target", 7),
    ("", 4),
]


def _row(cells: list[str]) -> str:
    return "  ".join(
        cell.ljust(width) if number < 2 else cell.rjust(width)
        for number, (cell, (_, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def table(endpoints: list[dict]) -> str:
    """Latencies in milliseconds; `ratio` is c1 p50 over the floor's p50; `!` marks a result over
    its target p95, over its query budget, or with errors."""
    lines = [_row([name for name, _ in COLUMNS]), _row(["-" * width for _, width in COLUMNS])]
    for result in endpoints:
        lines.append(
            _row(
                [
                    result["name"][:38],
                    result["role"][:17],
                    _ms(result["c1"]["p50_ms"]),
                    _ms(result["c1"]["p95_ms"]),
                    _ms(result["c8"]["p50_ms"]),
                    _ms(result["c8"]["p95_ms"]),
                    "-" if result["queries"] is None else str(result["queries"]),
                    _ms(result["floor"]["p50_ms"]) if result["floor"] else "-",
                    _ratio(result["ratio"]),
                    _ms(result["target_p95_ms"]),
                    "!" if result["flags"] else "",
                ]
            )
        )
    return "\n".join(lines)


# An export should run at half the speed of a plain COPY of its query or better (issue 11 §6),
# in a worker that stays under this much memory however many rows it sends.
EXPORT_MIN_RATIO = 0.5
EXPORT_MAX_RSS_MB = 200


def flags(result: dict) -> list[str]:
    """What is wrong with one endpoint's result, in words."""
    found = []
    if result["errors"]:
        found.append(f"{result['errors']} failed request(s) (status {', '.join(map(str, result['statuses']))})")
    target = result["target_p95_ms"]
    if target is not None and result["c1"]["p95_ms"] is not None and result["c1"]["p95_ms"] > target:
        found.append(f"p95 {result['c1']['p95_ms']:.0f} ms over the {target:.0f} ms target")
    budget = result["max_queries"]
    if budget is not None and result["queries"] is not None and result["queries"] > budget:
        found.append(f"{result['queries']} queries, budget {budget}")
    export = result.get("export")
    if export and export["ratio"] is not None and export["ratio"] < EXPORT_MIN_RATIO:
        found.append(f"export at {export['ratio']} of COPY's speed, target {EXPORT_MIN_RATIO}")
    if export and export["peak_rss_mb"] > EXPORT_MAX_RSS_MB:
        found.append(f"peak worker RSS {export['peak_rss_mb']} MB over {EXPORT_MAX_RSS_MB} MB")
    return found


def command_flags(result: dict) -> list[str]:
    """What is wrong with one command export's result, in words."""
    if result["peak_rss_mb"] > result["max_rss_mb"]:
        return [f"peak RSS {result['peak_rss_mb']} MB over {result['max_rss_mb']:g} MB"]
    return []


def summary_line(payload: dict) -> str:
    endpoints = payload["endpoints"]
    flagged = [r for r in [*endpoints, *payload.get("command_exports", [])] if r["flags"]]
    slowest = max(endpoints, key=lambda r: r["c1"]["p95_ms"] or 0, default=None)
    load = payload.get("load") or {}
    parts = [f"bench {payload['scale']['name']}: {len(endpoints)} endpoints"]
    if slowest:
        parts.append(f"slowest p95 {slowest['c1']['p95_ms']:,.0f} ms ({slowest['name']})")
    ratios = [r["ratio"] for r in endpoints if r["ratio"]]
    if ratios:
        parts.append(f"median ratio to floor {sorted(ratios)[len(ratios) // 2]:.1f}×")
    if load:
        parts.append(
            f"load {load['users']} users {load['seconds']:.0f} s: {load['requests']:,} requests, "
            f"{load['errors']} errors, p95 {load['overall']['p95_ms']:,.0f} ms"
        )
    parts.append(f"{len(flagged)} flagged")
    parts.append(f"{payload['total_seconds']:.0f} s in all")
    return "; ".join(parts)


def build(
    *, scale, generation, endpoints, peer, reminder_scan, load, total_seconds, postgresql="", command_exports=()
) -> dict:
    """Everything one run measured, as written to bench/results.json."""
    payload = {
        "date": now_iso(),
        "machine": {**machine(), "postgresql": postgresql},
        "scale": {"name": scale.name, **{k: v for k, v in vars(scale).items() if k != "name"}},
        "command": f"make bench SCALE={scale.name}",
        "generation": generation,
        "endpoints": endpoints,
        "command_exports": list(command_exports),
        "peer": peer,
        "reminder_scan": reminder_scan,
        "load": load,
        "total_seconds": round(total_seconds, 1),
    }
    payload["summary"] = summary_line(payload)
    return payload


def write_json(path: Path, payload: dict) -> None:
    path.write_text(json.dumps(payload, indent=2, default=str) + "\n")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
