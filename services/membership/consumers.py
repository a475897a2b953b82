"""Kafka subscribers of the membership service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer` (manual commit after the effect,
inbox by `ce_id`, dead letters to `dlq.membership`). What makes each effect idempotent:
- `trade.ukm.registered`: the business is found by its NIB, so a redelivery updates it to the
  same state and publishes nothing.
"""

from collections.abc import Sequence

from shared.contracts import TradeUkmRegistered
from shared.messaging import Delivery, Subscription

from . import handlers
from .handlers import Membership


def subscriptions(uow: Membership) -> list[Subscription]:
    """Every topic this service listens to, in one place."""

    async def trade_registry(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            assert isinstance(delivery.event, TradeUkmRegistered)
            await handlers.ingest_trade_registration(uow, record=delivery.event)

    return [
        Subscription(
            name="trade-registry", topics=(TradeUkmRegistered.topic,), handler=trade_registry
        ),
    ]
