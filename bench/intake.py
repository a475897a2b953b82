"""W6: registry-scale intake. A province loads its share of the trade registry into membership.

N `trade.ukm.registered` records (95% new NIBs, 4% updates of earlier ones, 1% malformed) are
put on the topic while membership is down; membership then drains them. Afterwards: every
valid NIB is exactly one member, exactly the malformed records are in `dlq.membership`, and
`member.registered` was published once per NIB created.
"""

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from pymongo import AsyncMongoClient

from bench import dbtime
from bench.pipeline import PARTITIONS, Drain, create_topics, service_drain
from bench.stack import KAFKA, MONGODB, Deployment, token
from shared.contracts import MemberRegistered, TradeUkmRegistered

TOPIC, DLQ, REGISTERED = TradeUkmRegistered.topic, "dlq.membership", MemberRegistered.topic


@dataclass
class Plan:
    """What was put on the topic, to check the result against."""

    records: int = 0
    new: set[str] = field(default_factory=set)
    updates: int = 0
    malformed: set[str] = field(default_factory=set)  # ce_id


@dataclass
class Intake:
    """W6's figures and checks."""

    plan: Plan
    drain: Drain
    produce_s: float = 0.0
    members: int = 0
    nibs_not_one_member: int = 0
    dead_letters: int = 0
    dlq_exact: bool = False
    registered_events: int = 0
    registered_twice: int = 0
    registered_missing: int = 0
    checks_s: float = 0.0
    rss_peak_mb: float = 0.0  # membership's, sampled every second while it drained
    db_time: dict[dbtime.Key, dbtime.Spent] = field(default_factory=dict)


def _record(i: int, nib: str, version: int) -> dict[str, Any]:
    return {
        "council": "17",
        "nib": nib,
        "name": f"UMKM Tenun Songket Palembang nomor {i} versi {version}",
        "owner_name": f"Ibu Pemilik {i}",
        "category": "tenun",
        "scale": "mikro",
    }


def _headers(ce_id: str, nib: str) -> list[tuple[str, bytes]]:
    values = {
        "ce_specversion": "1.0",
        "ce_id": ce_id,
        "ce_type": TOPIC,
        "ce_source": "/oss/registry",
        "ce_time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "ce_subject": nib,
        "ce_dataschema": TradeUkmRegistered.dataschema(),
        "ce_region": "17",
        "content-type": "application/json",
    }
    return [(k, v.encode()) for k, v in values.items()]


def records(n: int, seed: int) -> tuple[Plan, list[tuple[str, bytes, str]]]:
    """(plan, [(key, value, ce_id)]): 95% new NIBs, 4% updates of earlier ones, 1% malformed."""
    rnd, plan, out = random.Random(seed), Plan(records=n), []
    base = rnd.randrange(10**12, 9 * 10**12)
    made: list[str] = []
    for i in range(n):
        ce_id, roll = str(uuid.uuid4()), rnd.random()
        if roll < 0.01:
            nib, body = f"NIB-{i}", _record(i, f"NIB-{i}", 1)  # not 13 digits: refused
            plan.malformed.add(ce_id)
        elif roll < 0.05 and made:
            nib = rnd.choice(made)
            body = _record(i, nib, 2)
            plan.updates += 1
        else:
            nib = f"{base + i:013d}"
            body = _record(i, nib, 1)
            made.append(nib)
            plan.new.add(nib)
        out.append((nib, json.dumps(body).encode(), ce_id))
    TradeUkmRegistered.model_validate(_record(0, f"{base:013d}", 1))  # the contract holds
    return plan, out


async def produce(batch: list[tuple[str, bytes, str]]) -> float:
    """Put the records on the topic, keyed by NIB (acks=all); returns the seconds it took."""
    await create_topics(TOPIC, DLQ, REGISTERED)
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", linger_ms=20)
    await producer.start()
    started = time.monotonic()
    try:
        futures = []
        for key, value, ce_id in batch:
            headers = _headers(ce_id, key)
            futures.append(await producer.send(TOPIC, value, key=key.encode(), headers=headers))
            if len(futures) >= 5000:
                await asyncio.gather(*futures)
                futures.clear()
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return time.monotonic() - started


async def _ends(topic: str) -> dict[TopicPartition, int]:
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA)
    await consumer.start()
    try:
        parts = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        return dict(await consumer.end_offsets(parts))
    finally:
        await consumer.stop()


async def _read(topic: str, since: dict[TopicPartition, int]) -> list[Any]:
    """Every record of the topic from `since` up to its end offsets now."""
    ends = await _ends(topic)
    parts = [tp for tp in ends if ends[tp] > since.get(tp, 0)]
    out: list[Any] = []
    if not parts:
        return out
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(parts)
        for tp in parts:
            consumer.seek(tp, since.get(tp, 0))
        while await _behind(consumer, parts, ends):
            for got in (await consumer.getmany(timeout_ms=1000, max_records=5000)).values():
                out.extend(got)
    finally:
        await consumer.stop()
    return out


async def _behind(
    consumer: AIOKafkaConsumer, parts: list[TopicPartition], ends: dict[TopicPartition, int]
) -> bool:
    for tp in parts:
        if await consumer.position(tp) < ends[tp]:
            return True
    return False


def _header(record: Any, name: str) -> str:
    return next((v.decode() for k, v in record.headers if k == name), "")


async def _register_council(deployment: Deployment) -> None:
    """Council 17 exists before the records arrive (a record of an unknown council is refused)."""
    deployment.start("membership")
    await asyncio.to_thread(deployment.wait_ready, "membership")
    headers = {"Authorization": f"Bearer {token()}"}
    async with httpx.AsyncClient(headers=headers, timeout=30) as http:
        r = await http.post(f"{deployment.url('membership')}/councils", json={"code": "17"})
        if r.status_code not in (201, 409):
            raise RuntimeError(f"POST /councils: {r.status_code} {r.text}")
    await asyncio.to_thread(deployment.stop)


async def run(deployment: Deployment, n: int, *, seed: int = 17, limit_s: float = 900) -> Intake:
    """W6 on a deployment of its own: produce while membership is down, drain, check."""
    plan, batch = records(n, seed)
    await create_topics(TOPIC, DLQ, REGISTERED)
    await _register_council(deployment)
    since_dlq, since_registered = await _ends(DLQ), await _ends(REGISTERED)
    produce_s = await produce(batch)
    peak = [0.0]
    sampler = asyncio.create_task(_sample_rss(deployment, peak))
    try:
        drain = await service_drain(
            deployment,
            "membership",
            "members",
            n,
            limit_s,
            subscription="trade-registry",
            topic=TOPIC,
        )
    finally:
        sampler.cancel()
    result = Intake(plan=plan, drain=drain, produce_s=produce_s, rss_peak_mb=peak[0])
    started = time.monotonic()
    await _check_members(result, deployment)
    await _check_dead_letters(result, deployment, since_dlq)
    await _check_registered(result, since_registered)
    result.checks_s = time.monotonic() - started
    result.db_time = await asyncio.to_thread(dbtime.scrape, deployment.url("membership"))
    return result


async def _sample_rss(deployment: Deployment, peak: list[float]) -> None:
    """Keep membership's highest RSS in `peak[0]` until cancelled."""
    while True:
        if "membership" in deployment.procs:
            with contextlib.suppress(OSError):
                peak[0] = max(peak[0], deployment.rss("membership"))
        await asyncio.sleep(1)


async def _check_members(result: Intake, deployment: Deployment) -> None:
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(MONGODB)
    try:
        members = client[deployment.database("membership")]["members"]
        nibs = Counter([str(d.get("nib")) async for d in members.find({}, {"nib": 1})])
    finally:
        await client.close()
    result.members = sum(nibs.values())
    wrong = {nib for nib in result.plan.new if nibs[nib] != 1}
    wrong |= {nib for nib in nibs if nib not in result.plan.new}
    result.nibs_not_one_member = len(wrong)


async def _check_dead_letters(
    result: Intake, deployment: Deployment, since: dict[TopicPartition, int]
) -> None:
    ours = [
        r for r in await _read(DLQ, since) if f".{deployment.name}." in _header(r, "dlq_consumer")
    ]
    ids = Counter(_header(r, "ce_id") for r in ours)
    result.dead_letters = len(ours)
    result.dlq_exact = set(ids) == result.plan.malformed and all(c == 1 for c in ids.values())


async def _check_registered(
    result: Intake, since: dict[TopicPartition, int], limit_s: float = 180
) -> None:
    """Wait for the relay to publish one `member.registered` per new NIB, then count them."""
    deadline = time.monotonic() + limit_s
    per_nib: Counter[str] = Counter()
    while True:
        per_nib = Counter(
            nib
            for r in await _read(REGISTERED, since)
            if (nib := json.loads(r.value).get("nib")) in result.plan.new
        )
        if len(per_nib) >= len(result.plan.new) or time.monotonic() > deadline:
            break
        await asyncio.sleep(2)
    result.registered_events = sum(per_nib.values())
    result.registered_twice = sum(1 for c in per_nib.values() if c > 1)
    result.registered_missing = len(result.plan.new) - len(per_nib)
