"""The idempotent consumer: decode, deduplicate, apply with retries, dead-letter, then commit.

Delivery semantics, chosen here for every subscriber (records are fetched in batches):
- group `<deployment>.<service>.<name>`, reading from the earliest offset when new;
- ack policy MANUAL: the offset is committed only after the batch's effects are stored, so a
  crash or SIGTERM mid-batch commits nothing of it and the batch is delivered again;
- idempotent twice over: an inbox (`_id` = consumer + `ce_id`, unique) skips events already
  applied, and every effect is itself written so that applying it again changes nothing.
  Batch subscriptions (newest-wins read models) skip the inbox: their effect is a function of
  the revisions alone, and the inbox look-up was the largest cost of a drain on FerretDB;
- a message that cannot be decoded or validated, or whose effect fails permanently or after
  the bounded retries, goes to `dlq.<service>` with its original key, value and headers plus the
  error; the partition goes on.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.middlewares import AckPolicy
from pydantic import ValidationError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from shared.aggregate import DomainError, StaleRevision
from shared.contracts import CONTRACTS, Envelope, Event
from shared.observability import CONSUMED, DEAD_LETTERED, set_correlation_id
from shared.persistence import Document, find_by_ids

log = logging.getLogger(__name__)
DUPLICATE_KEY = 11000


class PermanentError(Exception):
    """The message can never be applied; retrying is pointless."""


@dataclass(frozen=True)
class Delivery:
    """One decoded message: its envelope and its validated payload."""

    envelope: Envelope
    event: Event


Handler = Callable[[Sequence[Delivery]], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """What a service listens to: a name (group and inbox), topics, and a batch handler."""

    name: str
    topics: tuple[str, ...]
    handler: Handler
    max_records: int = 500
    batch: bool = False
    """True when the handler's effect on a whole batch is idempotent (newest-wins read models):
    the batch is applied at once, retried as a whole, and needs no inbox. Otherwise messages
    are applied one by one and each is remembered in the inbox as soon as its effect is stored."""
    inbox: bool = False
    """With `batch`: still skip the messages applied before and remember those applied, by bare
    `_id` look-ups (a handler that is not idempotent message by message, e.g. an intake)."""
    reset: Callable[[], Awaitable[None]] | None = None
    """Set for a read model: forgets its state, so `replay` can rebuild it from offset 0."""


@dataclass(frozen=True)
class Policy:
    """How a subscriber retries, and where it sends what it cannot apply."""

    service: str
    group_prefix: str
    max_retries: int = 5
    retry_base_s: float = 0.2

    @property
    def dead_letter_topic(self) -> str:
        """The service's dead-letter topic."""
        return f"dlq.{self.service}"


def each(apply: Callable[[Delivery], Awaitable[None]]) -> Handler:
    """A batch handler that applies deliveries one by one, each under its correlation id."""

    async def handler(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            set_correlation_id(delivery.envelope.correlationid)
            await apply(delivery)

    return handler


def decode(record: Any) -> Delivery:
    """Turn a Kafka record into a delivery; raises `PermanentError` naming what is wrong."""
    headers = {k: v.decode(errors="replace") for k, v in (record.headers or ())}
    try:
        envelope = Envelope.from_headers(headers)
    except ValueError as exc:
        raise PermanentError(f"bad envelope: {exc}") from exc
    if envelope.type != record.topic:
        raise PermanentError(f"ce_type {envelope.type!r} does not match topic {record.topic!r}")
    try:
        event = CONTRACTS[record.topic].model_validate_json(record.value or b"")
    except ValidationError as exc:
        raise PermanentError(f"invalid {record.topic} payload: {_first_errors(exc)}") from exc
    return Delivery(envelope=envelope, event=event)


def _first_errors(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}" for e in exc.errors()[:5]
    )


class _Worker:
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
            fresh = await self._unseen(deliveries, by_id=True)
            await self._remember([d for _, d in await self._apply(fresh)])
            return True
        fresh = await self._unseen(deliveries)
        for item in fresh:  # one by one: a retry never repeats another message's effect
            if not running():
                return False  # SIGTERM: what is done is in the inbox; the rest comes again
            if await self._apply([item]):
                await self._remember([item[1]])
        return True

    async def _unseen(
        self, items: list[tuple[Any, Delivery]], *, by_id: bool = False
    ) -> list[tuple[Any, Delivery]]:
        ids = [self._inbox_id(d) for _, d in items]
        if by_id:  # one bare `_id` look-up each: FerretDB v1 scans the inbox for an `$in`
            found = await asyncio.gather(
                *(self.inbox.find_one({"_id": i}, {"_id": 1}) for i in ids)
            )
            seen = {doc["_id"] for doc in found if doc}
        else:
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
        try:  # plain inserts: FerretDB v1 scans the collection for every upsert
            await self.inbox.insert_many(docs, ordered=False)
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if any(e.get("code") != DUPLICATE_KEY for e in errors):
                raise  # anything but "remembered already" (by a replica) is a real failure

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
    worker = _Worker(broker, sub, policy, inbox)

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
