"""Kafka subscribers of the programs service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: consumer groups
`dekranasda.<deployment>.programs.<name>`, ack policy MANUAL (the offset is committed after the
effect is stored), an inbox keyed by consumer and `ce_id` that skips events already applied,
and dead letters to `dlq.programs`. Beyond the inbox, each effect is idempotent by itself, so a
re-sent copy under a new `ce_id`, a replay or a reordering changes nothing either.
"""

from collections.abc import Sequence

from shared.contracts import (
    EventConcluded,
    MemberRegistered,
    MemberUpdated,
    TermEnded,
    TermInaugurated,
)
from shared.messaging import Delivery, Subscription, each
from shared.readmodels import keep

from . import handlers
from .ports import Planning
from .projections import MemberViews, TermViews
from .workplan import handlers as workplan


def subscriptions(uow: Planning, *, members: MemberViews, terms: TermViews) -> list[Subscription]:
    """Every topic this service listens to, in one place; `members` and `terms` are the stored
    read models the unit of work reads (their replay from nothing clears them first)."""

    async def term_events(batch: Sequence[Delivery]) -> None:
        """Idempotent: a term only moves forward; a work plan's id is its term's (opened once)."""
        await workplan.keep_terms(uow, batch=batch)

    async def attendance(delivery: Delivery) -> None:
        """Idempotent: the program keeps the counted event ids in the same update as the KPI."""
        assert isinstance(delivery.event, EventConcluded)
        await handlers.count_attendance(uow, concluded=delivery.event)

    return [
        # newest wins by the member's own revision: redeliveries and replays change nothing
        keep("members", (MemberRegistered.topic, MemberUpdated.topic), members),
        Subscription(
            name="terms",
            topics=(TermInaugurated.topic, TermEnded.topic),
            handler=term_events,
            batch=True,
            reset=terms.clear,
        ),
        Subscription(name="attendance", topics=(EventConcluded.topic,), handler=each(attendance)),
    ]
