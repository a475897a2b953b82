"""Kafka subscribers of the programs service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: group
`dekranasda.<deployment>.programs.<name>`, manual commit after the effect is stored, an inbox by
`ce_id` per subscription, dead letters to `dlq.programs`. Beyond the inbox, each effect is
idempotent by itself, so a re-sent copy with a new `ce_id`, or a replay, changes nothing.
"""

from collections.abc import Sequence

from shared.contracts import (
    EventConcluded,
    MemberRegistered,
    MemberUpdated,
    TermEnded,
    TermInaugurated,
)
from shared.messaging import Delivery, Subscription

from . import handlers
from .handlers import Planning


def subscriptions(uow: Planning) -> list[Subscription]:
    """Every topic this service listens to, in one place."""

    async def members(batch: Sequence[Delivery]) -> None:
        """Idempotent: the member's own revision orders its events; newer wins, equal skips."""
        await uow.members.apply(batch)

    async def terms(batch: Sequence[Delivery]) -> None:
        """Idempotent: terms only move forward; a work plan's id is its term id (opened once)."""
        await uow.terms.apply(batch)
        for delivery in batch:
            if isinstance(delivery.event, TermInaugurated):
                await handlers.open_work_plan(uow, inaugurated=delivery.event)

    async def attendance(batch: Sequence[Delivery]) -> None:
        """Idempotent: the program remembers counted event ids, in the same update as the KPI."""
        for delivery in batch:
            assert isinstance(delivery.event, EventConcluded)
            await handlers.count_attendance(uow, concluded=delivery.event)

    return [
        Subscription(
            name="members",
            topics=(MemberRegistered.topic, MemberUpdated.topic),
            handler=members,
            reset=uow.members.clear,
        ),
        Subscription(
            name="terms",
            topics=(TermInaugurated.topic, TermEnded.topic),
            handler=terms,
            reset=uow.terms.clear,
        ),
        Subscription(name="attendance", topics=(EventConcluded.topic,), handler=attendance),
    ]
