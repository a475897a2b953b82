"""The Markdown report: the machine, every figure of the run, the targets, what limits them."""

import os
import platform
import sys
from datetime import date
from pathlib import Path
from typing import Any

from bench.api import Cell
from bench.pipeline import Drain
from bench.recovery import Recovery

FANOUT_LIMIT_S = 180


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory, kernel, Python."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_kb / 1024 / 1024,
        "kernel": platform.release(),
        "python": sys.version.split()[0],
    }


def _f(value: float, digits: int = 0) -> str:
    if value != value:  # nan
        return "-"
    return f"{value:,.{digits}f}"


def _ok(passed: bool) -> str:
    return "met" if passed else "**missed**"


def _w1(cells: list[Cell]) -> list[str]:
    lines = [
        "| endpoint | clients | req/s | p50 ms | p99 ms | errors / requests |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for c in cells:
        lines.append(
            f"| `{c.endpoint.label}` ({c.endpoint.service}) | {c.clients} | {_f(c.rps)} "
            f"| {_f(c.p50_ms, 1)} | {_f(c.p99_ms, 1)} | {c.errors} / {c.requests} |"
        )
    return lines


def _at(cells: list[Cell], label: str, clients: int) -> Cell | None:
    return next((c for c in cells if c.endpoint.label == label and c.clients == clients), None)


def render(data: dict[str, Any]) -> str:
    """The whole report."""
    m = data["machine"]
    args = data["args"]
    n = args["events"]
    out: list[str] = [
        f"# Benchmarks, {date.today().isoformat()}",
        "",
        "Produced by `make bench` (`python -m bench"
        + (f" --events {n}" if n != 20_000 else "")
        + "`) in one run; every figure below comes from that run. Medians: W1 cells are the"
        " median of "
        f"{args['reps']} wrk runs of {args['seconds']:.0f} s each; latencies are wrk's p50/p99.",
        "",
        "## Machine",
        "",
        f"- {m['cores']} cores ({m['cpu']}), {m['memory_gb']:.1f} GB memory, Linux {m['kernel']},"
        f" Python {m['python']}",
        "- **Shared machine**: other sessions were running test suites on the same 2 cores during"
        " the run. Load average (1/5/15 min) before: "
        + " / ".join(f"{x:.2f}" for x in data["load_before"])
        + ", after: "
        + " / ".join(f"{x:.2f}" for x in data.get("load_after", (0, 0, 0)))
        + ". Every process of the benchmark (Kafka, FerretDB, the services, wrk, the load"
        " generator) shares these cores too, so absolute figures are lower bounds and noisy;"
        " ratios taken in the same run are the figures to compare.",
        "- Stack: the project's devstack, a private instance for the benchmark (Apache Kafka"
        " 4.1.1, KRaft, one node, on 127.0.0.1:19092; FerretDB v1 with its SQLite backend on"
        " 127.0.0.1:37017; data under `var/bench`, reset at the start and stopped at the end)."
        " Topics have 6 partitions (the services' default `TOPIC_PARTITIONS`).",
        f"- Whole run: {data.get('total_s', 0) / 60:.1f} min.",
        "",
    ]
    out += _targets(data)
    out += _storage(data)
    out += _pipeline(data)
    if "recovery" in data:
        out += _recovery(data)
    if "w1" in data:
        out += [
            "## W1 API (closed loop, wrk, one thread)",
            "",
            "Reads fetch one seeded document by id; creates send a fresh body per request"
            " (a Lua script). `POST /programs` names a term id the programs service has not"
            " seen (allowed: a draft program only checks the term when it knows it), so no term"
            " has to be inaugurated first. `POST /events` picks a random day in 2020-2029, so"
            " venue-overlap checks find few neighbours. Errors are non-2xx answers, socket"
            " errors and timeouts (5 s).",
            "",
            *_w1(data["w1"]),
            "",
            _fanout(data.get("w1_fanout_s", float("nan"))),
            "",
        ]
    out += _memory(data)
    out += _limits(data)
    return "\n".join(out) + "\n"


def _fanout(seconds: float) -> str:
    if seconds < FANOUT_LIMIT_S:
        return (
            "The members created here reached programs' and events' read models"
            f" {seconds:.1f} s after the load ended (their lag back to zero)."
        )
    return (
        "The members created here had **not** all reached programs' and events' read models"
        f" {FANOUT_LIMIT_S:.0f} s after the load ended (the drain slows as the read models grow,"
        " see W2)."
    )


def _targets(data: dict[str, Any]) -> list[str]:
    lines = ["## Targets", "", "| target | figure | |", "|---|---|---|"]
    raw: Drain | None = data.get("raw")
    drains: dict[str, Drain] = data.get("drains", {})
    if raw and drains:
        for name, d in drains.items():
            ratio = d.rate / raw.rate
            lines.append(
                f"| W2 {name} >= 50% of W3 | {_f(d.rate)} vs {_f(raw.rate)} events/s ="
                f" {ratio:.0%} | {_ok(ratio >= 0.5)} |"
            )
    cells: list[Cell] = data.get("w1", [])
    for label in ("GET /members/{id}", "GET /programs/{id}", "GET /events/{id}"):
        c = _at(cells, label, 32)
        if c:
            lines.append(
                f"| `{label}` >= 1,000 req/s, p99 <= 50 ms at 32 clients | {_f(c.rps)} req/s,"
                f" p99 {_f(c.p99_ms, 1)} ms | {_ok(c.rps >= 1000 and c.p99_ms <= 50)} |"
            )
    for label in ("POST /members", "POST /programs", "POST /events"):
        best = max(
            (c for c in cells if c.endpoint.label == label), key=lambda c: c.rps, default=None
        )
        if best:
            lines.append(
                f"| `{label}` >= 400 req/s | best {_f(best.rps)} req/s (at {best.clients}"
                f" clients) | {_ok(best.rps >= 400)} |"
            )
    rec: Recovery | None = data.get("recovery")
    if rec:
        if rec.latencies_ms:
            lines.append(
                f"| publish -> read model p99 <= 500 ms at half load | p99 {_f(rec.p99_ms)} ms"
                f" (p50 {_f(rec.p50_ms)} ms, {len(rec.latencies_ms)} samples at {_f(rec.rate)}/s)"
                f" | {_ok(rec.p99_ms <= 500)} |"
            )
        else:
            lines.append(
                "| publish -> read model p99 <= 500 ms at half load | no event reached the read"
                f" model within the {rec.warm_s:.0f} s before the kill (fed at {_f(rec.rate)}/s)"
                " | **missed** |"
            )
        lines.append(
            f"| W4 duplicates applied 0, lost 0 | {_f(rec.duplicates_applied)} duplicates,"
            f" {rec.lost} lost | {_ok(rec.duplicates_applied == 0 and rec.lost == 0)} |"
        )
    rss = [v for k, v in data.items() if k.startswith("rss_") and isinstance(v, dict)]
    peak = max((x for d in rss for x in d.values()), default=float("nan"))
    lines.append(f"| RSS <= 200 MB per service | peak {_f(peak)} MB | {_ok(peak <= 200)} |")
    return [*lines, ""]


def _storage(data: dict[str, Any]) -> list[str]:
    probe: dict[int, dict[str, float]] = data.get("storage", {})
    if not probe:
        return []
    sizes = sorted(probe)
    lines = [
        "## W0 What FerretDB v1 charges per operation",
        "",
        "Median milliseconds of single operations on a collection of ~1 KB documents, at two"
        " sizes. Where the cost grows with the collection, FerretDB v1 (SQLite) scans it.",
        "",
        "| operation | " + " | ".join(f"{s:,} docs" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for op in probe[sizes[0]]:
        lines.append(f"| {op} | " + " | ".join(_f(probe[s][op], 1) for s in sizes) + " |")
    return [*lines, ""]


def _pipeline(data: dict[str, Any]) -> list[str]:
    n = data["args"]["events"]
    prod, kp, kc = data.get("produce"), data.get("kafka_producer"), data.get("kafka_consumer")
    raw: Drain | None = data.get("raw")
    drains: dict[str, Drain] = data.get("drains", {})
    lines = [
        "## W2 pipeline drain and W3 the ceiling, on the same data",
        "",
        f"{n:,} `member.registered` events (valid contract payloads of"
        f" {prod['value_bytes'] if prod else 0:.0f} bytes plus CloudEvents headers, keyed by"
        " member id over 6 partitions) were put on the topic first"
        + (f" (aiokafka, acks=all: {_f(prod['rate'])} events/s)" if prod else "")
        + ". Then each consumer started on the backlog alone, in turn: the raw consumer, then"
        " programs, then events (each service as a real process, `python -m services.<name>`)."
        " A service is done when its `members` group has committed every offset; its read"
        " model is then counted. Rates run from the first committed batch to the last, the same"
        " way for the raw consumer.",
        "",
        f"Why {n:,} and not 100,000: the services' drain slows as their read model and inbox"
        " grow (see the trend columns and W0), so 100,000 would take far longer than this run"
        " may (`python -m bench --events 100000` runs it; extrapolating the last quarter's rate,"
        " hours on FerretDB).",
        "",
        "| consumer | committed | stored | startup s | wall s | events/s | % of W3 raw"
        " | events/s by quarter of the backlog |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    rows = ([raw] if raw else []) + list(drains.values())
    for d in rows:
        share = f"{d.rate / raw.rate:.0%}" if raw and raw.rate else "-"
        trend = " -> ".join(_f(r) for _, _, r in d.window_rates())
        lines.append(
            f"| {d.name} | {d.committed:,} | {d.stored:,} | {_f(d.startup_s, 1)}"
            f" | {_f(d.wall_s, 1)} | {_f(d.rate)} | {share} | {trend} |"
        )
    if kp and kc:
        lines += [
            "",
            "Kafka's own tools (`org.apache.kafka.tools.ProducerPerformance` /"
            " `ConsumerPerformance` from the kafka-tools jar):",
            "",
            "| tool | records | records/s | MB/s | latency |",
            "|---|---:|---:|---:|---|",
            f"| ProducerPerformance, 1 KB records, acks=all, topic `bench.perf` |"
            f" {kp['records']:,.0f} | {_f(kp['rate'])} | {kp['mb_s']:.1f} |"
            f" p50 {kp['p50_ms']:.0f} ms, p99 {kp['p99_ms']:.0f} ms (unthrottled: queueing) |",
            f"| ConsumerPerformance on `member.registered` (the same records) |"
            f" {kc['records']:,.0f} | {_f(kc['rate'])} | {kc['mb_s']:.1f} | - |",
        ]
        if drains:
            lines += [
                "",
                "As fractions of the broker's own consumer: raw consumer "
                + (f"{raw.rate / kc['rate']:.0%}" if raw else "-")
                + ", "
                + ", ".join(f"{k} {d.rate / kc['rate']:.1%}" for k, d in drains.items())
                + ".",
            ]
    return [*lines, ""]


def _recovery(data: dict[str, Any]) -> list[str]:
    rec: Recovery = data["recovery"]
    basis = data.get("recovery_basis", float("nan"))
    lines = [
        "## W4 lag recovery (programs, `members` group)",
        "",
        f"Fresh `member.registered` events were fed at {_f(rec.rate)}/s: half of the"
        f" {_f(basis)} events/s programs sustained over the last quarter of W2 (half of its"
        " whole-drain average would exceed what it sustains at this read-model size, and the"
        f" lag would never close). After {rec.warm_s:.0f} s programs was killed with SIGKILL,"
        f" left down {rec.down_s:.0f} s while the feed went on, and started again. Recovered"
        " means the group's committed lag is back within one second of feed.",
        "",
        "| figure | value |",
        "|---|---:|",
        f"| publish -> read model p50 / p99 before the kill | {_f(rec.p50_ms)} / {_f(rec.p99_ms)}"
        f" ms ({len(rec.latencies_ms)} samples) |",
        f"| lag when restarted | {rec.lag_at_restart:,} |",
        f"| restart -> ready | {_f(rec.restart_ready_s, 1)} s |",
        f"| restart -> lag caught up | {_f(rec.recovery_s, 1)} s"
        + ("" if rec.recovered else " (**not within the limit**)")
        + " |",
        f"| events fed | {rec.fed:,} |",
        f"| events lost (fed, not in the read model) | {rec.lost} |",
        f"| applied before the kill (in the read model at restart) |"
        f" {rec.applied_before_restart:,} |",
        f"| applied after the restart (counter) | {_f(rec.applied_after_restart)} |",
        f"| duplicates applied (applied after restart - not applied before) |"
        f" {_f(rec.duplicates_applied)} |",
        f"| redelivered and skipped by the inbox | {_f(rec.redelivered_skipped)} |",
        "",
    ]
    if rec.fed and rec.applied_before_restart == 0:
        lines += [
            "**Caveat.** Programs applied none of the fed events before the kill, so this run"
            " tested recovery from a consumer that had fallen behind rather than one killed"
            " mid-stream, and the duplicate check had nothing in flight to catch. With its read"
            " model and inbox at the W2 size, and events consuming the same feed on the same"
            " FerretDB, most likely one batch outlasted the warm-up. The lag at restart also"
            " exceeds what was fed before it, which is not explained yet: treat these W4 figures as"
            " provisional. `lost` is solid: every fed id is in the read model at the end.",
            "",
        ]
    return lines


def _memory(data: dict[str, Any]) -> list[str]:
    phases = [
        ("idle (started, ready, 5 s)", "rss_idle"),
        ("after W2", "rss_after_w2"),
        ("after W4", "rss_after_w4"),
        ("after W1", "rss_after_w1"),
        ("at the end", "rss_after_all"),
    ]
    services = ("membership", "programs", "events")
    lines = [
        "## W5 memory (RSS, MB, VmRSS from /proc)",
        "",
        "| when | " + " | ".join(services) + " |",
        "|---|" + "---:|" * len(services),
    ]
    for label, key in phases:
        values = data.get(key)
        if values:
            lines.append(
                f"| {label} | "
                + " | ".join(_f(values.get(s, float("nan"))) for s in services)
                + " |"
            )
    lines += [
        "",
        'The issue\'s "after five times W2" point is not measured: five drains of this backlog'
        " would not fit the run (see W2).",
        "",
    ]
    return lines


def _limits(data: dict[str, Any]) -> list[str]:
    probe: dict[int, dict[str, float]] = data.get("storage", {})
    big = probe.get(max(probe)) if probe else {}
    scan = big.get("find _id $in (500 ids)", float("nan")) if big else float("nan")
    upsert = big.get("upsert by _id (new, $setOnInsert)", float("nan")) if big else float("nan")
    return [
        "## What limits the figures",
        "",
        "- **FerretDB v1 scans for `$in`, upserts and counts.** At"
        f" {max(probe) if probe else 0:,} documents a `find({{_id: {{$in: [500 ids]}}}})` costs"
        f" {_f(scan)} ms and an upsert of a new `_id` {_f(upsert)} ms, growing with the"
        " collection (W0), while `find_one` by `_id` and `insert_many` stay flat. Every batch a"
        " service consumes asks the inbox which `ce_id`s it has seen"
        " (`shared/messaging/consumer.py`, `_unseen`: `$in` on a collection holding every event"
        " ever consumed) and the read model which revisions it holds (`shared/readmodels.py`,"
        " `services/programs/projections.py`: `$in`, then upserts in programs). Both grow with"
        " the backlog, so the drain rate falls as it proceeds (the trend column of W2) and the"
        " whole drain is quadratic: this, not Kafka, decoding or Python, is why W2 is a small"
        " fraction of W3. The raw consumer only inserts, which FerretDB does at a flat cost."
        " Fixing it is ours (not done here: the benchmark must not change the services):"
        " look up the inbox and read model by `find_one` per `_id`, or insert the inbox and read"
        " model documents blindly and treat duplicate-key errors as already seen; on MongoDB 8"
        " (compose) these `$in` lookups use the `_id` index and do not scan.",
        "- **Creates** write the aggregate (insert, flat) and wake the outbox relay, whose claim"
        " (`find_one_and_update` on `_outbox.0 exists`) and backlog gauge (`count_documents`)"
        " scan the collection on FerretDB (W0, last two rows) once per created aggregate, on"
        " the same 2 cores as the API. `POST /events` also queries the council's events around"
        " the new one's time (venue overlaps), another scan that grows with the agenda.",
        "- **Reads** are one `find_one` by `_id` plus JWT verification and FastAPI/pydantic"
        " serialisation in one Python process per service; with wrk, Kafka and FerretDB on the"
        " same 2 busy cores the service process is CPU-bound (one core at most, GIL), which"
        " caps req/s and lets p99 rise with queueing as clients grow beyond what it serves.",
        "- **The machine is shared** (load average above): every figure can move between runs;"
        " compare ratios within one report.",
        "- Not measured: W1 open-loop arrival rates (wrk is closed-loop only; wrk2/locust are"
        " not installed), and profiles with py-spy/pyinstrument (not installed); the W0 probe"
        " and the W2 trend stand in for the profile of the drain.",
        "",
    ]
