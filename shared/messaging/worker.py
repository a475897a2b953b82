"""The consumer at work: each fetched batch decoded, deduplicated, applied, committed.

The semantics are described in `shared.messaging.consumer`, which holds the types.
"""

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.middlewares import AckPolicy
from pydantic import ValidationError
from pymongo.asynchronous.collection import AsyncCollection

from shared.aggregate import DomainError, StaleRevision
from shared.messaging.consumer import (
    Delivery,
    PermanentError,
    Policy,
    Subscription,
    decode,
)
from shared.observability import CONSUMED, DEAD_LETTERED, set_correlation_id
from shared.persistence import Document, find_by_ids, insert_new

log = logging.getLogger("shared.messaging.consumer")  # operators' log filters stay as they were


class Worker:
    """Applies batches for one subscription, with its inbox and its dead-letter topic."""

    def __init__(
        self,
        broker: KafkaBroker,
        sub: Subscription,
        policy: Policy,
        inbox: AsyncCollection[Document],
    ) -> None:
        self.broker, self.sub, self.policy, self.inbox = broker, sub, policy, inbox

    async def handle(self, records: Sequence[Any], running: Callable[[], bool]) -> bool:
        """Apply a batch; False when shutdown began midway (the batch must not be committed)."""
        deliveries: list[tuple[Any, Delivery]] = []
        for record in records:
            try:
                deliveries.append((record, decode(record)))
            except PermanentError as exc:
                await self.dead_letter(record, str(exc))
        if self.sub.batch and not self.sub.inbox:  # newest-wins read models: no inbox needed
            await self._apply(deliveries)
            return True
        if self.sub.batch:  # applied at once; the inbox still skips what was applied before
            fresh = await self._unseen(deliveries)
            await self._remember([d for _, d in await self._apply(fresh)])
            return True
        fresh = await self._unseen(deliveries)
        for item in fresh:  # one by one: a retry never repeats another message's effect
            if not running():
                return False  # SIGTERM: what is done is in the inbox; the rest comes again
            if await self._apply([item]):
                await self._remember([item[1]])
        return True

    async def _unseen(self, items: list[tuple[Any, Delivery]]) -> list[tuple[Any, Delivery]]:
        ids = [self._inbox_id(d) for _, d in items]
        seen = {doc["_id"] for doc in await find_by_ids(self.inbox, ids, {"_id": 1})}
        fresh: list[tuple[Any, Delivery]] = []
        for record, delivery in items:
            key = self._inbox_id(delivery)
            if key in seen:
                CONSUMED.labels(self.policy.service, record.topic, "duplicate").inc()
                continue
            seen.add(key)
            fresh.append((record, delivery))
        return fresh

    async def _apply(self, items: list[tuple[Any, Delivery]]) -> list[tuple[Any, Delivery]]:
        if not items:
            return []
        error = await self._attempt([d for _, d in items])
        if error is None:
            for record, _ in items:
                CONSUMED.labels(self.policy.service, record.topic, "applied").inc()
            return items
        if len(items) == 1:
            await self.dead_letter(items[0][0], error)
            return []
        applied: list[tuple[Any, Delivery]] = []
        for item in items:  # isolate the message at fault; the others still apply
            applied += await self._apply([item])
        return applied

    async def _attempt(self, batch: list[Delivery]) -> str | None:
        """Run the handler, retrying transient errors; the error text when it gave up."""
        for attempt in range(self.policy.max_retries + 1):
            set_correlation_id(batch[0].envelope.correlationid if len(batch) == 1 else None)
            try:
                await self.sub.handler(batch)
            except StaleRevision as exc:  # a concurrent save: load again and retry
                error: Exception = exc
            except (PermanentError, DomainError, ValidationError) as exc:
                return f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # transient until proven otherwise
                error = exc
            else:
                return None
            finally:
                set_correlation_id(None)
            if attempt == self.policy.max_retries:
                return f"gave up after {attempt + 1} attempts: {type(error).__name__}: {error}"
            log.warning("%s: attempt %d failed: %s", self.sub.name, attempt + 1, error)
            await asyncio.sleep(self.policy.retry_base_s * 2**attempt)
        return "unreachable"

    async def _remember(self, deliveries: list[Delivery]) -> None:
        if not deliveries:
            return
        now = datetime.now(UTC)
        docs = [
            {
                "_id": self._inbox_id(d),
                "consumer": self.sub.name,
                "ce_id": d.envelope.id,
                "type": d.envelope.type,
                "at": now,
            }
            for d in deliveries
        ]
        await insert_new(self.inbox, docs)  # known already: remembered by a replica

    async def dead_letter(self, record: Any, error: str) -> None:
        """Send a message to the dead-letter topic with its original headers and the error.

        The original `ce_correlationid` stays, and the `correlation_id` header equals it.
        """
        headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
        headers.update(
            {
                "dlq_error": error[:2000],
                "dlq_topic": record.topic,
                "dlq_partition": str(record.partition),
                "dlq_offset": str(record.offset),
                "dlq_consumer": f"{self.policy.group_prefix}.{self.sub.name}",
                "dlq_at": datetime.now(UTC).isoformat(),
            }
        )
        correlation = headers.get("ce_correlationid") or headers.get("correlation_id")
        if correlation:  # else the broker would stamp a fresh one beside `ce_correlationid`
            headers["correlation_id"] = correlation
        await self.broker.publish(
            record.value or b"",
            self.policy.dead_letter_topic,
            key=record.key,
            headers=headers,
            correlation_id=correlation,
        )
        DEAD_LETTERED.labels(self.policy.service, record.topic).inc()
        CONSUMED.labels(self.policy.service, record.topic, "dead_lettered").inc()
        set_correlation_id(correlation)  # the line carries the event's correlation id
        log.warning(
            "%s: %s[%s]@%s dead-lettered: %s",
            self.sub.name,
            record.topic,
            record.partition,
            record.offset,
            error,
        )
        set_correlation_id(None)

    def _inbox_id(self, delivery: Delivery) -> str:
        return f"{self.sub.name}:{delivery.envelope.id}"


async def _keep_raw(message: Any) -> None:
    return None


def subscribe(
    broker: KafkaBroker, sub: Subscription, policy: Policy, inbox: AsyncCollection[Document]
) -> Any:
    """Register a batch subscriber that applies each event once and commits after its effect."""
    worker = Worker(broker, sub, policy, inbox)

    async def consume(msg: KafkaMessage) -> None:
        raw = msg.raw_message
        if await worker.handle(raw if isinstance(raw, tuple) else (raw,), lambda: sub_.running):
            await msg.ack()  # commit only now: every effect (or its dead letter) is stored

    subscriber = broker.subscriber(  # decoding is ours: a poison value must reach the DLQ
        *sub.topics,
        decoder=_keep_raw,
        group_id=f"{policy.group_prefix}.{sub.name}",
        batch=True,
        max_records=sub.max_records,
        batch_timeout_ms=100,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        title=f"{policy.service}.{sub.name}",
    )
    sub_ = subscriber
    subscriber(consume)
    return subscriber
