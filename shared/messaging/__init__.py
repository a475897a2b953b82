"""Kafka plumbing: the broker and topics, the outbox relay, the idempotent consumer."""

from shared.messaging.broker import create_broker, ensure_topics
from shared.messaging.consumer import (
    Delivery,
    PermanentError,
    Policy,
    Subscription,
    each,
)
from shared.messaging.publisher import Publisher
from shared.messaging.relay import OutboxRelay
from shared.messaging.worker import subscribe

__all__ = [
    "Delivery",
    "OutboxRelay",
    "PermanentError",
    "Policy",
    "Publisher",
    "Subscription",
    "create_broker",
    "each",
    "ensure_topics",
    "subscribe",
]
