"""`make bench`: every workload on the benchmark's own devstack, then the Markdown report.

    python -m bench [--events N] [--intake M] [--seconds S] [--reps R] [--rounds K] [--w4-runs J]
                    [--no-w4]

Order: W0 storage probe; idle services (W5 idle); W3 Kafka tools; N events produced; W3 raw
consumers (insert_many, then bulk upsert for a bounded time); W2 programs then events draining
the backlog alone (W5 after W2); K more rounds of N events drained by both at once (W5 after
each, a profile of programs during the first); W4 kill -9 and recovery, J times (default 3); W1
the raw baseline, then our endpoints, then the baseline again (wrk, with profiles), and open
loop (vegeta) at half the baseline's rate; last W6, membership's registry intake (`--intake`).
The stack is stopped at the end, whatever happened.
"""

import argparse
import asyncio
import os
import time
import uuid
from datetime import date
from pathlib import Path

from bench import (
    api,
    intake,
    pipeline,
    profile,
    rawapp,
    recovery,
    report,
    report_intake,
    stack,
    storage,
)

READ_MODELS = {"programs": "member_views", "events": "member_views"}


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--events",
        type=int,
        default=100_000,
        help="member.registered events for W2/W3 (default 100,000)",
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="W5: rounds of N more events after W2 (default 4)"
    )
    parser.add_argument("--upsert-limit", type=float, default=60, help="W3 bulk upsert cap (s)")
    parser.add_argument("--seconds", type=float, default=3, help="seconds per wrk run (W1)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions per W1 cell (median)")
    parser.add_argument("--no-w4", action="store_true", help="skip the lag-recovery workload")
    parser.add_argument("--down", type=float, default=60, help="seconds a W4 consumer is down")
    parser.add_argument("--w4-runs", type=int, default=3, help="W4 kills and recoveries in a row")
    parser.add_argument("--drain-limit", type=float, default=600, help="W2 cap per service (s)")
    parser.add_argument(
        "--intake", type=int, default=100_000, help="W6 trade.ukm.registered records (0: skip)"
    )
    parser.add_argument(
        "--w6-only", action="store_true", help="W3 raw ceilings and W6 only (intake before/after)"
    )
    parser.add_argument("--out", type=Path, default=None, help="report path")
    return parser.parse_args()


def _say(text: str) -> None:
    print(f"bench: {text}", flush=True)


def _lag_zero(deployment: stack.Deployment, services: tuple[str, ...], limit_s: float) -> float:
    async def wait() -> float:
        started = time.monotonic()
        async with pipeline.Lag() as lag:
            while time.monotonic() - started < limit_s:
                lags = [await lag.lag(deployment.group(s, "members")) for s in services]
                if max(lags) == 0:
                    break
                await asyncio.sleep(0.5)
        return time.monotonic() - started

    return asyncio.run(wait())


def _services(
    args: argparse.Namespace, data: dict[str, object], drain: stack.Deployment, run_id: str
) -> None:
    """W2, the W5 rounds, W4 and W1 on the `drain` deployment."""
    n = args.events
    drains = {}
    for service, collection in READ_MODELS.items():
        _say(f"W2 {service} drains the backlog")
        drains[service] = asyncio.run(
            pipeline.service_drain(drain, service, collection, n, args.drain_limit)
        )
        d = drains[service]
        _say(f"  {d.committed}/{n} committed, {d.rate:.0f} events/s, {d.wall_s:.1f} s")
    data["drains"] = drains
    time.sleep(3)
    data["rss_after_w2"] = {s: drain.rss(s) for s in READ_MODELS}

    rounds = []
    for k in range(args.rounds):
        _say(f"W5 round {k + 2}: {n} more events, programs and events drain them together")
        produced = asyncio.run(pipeline.produce(n, f"r{k}{run_id}"))
        if k == 0:
            data["profile_drain"] = profile.record(
                drain.procs["programs"].pid, 10, "programs draining member.registered"
            )
        took = _lag_zero(drain, tuple(READ_MODELS), args.drain_limit)
        rounds.append(
            {
                "round": k + 2,
                "produce_s": produced["seconds"],
                "drain_s": took,
                "rss": {s: drain.rss(s) for s in READ_MODELS},
            }
        )
        _say(f"  drained in {took:.0f} s after producing; rss {rounds[-1]['rss']}")
    data["rounds"] = rounds

    if not args.no_w4:
        rate = max(round(drains["programs"].rate / 2), 1)
        _say(
            f"W4 feed {rate}/s, kill -9 programs for {args.down:.0f} s, restart;"
            f" {args.w4_runs} times"
        )
        data["recovery"] = asyncio.run(
            recovery.lag_recoveries(
                drain,
                "programs",
                READ_MODELS["programs"],
                rate=rate,
                down_s=args.down,
                runs=args.w4_runs,
            )
        )
        time.sleep(3)
        data["rss_after_w4"] = {s: drain.rss(s) for s in READ_MODELS}

    _say("waiting for programs and events to catch up before W1")
    _lag_zero(drain, tuple(READ_MODELS), args.drain_limit)
    # W1 on new databases, like the raw baseline's: programs' file holds the drains' millions
    # of read-model documents by now. Their consumer groups are caught up: nothing replays.
    _say("W1 API load, closed loop (wrk); every service on a new database")
    drain.stop(*READ_MODELS)
    drain.db_suffix = "_w1"
    for service in stack.SERVICES:
        drain.start(service)
    drain.wait_ready(*stack.SERVICES)
    data["rss_membership_idle_before_w1"] = drain.rss("membership")
    ids = {**api.seed(drain), "raw": rawapp.start(drain)}
    data["w1"] = cells = api.run(drain, ids, seconds=args.seconds, reps=args.reps)
    data["profiles_w1"] = api.profiles(drain, ids)
    rates = [max(round(api.baseline(cells, lb) / 2), 1) for lb in (api.RAW_READ, api.RAW_CREATE)]
    _say(f"W1 API load, open loop (vegeta) at half the baseline: {rates[0]}/s, {rates[1]}/s")
    data["w1_open"] = api.run_open(
        drain, ids, seconds=max(args.seconds, 5), read_rate=rates[0], create_rate=rates[1]
    )
    data["rss_after_w1"] = {s: drain.rss(s) for s in stack.SERVICES}
    data["w1_fanout_s"] = _lag_zero(drain, tuple(READ_MODELS), report.FANOUT_LIMIT_S)
    data["rss_after_all"] = {s: drain.rss(s) for s in stack.SERVICES}


def main() -> None:
    """Run every workload and write `bench/results/<date>.md`."""
    args = _args()
    run_id = uuid.uuid4().hex[:6]
    data: dict[str, object] = {
        "args": vars(args),
        "machine": report.machine(),
        "load_before": os.getloadavg(),
    }
    started = time.monotonic()
    _say(f"own devstack on {stack.KAFKA} and {stack.MONGODB} (never the shared 9092/27017)")
    stack.fresh_devstack()
    idle = stack.Deployment(name=f"benchidle{run_id}")
    drain = stack.Deployment(name=f"bench{run_id}")
    try:
        if not args.w6_only:
            _say("W0 storage primitives on FerretDB")
            data["storage"] = storage.probe()
            _say("W5 idle services")
            for service in stack.SERVICES:
                idle.start(service)
            idle.wait_ready(*stack.SERVICES)
            time.sleep(5)
            data["rss_idle"] = {s: idle.rss(s) for s in stack.SERVICES}
            idle.stop()

        n = args.events
        asyncio.run(pipeline.create_topics(pipeline.TOPIC, "bench.perf"))
        if not args.w6_only:
            _say(f"W3 Kafka tools ({n} records of 1 KB)")
            data["kafka_producer"] = pipeline.kafka_producer_perf(n, "bench.perf")
        _say(f"producing {n} member.registered events")
        data["produce"] = asyncio.run(pipeline.produce(n, f"m{run_id}"))
        if not args.w6_only:
            data["kafka_consumer"] = pipeline.kafka_consumer_perf(n, pipeline.TOPIC)

        _say("W3 raw consumer -> insert_many -> commit")
        data["raw"] = asyncio.run(pipeline.raw_ceiling(n, f"bench_raw_{run_id}"))
        _say(f"W3 raw consumer -> bulk upsert -> commit (at most {args.upsert_limit:.0f} s)")
        data["raw_upsert"] = asyncio.run(
            pipeline.raw_ceiling(n, f"bench_up_{run_id}", upsert=True, limit_s=args.upsert_limit)
        )

        if not args.w6_only:
            _services(args, data, drain, run_id)
        if args.intake:  # last: its member.registered events would count in W2
            drain.stop()  # programs and events would consume those events meanwhile
            _say(f"W6 registry-scale intake: {args.intake} trade.ukm.registered, membership drains")
            w6 = stack.Deployment(name=f"benchw6{run_id}")
            try:
                data["w6"] = w6_result = asyncio.run(
                    intake.run(w6, args.intake, limit_s=args.drain_limit)
                )
            finally:
                w6.stop()
            _say(f"  {report_intake.summary(w6_result)}")

    except Exception as exc:  # the report still gets what was measured, and says what failed
        data["failed"] = f"{type(exc).__name__}: {exc}"
        _say(f"stage failed: {data['failed']}")
    finally:
        idle.stop()
        drain.stop()
        data["load_after"] = os.getloadavg()
        data["total_s"] = time.monotonic() - started
        _say("stopping the benchmark devstack")
        stack.devstack("down")
    out = args.out or Path(__file__).parent / "results" / f"{date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(data))
    _say(f"report written to {out} ({data['total_s']:.0f} s)")


if __name__ == "__main__":
    main()
