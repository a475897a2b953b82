"""Small tools for tests against the real stack: waiting, and reading topics plainly."""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]], *, timeout: float = 30.0, interval: float = 0.1
) -> T:
    """Poll until the probe returns something truthy; fail with its last answer."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if last:
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last answer: {last!r}")


async def committed_past(bootstrap: str, group: str, record: Any, *, timeout: float = 30.0) -> None:
    """Wait until a consumer group committed past a produced record (its effect is stored).

    `record` is what `send_and_wait` returned. An operator sees the same in `dekranasda status`.
    """
    from aiokafka import TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        tp = TopicPartition(record.topic, record.partition)

        async def past() -> bool:
            committed = (await admin.list_consumer_group_offsets(group)).get(tp)
            return committed is not None and committed.offset > record.offset

        await eventually(past, timeout=timeout)
    finally:
        await admin.close()


class FeedBase:
    """Plays another service on Kafka: produces its events with proper CloudEvents envelopes,
    and waits until a subscription of the service under test committed past them."""

    def __init__(self, kafka: str, db: Any, *, groups: str) -> None:
        from aiokafka import AIOKafkaProducer

        self.producer = AIOKafkaProducer(bootstrap_servers=kafka, acks="all")
        self.kafka, self.db, self.groups = kafka, db, groups
        self.sent: dict[str, Any] = {}  # ce_id -> where the record landed

    async def send(self, event: Any, *, service: str, ce_id: str | None = None) -> str:
        """Produce one event as the named service of its council would; returns its `ce_id`."""
        import uuid

        from shared.contracts import Envelope

        envelope = Envelope(
            type=event.topic,
            source=f"/dekranasda/{event.council}/{service}",
            subject=event.subject,
            dataschema=event.dataschema(),
            region=event.council,
            id=ce_id or str(uuid.uuid4()),
        )
        self.sent[envelope.id] = await self.producer.send_and_wait(
            event.topic,
            event.model_dump_json().encode(),
            key=event.subject.encode(),
            headers=[(k, v.encode()) for k, v in envelope.headers().items()],
        )
        return envelope.id

    async def applied(self, subscription: str, ce_id: str, *, timeout: float = 30) -> None:
        """Wait until a subscription committed past the message with this `ce_id`."""
        group = f"{self.groups}.{subscription}"
        await committed_past(self.kafka, group, self.sent[ce_id], timeout=timeout)


async def read_topic(
    bootstrap: str, topic: str, *, until: Callable[[Any], bool], timeout: float = 30.0
) -> Any:
    """Read a topic from the start with a plain aiokafka consumer until a record matches."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=500)
            for records in batches.values():
                for record in records:
                    if until(record):
                        return record
        raise AssertionError(f"no matching record on {topic} within {timeout}s")
    finally:
        await consumer.stop()


def headers_of(record: Any) -> dict[str, str]:
    """A record's headers as text."""
    return {k: v.decode() for k, v in record.headers}


async def produce(
    bootstrap: str,
    topic: str,
    value: bytes,
    *,
    key: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    """Produce one record with a plain aiokafka producer, as an integrator would."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(
            topic, value, key=key, headers=[(k, v.encode()) for k, v in (headers or {}).items()]
        )
    finally:
        await producer.stop()


async def read_many(
    bootstrap: str,
    topic: str,
    *,
    match: Callable[[Any], bool],
    count: int | None,
    timeout: float = 60.0,
) -> list[Any]:
    """All matching records of a topic from the start: wait for `count` of them, or (None)
    take what is there now."""
    from shared.messaging.broker import partitions_of

    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
    )
    await consumer.start()
    try:
        parts = await partitions_of(consumer, [topic])
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        found: list[Any] = []
        deadline = time.monotonic() + timeout
        ends = await consumer.end_offsets(parts)
        while time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += [r for r in records if match(r)]
            if count is not None and len(found) >= count:
                return found
            if count is None and all([await consumer.position(tp) >= ends[tp] for tp in parts]):
                return found
        raise AssertionError(f"{len(found)} matching records on {topic}, wanted {count}")
    finally:
        await consumer.stop()


async def publish_trade(
    bootstrap: str, *, nib: str, name: str, region: str, category: str = "other"
) -> str:
    """A trade registry announces a business (as an integrator's system would)."""
    from shared.contracts import Envelope, TradeUkmRegistered

    event = TradeUkmRegistered(council=region, nib=nib, name=name, category=category)  # type: ignore[arg-type]
    envelope = Envelope(
        type=event.topic,
        source="/kemendag/oss",
        subject=nib,
        dataschema=event.dataschema(),
        region=region,
    )
    await produce(
        bootstrap,
        event.topic,
        event.model_dump_json().encode(),
        key=nib.encode(),
        headers=envelope.headers(),
    )
    return envelope.id


def metric(text: str, name: str, **labels: str) -> float:
    """The sum of a Prometheus metric's samples whose labels match."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        sample_labels, value = line[len(name) + 1 :].rsplit("} ", 1)
        if all(f'{k}="{v}"' in sample_labels for k, v in labels.items()):
            total += float(value)
    return total


async def skip_history(kafka: str, *, group: str, topics: tuple[str, ...]) -> None:
    """Commit a new consumer group's offsets at the topics' ends, before its service starts.

    The shared test broker keeps every earlier run's records; a new deployment would replay
    them all into its read models (minutes on FerretDB). Tests only need what they feed.
    """
    from aiokafka import TopicPartition
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic["topic"], p["partition"])
        for topic in described
        for p in topic["partitions"]
    ]
    if not partitions:
        return
    consumer = AIOKafkaConsumer(bootstrap_servers=kafka, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.commit(dict(ends))
    finally:
        await consumer.stop()


async def skip_history_of(app: Any, kafka: str) -> None:
    """Start every consumer group of a service app at the topics' ends (see `skip_history`)."""
    runtime = app.state.runtime
    for sub in runtime.subscriptions:
        group = f"{runtime.settings.group_prefix}.{sub.name}"
        await skip_history(kafka, group=group, topics=sub.topics)
