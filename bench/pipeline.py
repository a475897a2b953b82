"""W2, W3 and W4: `member.registered` events on the topic, drained by the services and raw.

Drain rates of the services and of the raw consumer are measured the same way: from the first
committed batch to the last one, records committed in between over that time.
"""

import asyncio
import itertools
import json
import re
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from pymongo import AsyncMongoClient, UpdateOne

from bench.stack import KAFKA, MONGODB, ROOT, Deployment
from shared.contracts import MemberRegistered

TOPIC = MemberRegistered.topic
PARTITIONS = 6
CHANNEL = "https://shop.example.id/umkm/{i}/katalog-produk-kerajinan-batik-tulis-dan-tenun-ikat-{c}"


def member_payload(prefix: str, i: int) -> tuple[str, bytes]:
    """A valid `member.registered` payload of about 1 KB; returns (member id, JSON)."""
    member_id = f"{prefix}-{i:08d}"
    payload = {
        "council": "17",
        "member_id": member_id,
        "kind": "business",
        "name": f"UMKM Kerajinan Batik Besurek Bengkulu nomor {i}",
        "nib": f"{i % 10**13:013d}",
        "category": "batik",
        "scale": "mikro",
        "owner_name": f"Ibu Pemilik Usaha {i}",
        "digital_channels": [CHANNEL.format(i=i, c=c) for c in range(8)],
        "revision": 1,
    }
    return member_id, json.dumps(payload, separators=(",", ":")).encode()


def headers_of(member_id: str) -> list[tuple[str, bytes]]:
    """CloudEvents headers (binary mode), as the outbox relay writes them."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    corr = str(uuid.uuid4())
    values = {
        "ce_specversion": "1.0",
        "ce_id": str(uuid.uuid4()),
        "ce_type": TOPIC,
        "ce_source": "/dekranasda/ID/membership",
        "ce_time": now,
        "ce_subject": member_id,
        "ce_dataschema": MemberRegistered.dataschema(),
        "ce_region": "17",
        "ce_correlationid": corr,
        "content-type": "application/json",
    }
    return [(k, v.encode()) for k, v in values.items()]


async def create_topics(*topics: str) -> None:
    """Create topics with the services' partition count (TOPIC_PARTITIONS=6)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [NewTopic(t, PARTITIONS, 1) for t in topics if t not in existing]
        if new:
            await admin.create_topics(new)
    finally:
        await admin.close()


async def produce(n: int, prefix: str) -> dict[str, float]:
    """Put n events on the topic (acks=all, idempotent); returns size and rate."""
    MemberRegistered.model_validate_json(member_payload(prefix, 0)[1])  # the contract holds
    producer = AIOKafkaProducer(
        bootstrap_servers=KAFKA,
        acks="all",
        enable_idempotence=True,
        linger_ms=20,
        max_batch_size=512 * 1024,
    )
    await producer.start()
    started, size = time.monotonic(), 0
    try:
        futures = []
        for i in range(n):
            member_id, value = member_payload(prefix, i)
            size += len(value)
            fut = await producer.send(
                TOPIC, value, key=member_id.encode(), headers=headers_of(member_id)
            )
            futures.append(fut)
            if len(futures) >= 5000:
                await asyncio.gather(*futures)
                futures.clear()
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    seconds = time.monotonic() - started
    return {"events": n, "value_bytes": size / n, "seconds": seconds, "rate": n / seconds}


@dataclass
class Drain:
    """How a consumer drained the backlog."""

    name: str
    events: int
    committed: int = 0
    startup_s: float = float("nan")
    wall_s: float = float("nan")
    first_commit_s: float = float("nan")
    last_commit_s: float = float("nan")
    stored: int = 0
    complete: bool = False
    timeline: list[tuple[float, int]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Events per second from the first committed batch to the last."""
        span = self.last_commit_s - self.first_commit_s
        first = self.timeline[0][1] if self.timeline else 0
        if span > 0:
            return (self.committed - first) / span
        return self.committed / self.wall_s if self.wall_s > 0 else float("nan")  # one batch

    def window_rates(self, windows: int = 4) -> list[tuple[int, int, float]]:
        """(from, to, events/s) over equal slices of the committed count: the rate's trend."""
        out: list[tuple[int, int, float]] = []
        if len(self.timeline) < 2:
            return out
        step = max(self.committed // windows, 1)
        marks = [step * k for k in range(windows)] + [self.committed]
        for lo, hi in itertools.pairwise(marks):
            t_lo = next((t for t, c in self.timeline if c >= lo), None)
            t_hi = next((t for t, c in self.timeline if c >= hi), None)
            if t_lo is not None and t_hi is not None and t_hi > t_lo:
                c_lo = next(c for t, c in self.timeline if t == t_lo)
                c_hi = next(c for t, c in self.timeline if t == t_hi)
                out.append((lo, hi, (c_hi - c_lo) / (t_hi - t_lo)))
        return out


class Lag:
    """Committed offsets of one group against the topic's end offsets (kept-open clients)."""

    def __init__(self, topic: str = TOPIC) -> None:
        self.admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
        self.consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA)
        self.topic = topic
        self.parts = [TopicPartition(topic, p) for p in range(PARTITIONS)]

    async def __aenter__(self) -> "Lag":
        await self.admin.start()
        await self.consumer.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.consumer.stop()
        await self.admin.close()

    async def committed(self, group: str) -> int:
        """Offsets committed by the group on the topic, summed over partitions."""
        offsets = await self.admin.list_consumer_group_offsets(group, partitions=self.parts)
        return sum(max(m.offset, 0) for tp, m in offsets.items() if tp.topic == self.topic)

    async def end(self) -> int:
        """Messages on the topic."""
        ends = await self.consumer.end_offsets(self.parts)
        return sum(ends.values())

    async def lag(self, group: str) -> int:
        """Messages on the topic the group has not committed."""
        return await self.end() - await self.committed(group)


async def raw_ceiling(
    n: int, database: str, *, upsert: bool = False, limit_s: float = 600
) -> Drain:
    """W3: aiokafka -> PyMongo write of the JSON -> commit, per batch of up to 500.

    `upsert=False`: one `insert_many` per batch (the highest ceiling this store offers).
    `upsert=True`: the issue's wording, a bulk of `UpdateOne(..., upsert=True)` per batch, in
    slices of 50 (FerretDB v1 can hang on larger update bulks); stopped after `limit_s`.
    """
    how = "bulk upsert" if upsert else "insert_many"
    result = Drain(name=f"raw aiokafka -> {how} -> commit", events=n)
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    collection = client[database]["members"]
    consumer = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=KAFKA,
        group_id=f"bench.raw.{database}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    started = time.monotonic()
    await consumer.start()
    try:
        while result.committed < n and time.monotonic() - started < limit_s:
            batches = await consumer.getmany(timeout_ms=500, max_records=500)
            docs = []
            for records in batches.values():
                for record in records:
                    doc = json.loads(record.value)
                    doc["_id"] = doc["member_id"]
                    docs.append(doc)
            if not docs:
                continue
            if upsert:
                ops = [UpdateOne({"_id": d["_id"]}, {"$set": d}, upsert=True) for d in docs]
                for start in range(0, len(ops), 50):
                    await collection.bulk_write(ops[start : start + 50], ordered=False)
            else:
                await collection.insert_many(docs, ordered=False)
            await consumer.commit()
            result.committed += len(docs)
            now = time.monotonic() - started
            result.timeline.append((now, result.committed))
            if result.first_commit_s != result.first_commit_s:  # nan: the first batch
                result.first_commit_s = now
            result.last_commit_s = now
    finally:
        await consumer.stop()
    result.wall_s = time.monotonic() - started
    result.startup_s = 0.0
    result.stored = await collection.count_documents({})
    result.complete = result.stored == n and result.committed >= n
    await client.drop_database(database)
    await client.close()
    return result


async def service_drain(
    deployment: Deployment,
    service: str,
    collection: str,
    n: int,
    limit_s: float,
    *,
    subscription: str = "members",
    topic: str = TOPIC,
) -> Drain:
    """W2: start a service on the backlog; poll its group's commits until all n are committed."""
    result = Drain(name=service, events=n)
    group = deployment.group(service, subscription)
    async with Lag(topic) as lag:
        try:  # a group that ran before (W6 registers its council first) counts from here
            base = await lag.committed(group)
        except Exception:  # the group does not exist yet
            base = 0
        deployment.start(service)
        started = deployment.started[service]
        ready = asyncio.create_task(asyncio.to_thread(deployment.wait_ready, service))
        while time.monotonic() - started < limit_s:
            await asyncio.sleep(0.25)
            try:
                committed = await lag.committed(group) - base
            except Exception:  # the group does not exist yet
                continue
            now = time.monotonic() - started
            if committed and (not result.timeline or committed != result.timeline[-1][1]):
                result.timeline.append((now, committed))
                if result.first_commit_s != result.first_commit_s:
                    result.first_commit_s = now
                result.last_commit_s = now
            result.committed = committed
            if committed >= n:
                break
        result.wall_s = time.monotonic() - started
        result.startup_s = await ready
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    result.stored = await client[deployment.database(service)][collection].count_documents({})
    await client.close()
    result.complete = result.committed >= n and result.stored >= n
    return result


def _java(*args: str, timeout: float = 300) -> str:
    log4j = ROOT / "devstack" / "kafka" / "log4j2.yaml"
    out = subprocess.run(
        [
            "java",
            "-Xmx512m",
            f"-Dlog4j2.configurationFile={log4j}",
            "-cp",
            str(ROOT / "var" / "bench" / "kafka-libs" / "*"),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return out.stdout + out.stderr


def kafka_producer_perf(n: int, topic: str) -> dict[str, float]:
    """Kafka's ProducerPerformance: n records of 1 KB, acks=all, as fast as it goes."""
    out = _java(
        "org.apache.kafka.tools.ProducerPerformance",
        "--topic",
        topic,
        "--num-records",
        str(n),
        "--record-size",
        "1024",
        "--throughput",
        "-1",
        "--producer-props",
        f"bootstrap.servers={KAFKA}",
        "acks=all",
    )
    m = re.search(
        r"(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency,"
        r" ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th",
        out,
    )
    if not m:
        raise RuntimeError(f"ProducerPerformance said:\n{out[-2000:]}")
    return {
        "records": float(m.group(1)),
        "rate": float(m.group(2)),
        "mb_s": float(m.group(3)),
        "p50_ms": float(m.group(6)),
        "p99_ms": float(m.group(8)),
    }


def kafka_consumer_perf(n: int, topic: str) -> dict[str, float]:
    """Kafka's ConsumerPerformance over the same `member.registered` records."""
    out = _java(
        "org.apache.kafka.tools.ConsumerPerformance",
        "--bootstrap-server",
        KAFKA,
        "--topic",
        topic,
        "--messages",
        str(n),
        "--group",
        f"bench.perf.{uuid.uuid4().hex[:6]}",
        "--timeout",
        "60000",
    )
    lines = [ln for ln in out.splitlines() if re.match(r"^\d{4}-\d\d-\d\d", ln)]
    if not lines:
        raise RuntimeError(f"ConsumerPerformance said:\n{out[-2000:]}")
    cols = [c.strip() for c in lines[-1].split(",")]
    # start, end, MB, MB/s, nMsg, nMsg/s, rebalance ms, fetch ms, fetch MB/s, fetch nMsg/s
    return {
        "records": float(cols[4]),
        "mb_s": float(cols[3]),
        "rate": float(cols[5]),
        "fetch_rate": float(cols[9]),
    }


async def metric(url: str, name: str, **labels: str) -> float:
    """The sum of a Prometheus counter's samples matching the labels."""
    async with httpx.AsyncClient(timeout=10) as http:
        text = (await http.get(f"{url}/metrics")).text
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        if all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total
