"""The outbox relay's own idempotent producer, which it replaces when it can no longer deliver.

aiokafka's idempotent producer never expires a batch, and after a broker restart it can stay
in `OutOfOrderSequenceNumber` for good (aiokafka #1017): a batch that failed had already taken
its sequence numbers, so every later batch is out of order for the broker. Only a new producer
(a new producer id) gets out of that. FastStream's broker offers no way to replace the producer
it holds, so the relay publishes through a plain `AIOKafkaProducer` of its own, with the same
records FastStream would write (binary-mode CloudEvents headers plus `correlation_id`).
"""

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import (
    InvalidProducerEpoch,
    KafkaConnectionError,
    KafkaTimeoutError,
    OutOfOrderSequenceNumber,
    ProducerClosed,
    ProducerFenced,
    UnknownProducerId,
)

from shared.contracts.envelope import Envelope
from shared.messaging.security import KafkaSecurity

log = logging.getLogger(__name__)
# Errors after which this producer will not deliver again; a new one will.
FATAL: tuple[type[BaseException], ...] = (
    OutOfOrderSequenceNumber,
    UnknownProducerId,
    InvalidProducerEpoch,
    ProducerFenced,
    ProducerClosed,
    KafkaTimeoutError,
    TimeoutError,  # no acknowledgement within the deadline: its batches would retry forever
)


def record_of(entry: dict[str, Any]) -> dict[str, Any]:
    """One outbox entry as a Kafka record: key = aggregate id, value = JSON, `ce_*` headers."""
    envelope = Envelope.model_validate(entry["envelope"])
    headers = {"correlation_id": envelope.correlationid, **envelope.headers()}
    return {
        "topic": envelope.type,
        "value": entry["data"].encode(),
        "key": envelope.subject.encode(),
        "headers": [(k, v.encode()) for k, v in headers.items()],
    }


class Publisher:
    """Sends outbox entries with `acks=all` and idempotence; `renew` replaces the producer."""

    def __init__(
        self,
        bootstrap_servers: str,
        *,
        client_id: str,
        timeout_s: float = 15.0,
        factory: Callable[[], AIOKafkaProducer] | None = None,
        security: KafkaSecurity | None = None,
    ) -> None:
        options = (security or KafkaSecurity()).client_options()
        self._factory = factory or (
            lambda: AIOKafkaProducer(
                bootstrap_servers=bootstrap_servers,
                client_id=client_id,
                acks="all",
                enable_idempotence=True,
                **options,
            )
        )
        self.timeout_s = timeout_s
        self._producer: AIOKafkaProducer | None = None
        self.renewals = 0

    async def publish(self, entries: Sequence[dict[str, Any]]) -> None:
        """Send the entries in order and wait until Kafka acknowledged all (or the deadline)."""
        async with asyncio.timeout(self.timeout_s):
            producer = await self._started()
            futures = [await producer.send(**record_of(entry)) for entry in entries]
            try:
                await asyncio.gather(*futures)
            finally:
                for future in futures:  # the first failure raised; the others are moot
                    if future.done() and not future.cancelled():
                        future.exception()

    @staticmethod
    def is_fatal(exc: BaseException) -> bool:
        """Whether this producer cannot deliver again after `exc`."""
        return isinstance(exc, FATAL)

    async def renew(self) -> None:
        """Drop the producer (its undelivered batches fail); the next publish starts a new one."""
        producer, self._producer = self._producer, None
        if producer is not None:
            self.renewals += 1
            log.warning("outbox relay: replacing its Kafka producer")
            await _close(producer, self.timeout_s)

    async def close(self) -> None:
        """Close the producer, waiting a bounded time for what it still holds."""
        producer, self._producer = self._producer, None
        if producer is not None:
            await _close(producer, self.timeout_s)

    async def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._factory()
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer


async def _close(producer: AIOKafkaProducer, timeout_s: float) -> None:
    """Stop a producer within bounds, abandoning what an absent broker never acknowledged.

    `stop` waits for a flush or for the sender to end, and batches for a broker that is away
    never expire with idempotence. aiokafka has no public way out: end the sender, then fail
    the batches nobody waits for any more (the relay republishes them; `ce_id` is kept).
    """
    stopping = asyncio.ensure_future(producer.stop())
    done, _ = await asyncio.wait({stopping}, timeout=min(timeout_s, 5.0))
    if not done:
        sender = producer._sender
        sender.sender_task.cancel()
        done, _ = await asyncio.wait({stopping}, timeout=5.0)
        if sender.sender_task.done():
            _abandon(producer._message_accumulator)
    if not done:
        log.warning("outbox relay: a Kafka producer did not close within its deadline")
        stopping.cancel()
    elif (exc := stopping.exception()) is not None:
        log.warning("outbox relay: closing a Kafka producer failed: %r", exc)


def _abandon(accumulator: Any) -> None:
    """Fail every batch of a stopped sender, so the flush that `stop` started can end."""
    # a batch the sender re-queued left `_pending_batches`, yet its done-callback removes it
    # from there: put it back, or failing it raises KeyError in that callback
    for batches in accumulator._batches.values():
        accumulator._pending_batches.update(batches)
    accumulator.fail_all(KafkaConnectionError("producer closed before Kafka acknowledged"))
