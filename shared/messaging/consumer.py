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

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from shared.contracts import CONTRACTS, Envelope, Event
from shared.observability import set_correlation_id

log = logging.getLogger(__name__)


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
