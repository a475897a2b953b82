"""The Markdown report: the machine, every figure of the run, the targets, what limits them."""

import os
import platform
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench import report_api, report_intake
from bench.api import OpenCell
from bench.pipeline import Drain
from bench.profile import Profile
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


def render(data: dict[str, Any]) -> str:
    """The whole report."""
    m = data["machine"]
    args = data["args"]
    n = args["events"]
    out: list[str] = [
        f"# Benchmarks, {date.today().isoformat()}",
        "",
        "Produced by `make bench` (`python -m bench"
        + (f" --events {n}" if n != 100_000 else "")
        + "`) in one run; every figure below comes from that run. Medians: W1 closed-loop"
        f" cells are the median of {args['reps']} wrk runs of {args['seconds']:.0f} s each;"
        " latencies are wrk's and vegeta's p50/p99.",
        "",
        "## Machine",
        "",
        f"- {m['cores']} cores ({m['cpu']}), {m['memory_gb']:.1f} GB memory, Linux {m['kernel']},"
        f" Python {m['python']}",
        "- Load average (1/5/15 min) before: "
        + " / ".join(f"{x:.2f}" for x in data["load_before"])
        + ", after: "
        + " / ".join(f"{x:.2f}" for x in data.get("load_after", (0, 0, 0)))
        + ". Every process of the benchmark (Kafka, FerretDB, the services, wrk, vegeta, the"
        " producers) shares the same cores, so absolute figures are lower bounds; ratios taken"
        " in the same run are the figures to compare.",
        "- Stack: the project's devstack, a private instance for the benchmark (Apache Kafka"
        " 4.1.1, KRaft, one node, on 127.0.0.1:19092; FerretDB v1 with its SQLite backend on"
        " 127.0.0.1:37017; data under `var/bench`, reset at the start and stopped at the end)."
        " Topics have 6 partitions (the services' default `TOPIC_PARTITIONS`).",
        f"- Whole run: {data.get('total_s', 0) / 60:.1f} min.",
        "",
    ]
    if data.get("failed"):
        out += [f"**The run stopped early**: {data['failed']}. What it measured is below.", ""]
    out += _targets(data)
    out += _storage(data)
    out += _pipeline(data)
    out += report_intake.section(data.get("w6"), data.get("raw"))
    out += _rounds(data)
    if "recovery" in data:
        out += _recovery(data)
    if "w1" in data:
        out += [
            "## W1 API, closed loop (wrk, one thread)",
            "",
            "The raw baseline (`bench/rawapp.py`: FastAPI + PyMongo async, no code of ours) ran"
            " right before and right after ours; `of raw` divides by the higher of its two"
            " figures at the same client count. Every service of ours runs on a new database"
            " for W1, as the baseline does (restarted after W4; their consumer groups were"
            " caught up). `GET /checked/{id}` is the baseline's read plus a token check and an"
            " access line: context for the reads, not the issue's baseline.",
            "",
            "Reads fetch one seeded document by id; creates send a fresh body per request"
            " (a Lua script). `POST /programs` names a term id the programs service has not"
            " seen (allowed: a draft program only checks the term when it knows it), so no term"
            " has to be inaugurated first. `POST /events` picks a random day and names no venue"
            " (so no venue-overlap query runs). Errors are non-2xx answers, socket errors and"
            " timeouts (5 s).",
            "",
            *report_api.table(data["w1"]),
            "",
            _fanout(data.get("w1_fanout_s", float("nan"))),
            "",
        ]
    out += _open(data)
    out += _profiles(data)
    out += _memory(data)
    return "\n".join(out) + "\n"


def _fanout(seconds: float) -> str:
    if seconds < FANOUT_LIMIT_S:
        return (
            "The members created here reached programs' and events' read models"
            f" {seconds:.1f} s after the load ended (their lag back to zero)."
        )
    return (
        "The members created here had **not** all reached programs' and events' read models"
        f" {FANOUT_LIMIT_S:.0f} s after the load ended."
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
    lines += report_intake.targets(data.get("w6"), data.get("raw"))
    lines += report_api.targets(data.get("w1", []), data.get("w1_open", []))
    recs: list[Recovery] = data.get("recovery") or []
    if recs:
        rec = max(recs, key=lambda r: r.p99_ms if r.latencies_ms else float("inf"))
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
        twice, lost = sum(r.duplicates_applied for r in recs), sum(r.lost for r in recs)
        lines.append(
            f"| W4 duplicates applied 0, lost 0 ({len(recs)} runs) | {_f(twice)} duplicates,"
            f" {lost} lost | {_ok(twice == 0 and lost == 0)} |"
        )
        caught = sum(r.recovered for r in recs)
        lines.append(
            f"| W4 every run caught up | {caught} of {len(recs)} | {_ok(caught == len(recs))} |"
        )
    rss = [v for k, v in data.items() if k.startswith("rss_") and isinstance(v, dict)]
    rss += [r["rss"] for r in data.get("rounds", [])]
    peak = max((x for d in rss for x in d.values()), default=float("nan"))
    lines.append(f"| RSS <= 200 MB per service | peak {_f(peak)} MB | {_ok(peak <= 200)} |")
    rounds = data.get("rounds", [])
    after = data.get("rss_after_w2")
    if rounds and after:
        growth = {s: rounds[-1]["rss"][s] - after[s] for s in after}
        flat = all(g <= 0.1 * after[s] for s, g in growth.items())
        lines.append(
            f"| RSS flat from W2 to {rounds[-1]['round']} x W2 (within 10%) | "
            + ", ".join(f"{s} {_f(after[s])} -> {_f(rounds[-1]['rss'][s])} MB" for s in after)
            + f" | {_ok(flat)} |"
        )
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
        + ". Then each consumer started on the backlog alone, in turn: the raw consumers, then"
        " programs, then events (each service as a real process, `python -m services.<name>`)."
        " A service is done when its `members` group has committed every offset; its read"
        " model is then counted. Rates run from the first committed batch to the last, the same"
        " way for the raw consumer.",
        "",
        "W3 is measured twice. `insert_many` is the highest ceiling this store offers and is"
        " the one W2 is compared with. The issue's wording, a bulk upsert per batch, is run too,"
        f" for at most {data['args'].get('upsert_limit', 60):.0f} s: on FerretDB v1 an upsert"
        " by `_id` scans the collection (W0), so its rate falls as the collection grows and it"
        " would be a much lower bar.",
        "",
        "| consumer | committed | stored | startup s | wall s | events/s | % of W3 raw"
        " | events/s by quarter of the backlog |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    upsert: Drain | None = data.get("raw_upsert")
    rows = ([raw] if raw else []) + ([upsert] if upsert else []) + list(drains.values())
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
    recs: list[Recovery] = data["recovery"]
    rec = recs[0]

    def row(label: str, value: Callable[[Recovery], str]) -> str:
        return f"| {label} | " + " | ".join(value(r) for r in recs) + " |"

    return [
        "## W4 lag recovery (programs, `members` group)",
        "",
        f"Fresh `member.registered` events were fed at {_f(rec.rate)}/s, half of programs' W2"
        f" rate. After {rec.warm_s:.0f} s programs was killed with SIGKILL, left down"
        f" {rec.down_s:.0f} s while the feed went on, and started again; {len(recs)} runs in a"
        " row, each on new events and after the previous one caught up. Caught up means the"
        " group's lag is back within one second of feed. Publish -> read model runs from the"
        " producer's send to the group's commit past that offset (polled every 20 ms; the"
        " commit follows the read-model write, so this is an upper bound).",
        "",
        "| figure | " + " | ".join(f"run {r.run}" for r in recs) + " |",
        "|---|" + "---:|" * len(recs),
        row("feed achieved (events/s)", lambda r: _f(r.fed_rate)),
        row(
            "publish -> read model p50 / p99 before the kill (ms)",
            lambda r: f"{_f(r.p50_ms)} / {_f(r.p99_ms)} ({len(r.latencies_ms)} samples)",
        ),
        row("lag when restarted", lambda r: f"{r.lag_at_restart:,}"),
        row("restart -> ready (s)", lambda r: _f(r.restart_ready_s, 1)),
        row(
            "restart -> lag caught up (s)",
            lambda r: _f(r.recovery_s, 1) + ("" if r.recovered else " (**not within the limit**)"),
        ),
        row("events fed", lambda r: f"{r.fed:,}"),
        row("events lost (fed, not in the read model)", lambda r: str(r.lost)),
        row("in the read model before the restart", lambda r: f"{r.applied_before_restart:,}"),
        row(
            "inserted after the restart (`readmodel_writes_total`)",
            lambda r: _f(r.inserted_after_restart),
        ),
        row("redelivered, left unchanged", lambda r: _f(r.redelivered_unchanged)),
        row(
            "applied twice (`updated`: a document written again)",
            lambda r: _f(r.duplicates_applied),
        ),
        "",
    ]


def _rounds(data: dict[str, Any]) -> list[str]:
    rounds = data.get("rounds", [])
    if not rounds:
        return []
    n = data["args"]["events"]
    lines = [
        "## W5 rounds: the same drain again, both services at once",
        "",
        f"After W2, {len(rounds)} more rounds of {n:,} new events each were produced while"
        " programs and events kept running; a round ends when both groups' lag is zero. The"
        " read models grow by the same amount every round.",
        "",
        "| round | read models hold | produce s | produce -> both caught up s"
        " | events/s per service | RSS programs | RSS events |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        rate = n / r["drain_s"] if r["drain_s"] else float("nan")
        lines.append(
            f"| {r['round']} | {n * r['round']:,} | {_f(r['produce_s'], 1)} |"
            f" {_f(r['drain_s'], 1)} | {_f(rate)} | {_f(r['rss']['programs'])} MB |"
            f" {_f(r['rss']['events'])} MB |"
        )
    return [*lines, ""]


def _open(data: dict[str, Any]) -> list[str]:
    cells: list[OpenCell] = data.get("w1_open", [])
    if not cells:
        return []
    lines = [
        "## W1 API, open loop (vegeta, half the baseline's closed-loop rate)",
        "",
        "Requests arrive at the given rate whatever the answers take, so a server that cannot"
        " keep up shows it as growing latency and errors (timeouts of 10 s) rather than as a"
        " lower rate.",
        "",
        *report_api.open_table(cells),
    ]
    return [*lines, ""]


def _profiles(data: dict[str, Any]) -> list[str]:
    found: list[Profile] = [*data.get("profiles_w1", [])]
    if data.get("profile_drain"):
        found.append(data["profile_drain"])
    if not found:
        return []
    lines = [
        "## Profiles (py-spy, 200 Hz)",
        "",
        "Share of samples with the function on top of the stack (self) and anywhere on it"
        " (total). Waiting on the database or the broker shows as the event loop's `select`.",
        "",
    ]
    for p in found:
        lines += profile_lines(p)
    return lines


def profile_lines(p: Profile) -> list[str]:
    """One profile as Markdown: the label, top frames by self share, ours and drivers by total."""
    lines = [f"### {p.label}", ""]
    if p.error:
        return [*lines, f"py-spy could not sample: {p.error}", ""]
    lines += [f"{p.samples:,} samples.", "", "| self | function |", "|---:|---|"]
    lines += [f"| {share:.0%} | `{frame}` |" for frame, share in p.self_share]
    ours = [
        (f, sh)
        for f, sh in p.total_share
        if any(k in f for k in ("shared/", "services/", "pymongo", "aiokafka", "faststream"))
    ][:10]
    if ours:
        lines += ["", "| total | function (ours and the drivers) |", "|---:|---|"]
        lines += [f"| {share:.0%} | `{frame}` |" for frame, share in ours]
    return [*lines, ""]


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
        if key == "rss_after_w2":
            for r in data.get("rounds", []):
                lines.append(
                    f"| after {r['round']} x W2 | - | "
                    + " | ".join(_f(r["rss"].get(s, float("nan"))) for s in services[1:])
                    + " |"
                )
    return [*lines, ""]
