"""W4: feed at a fixed rate, kill -9 a consumer, restart it; time back to zero lag, and counts.

Also measures publish -> read model latency at that rate before the kill (every 25th event is
looked up by `_id` in the read model until it is there).
"""

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaProducer
from pymongo import AsyncMongoClient

from bench.pipeline import TOPIC, Lag, headers_of, member_payload, metric
from bench.stack import KAFKA, MONGODB, Deployment

SAMPLE_EVERY = 25


@dataclass
class Recovery:
    """What W4 saw."""

    service: str
    rate: float
    warm_s: float
    down_s: float
    fed: int = 0
    lag_at_restart: int = 0
    restart_ready_s: float = float("nan")
    recovery_s: float = float("nan")
    recovered: bool = False
    lost: int = 0
    applied_before_restart: int = 0
    applied_after_restart: float = 0.0
    duplicates_applied: float = 0.0
    redelivered_skipped: float = 0.0
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
    def __init__(self, rate: float, prefix: str, collection: Any) -> None:
        self.rate, self.prefix, self.collection = rate, prefix, collection
        self.ids: list[str] = []
        self.sampling = True
        self.latencies: list[float] = []
        self._probes: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True)
        await producer.start()
        started = time.monotonic()
        try:
            while not stop.is_set():
                due = int((time.monotonic() - started) * self.rate)
                while len(self.ids) < due:
                    i = len(self.ids)
                    member_id, value = member_payload(self.prefix, i)
                    sent = time.monotonic()
                    await producer.send_and_wait(
                        TOPIC, value, key=member_id.encode(), headers=headers_of(member_id)
                    )
                    self.ids.append(member_id)
                    if self.sampling and i % SAMPLE_EVERY == 0:
                        task = asyncio.create_task(self._probe(member_id, sent))
                        self._probes.add(task)
                        task.add_done_callback(self._probes.discard)
                await asyncio.sleep(0.01)
        finally:
            await producer.stop()
            for task in list(self._probes):
                task.cancel()

    async def _probe(self, member_id: str, sent: float) -> None:
        while time.monotonic() - sent < 30:
            if await self.collection.find_one({"_id": member_id}, {"_id": 1}) is not None:
                self.latencies.append((time.monotonic() - sent) * 1e3)
                return
            await asyncio.sleep(0.05)


async def _count_present(collection: Any, ids: list[str]) -> int:
    present = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        present += await collection.count_documents({"_id": {"$in": chunk}})
    return present


async def lag_recovery(
    deployment: Deployment,
    service: str,
    collection_name: str,
    *,
    rate: float,
    warm_s: float = 20,
    down_s: float = 60,
    limit_s: float = 300,
) -> Recovery:
    """Feed, kill -9 `service` for `down_s`, restart it, wait for zero lag; count the result."""
    result = Recovery(service=service, rate=rate, warm_s=warm_s, down_s=down_s)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    collection = client[deployment.database(service)][collection_name]
    group = deployment.group(service, "members")
    feeder = _Feeder(rate, f"w4-{deployment.name}", collection)
    stop = asyncio.Event()
    feeding = asyncio.create_task(feeder.run(stop))
    try:
        async with Lag() as lag:
            await asyncio.sleep(warm_s)
            feeder.sampling = False
            result.latencies_ms = list(feeder.latencies)
            deployment.kill(service)
            await asyncio.sleep(down_s)
            snapshot = list(feeder.ids)
            result.applied_before_restart = await _count_present(collection, snapshot)
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
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # polling another process's commits
                if await lag.lag(group) == 0:
                    break
                await asyncio.sleep(0.5)
        await asyncio.sleep(1)
        result.fed = len(feeder.ids)
        result.lost = result.fed - await _count_present(collection, feeder.ids)
        url = deployment.url(service)
        result.applied_after_restart = await metric(
            url, "messages_consumed_total", topic=TOPIC, outcome="applied"
        )
        result.redelivered_skipped = await metric(
            url, "messages_consumed_total", topic=TOPIC, outcome="duplicate"
        )
        expected = result.fed - result.applied_before_restart
        result.duplicates_applied = max(result.applied_after_restart - expected, 0)
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await feeding
        await client.close()
    return result
