"""Rebuild a service's read models by replaying their topics from offset 0."""

import importlib
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from shared.messaging import Delivery, PermanentError, Subscription
from shared.messaging.broker import partitions_of
from shared.messaging.consumer import decode


async def rebuild(service: str, *, settings: Any | None = None) -> dict[str, int]:
    """Forget each read model of the service, then apply its topics from the start up to now."""
    module = importlib.import_module(f"services.{service}.app")
    app = module.create_app(settings) if settings is not None else module.create_app()
    runtime = app.state.runtime
    subs = [s for s in runtime.subscriptions if s.reset is not None]
    counts = {}
    try:
        for sub in subs:
            assert sub.reset is not None
            await sub.reset()
            counts[sub.name] = await _apply_all(runtime.settings, sub)
    finally:
        await runtime.client.close()
    return counts


async def _apply_all(settings: Any, sub: Subscription) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        group_id=None,
        **settings.kafka_security.client_options(),
    )
    await consumer.start()
    try:
        parts = await partitions_of(consumer, sub.topics)
        if not parts:
            return 0
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        applied = 0
        while await _behind(consumer, ends):
            batches = await consumer.getmany(timeout_ms=1000, max_records=1000)
            deliveries: list[Delivery] = []
            for records in batches.values():
                for record in records:
                    if record.offset >= ends[TopicPartition(record.topic, record.partition)]:
                        continue
                    try:
                        deliveries.append(decode(record))
                    except PermanentError:
                        continue  # it went to the dead-letter topic the first time
            if deliveries:
                await sub.handler(deliveries)
                applied += len(deliveries)
        return applied
    finally:
        await consumer.stop()


async def _behind(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return True
    return False
