"""Dead letters: read them, re-drive them to their original topic, or discard them.

What was done with a dead letter is recorded on the compacted topic `dlq.actions` (key: the dead
letter's `<topic>:<partition>:<offset>`, value: a JSON object with the action, when, by whom, and
where the re-driven record landed); `list` hides records that have an action unless asked.
"""

import getpass
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from shared.messaging.broker import DLQ_ACTIONS, TopicPolicy, ensure_topics, partitions_of
from shared.messaging.security import KafkaSecurity

from .dlq_records import DeadLetter, Filter

Security = KafkaSecurity | None


async def _read(bootstrap: str, topics: Sequence[str], security: Security = None) -> list[Any]:
    """Every record now on the topics, from their beginning to their current end."""
    options = (security or KafkaSecurity()).client_options()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, **options)
    await consumer.start()
    try:
        parts = await partitions_of(consumer, topics)
        if not parts:
            return []
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        records: list[Any] = []
        while [tp for tp in parts if await consumer.position(tp) < ends[tp]]:
            for tp, batch in (await consumer.getmany(*parts, timeout_ms=500)).items():
                records += [r for r in batch if r.offset < ends[tp]]
        return records
    finally:
        await consumer.stop()


async def dead_letters(
    bootstrap: str, topics: Sequence[str], security: Security = None
) -> list[DeadLetter]:
    """The dead letters on the topics, oldest first per partition."""
    return [
        DeadLetter(
            topic=r.topic,
            partition=r.partition,
            offset=r.offset,
            timestamp_ms=r.timestamp,
            key=r.key,
            value=r.value or b"",
            headers={k: v.decode(errors="replace") for k, v in (r.headers or ())},
        )
        for r in await _read(bootstrap, topics, security)
    ]


async def actions(bootstrap: str, security: Security = None) -> dict[str, dict[str, Any]]:
    """The latest action taken on each dead letter (id -> action record)."""
    done: dict[str, dict[str, Any]] = {}
    for record in await _read(bootstrap, [DLQ_ACTIONS], security):
        if record.key is not None and record.value:
            done[record.key.decode()] = json.loads(record.value)
    return done


async def listing(
    bootstrap: str, where: Filter, *, handled: bool = False, security: Security = None
) -> list[tuple[DeadLetter, dict[str, Any] | None]]:
    """Dead letters matching the filter with their action; unhandled ones only unless asked."""
    done = await actions(bootstrap, security)
    found = [(r, done.get(r.id)) for r in await dead_letters(bootstrap, where.topics, security)]
    return [(r, a) for r, a in found if where.matches(r) and (handled or a is None)]


async def act(
    bootstrap: str,
    records: Sequence[DeadLetter],
    action: str,
    *,
    reason: str = "",
    policy: TopicPolicy | None = None,
    security: Security = None,
) -> list[dict[str, Any]]:
    """Re-drive (republish to the original topic, same key, value and headers) or discard."""
    await ensure_topics(bootstrap, [DLQ_ACTIONS], partitions=1, policy=policy, security=security)
    options = (security or KafkaSecurity()).client_options()
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, **options
    )
    await producer.start()
    done: list[dict[str, Any]] = []
    try:
        for record in records:
            entry = _entry(record, action, reason)
            if action == "redriven":
                sent = await producer.send_and_wait(
                    record.original_topic,
                    record.value,
                    key=record.key,
                    headers=record.original_headers(),
                )
                entry["republished"] = f"{sent.topic}:{sent.partition}:{sent.offset}"
            await producer.send_and_wait(
                DLQ_ACTIONS, json.dumps(entry).encode(), key=record.id.encode()
            )
            done.append(entry)
    finally:
        await producer.stop()
    return done


def _entry(record: DeadLetter, action: str, reason: str) -> dict[str, Any]:
    """The `dlq.actions` record of an action on a dead letter."""
    return {
        "action": action,
        "at": datetime.now(UTC).isoformat(),
        "by": getpass.getuser(),
        "dead_letter": record.id,
        "original_topic": record.original_topic,
        "ce_id": record.headers.get("ce_id"),
        "error": record.error,
        "reason": reason,
    }
