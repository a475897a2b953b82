"""W4: feed at a fixed rate, kill -9 a consumer, restart it; time back to zero lag, and counts.
Run several times in a row (`lag_recoveries`): each recovery must catch up before the next kill.

Before the kill it also measures publish -> read model latency at that rate: for every 25th
event, from the producer's send to the moment the consumer group has committed past its offset
(the service commits only after the read model holds the event, so this is an upper bound,
polled every 20 ms; it puts no load on the database).

Counts come from what users and operators can see: the read model's document count (unique
`_id`, so a document can exist once only), and the restarted service's
`readmodel_writes_total` (a redelivered event must leave its document `unchanged`; `updated`
would mean an event was applied twice).
"""

import asyncio
import contextlib
import sqlite3
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from bench.pipeline import TOPIC, Lag, headers_of, member_payload, metric
from bench.stack import KAFKA, VAR, Deployment

SAMPLE_EVERY = 25


@dataclass
class Recovery:
    """What W4 saw."""

    service: str
    rate: float
    warm_s: float
    down_s: float
    run: int = 1
    fed: int = 0
    fed_rate: float = 0.0
    lag_at_restart: int = 0
    restart_ready_s: float = float("nan")
    recovery_s: float = float("nan")
    recovered: bool = False
    lost: int = 0
    applied_before_restart: int = 0
    inserted_after_restart: float = 0.0
    duplicates_applied: float = 0.0
    redelivered_unchanged: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)

    @property
    def p50_ms(self) -> float:
        """Publish -> read model, median."""
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99_ms(self) -> float:
        """Publish -> read model, 99th percentile."""
        if len(self.latencies_ms) < 2:
            return float("nan")
        return statistics.quantiles(self.latencies_ms, n=100)[98]


class _Feeder:
    """Produces at a fixed rate (sends are pipelined, not awaited one by one)."""

    def __init__(self, rate: float, prefix: str, group: str) -> None:
        self.rate, self.prefix, self.group = rate, prefix, group
        self.sent = 0
        self.sampling = True
        self.samples: list[tuple[float, Any]] = []  # (send time, record metadata)
        self.latencies: list[float] = []
        self.started = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        producer = AIOKafkaProducer(
            bootstrap_servers=KAFKA, acks="all", enable_idempotence=True, linger_ms=5
        )
        await producer.start()
        self.started = time.monotonic()
        try:
            while not stop.is_set():
                due = int((time.monotonic() - self.started) * self.rate)
                pending = []
                while self.sent < due:
                    member_id, value = member_payload(self.prefix, self.sent)
                    sent_at = time.monotonic()
                    fut = await producer.send(
                        TOPIC, value, key=member_id.encode(), headers=headers_of(member_id)
                    )
                    if self.sampling and self.sent % SAMPLE_EVERY == 0:
                        pending.append((sent_at, fut))
                    self.sent += 1
                await producer.flush()
                for sent_at, fut in pending:
                    self.samples.append((sent_at, await fut))
                await asyncio.sleep(0.005)
        finally:
            await producer.stop()

    async def watch_commits(self, stop: asyncio.Event) -> None:
        """Resolve samples as the group commits past them (publish -> stored and committed)."""
        admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
        await admin.start()
        try:
            while not stop.is_set():
                offsets = await admin.list_consumer_group_offsets(self.group)
                now = time.monotonic()
                waiting = []
                for sent_at, meta in self.samples:
                    committed = offsets.get(TopicPartition(meta.topic, meta.partition))
                    if committed is not None and committed.offset > meta.offset:
                        self.latencies.append((now - sent_at) * 1e3)
                    else:
                        waiting.append((sent_at, meta))
                self.samples = waiting
                await asyncio.sleep(0.02)
        finally:
            await admin.close()


def stored_count(database: str, collection: str) -> int:
    """How many documents a collection holds, counted by SQLite in the benchmark's FerretDB file.

    A `count_documents` makes FerretDB v1 decode every document: at 500,000 read-model
    documents, minutes of both cores and 8 GB, while the service it measures recovers. SQLite
    counts the committed rows of the collection's table without decoding them."""
    path = VAR / "ferretdb" / f"{database}.sqlite"
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        (table,) = db.execute(
            "SELECT table_name FROM _ferretdb_collections WHERE name = ?", (collection,)
        ).fetchone()
        (count,) = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    return int(count)


async def lag_recovery(
    deployment: Deployment,
    service: str,
    collection_name: str,
    *,
    rate: float,
    warm_s: float = 20,
    down_s: float = 60,
    limit_s: float = 300,
    run: int = 1,
) -> Recovery:
    """Feed, kill -9 `service` for `down_s`, restart it, wait for zero lag; count the result."""
    result = Recovery(service=service, rate=rate, warm_s=warm_s, down_s=down_s, run=run)
    database = deployment.database(service)

    async def count() -> int:
        return await asyncio.to_thread(stored_count, database, collection_name)

    group = deployment.group(service, "members")
    base = await count()
    feeder = _Feeder(rate, f"w4-{deployment.name}-{run}", group)
    stop, stop_watch = asyncio.Event(), asyncio.Event()
    feeding = asyncio.create_task(feeder.run(stop))
    watching = asyncio.create_task(feeder.watch_commits(stop_watch))
    try:
        async with Lag() as lag:
            await asyncio.sleep(warm_s)
            feeder.sampling = False
            await asyncio.sleep(2)  # the last samples commit
            stop_watch.set()
            await watching
            result.latencies_ms = list(feeder.latencies)
            deployment.kill(service)
            await asyncio.sleep(down_s)
            result.applied_before_restart = await count() - base
            result.lag_at_restart = await lag.lag(group)
            deployment.start(service)
            restarted = time.monotonic()
            result.restart_ready_s = await asyncio.to_thread(deployment.wait_ready, service)
            # caught up: the group's lag is back to what it was while the feed ran steadily
            while time.monotonic() - restarted < limit_s:
                if await lag.lag(group) <= max(rate, 1):
                    result.recovery_s = time.monotonic() - restarted
                    result.recovered = True
                    break
                await asyncio.sleep(0.5)
            stop.set()
            await feeding
            result.fed = feeder.sent
            result.fed_rate = feeder.sent / (time.monotonic() - feeder.started)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # polling another process's commits
                if await lag.lag(group) == 0:
                    break
                await asyncio.sleep(0.5)
        await asyncio.sleep(1)
        result.lost = result.fed - (await count() - base)
        url = deployment.url(service)
        writes = "readmodel_writes_total"
        result.inserted_after_restart = await metric(url, writes, outcome="inserted")
        result.duplicates_applied = await metric(url, writes, outcome="updated")
        result.redelivered_unchanged = await metric(url, writes, outcome="unchanged")
    finally:
        stop.set()
        stop_watch.set()
        for task in (feeding, watching):
            with contextlib.suppress(Exception):
                await task
    return result


async def lag_recoveries(
    deployment: Deployment,
    service: str,
    collection_name: str,
    *,
    rate: float,
    down_s: float,
    runs: int = 3,
) -> list[Recovery]:
    """W4 `runs` times in a row, each on fresh events and after the previous one caught up."""
    results = []
    for run in range(1, runs + 1):
        results.append(
            await lag_recovery(
                deployment, service, collection_name, rate=rate, down_s=down_s, run=run
            )
        )
    return results
