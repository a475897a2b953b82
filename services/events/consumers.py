"""Kafka subscribers of the events service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: group
`dekranasda.<deployment>.events.<name>`, ack policy MANUAL (commit after the effect is stored),
inbox by `ce_id`, dead letters to `dlq.events`. Each subscriber keeps a read model and passes
`reset`, so a replay from offset 0 can rebuild it from nothing.
"""

from collections.abc import Sequence

from shared.contracts import (
    MemberRegistered,
    MemberUpdated,
    ProgramApproved,
    ProgramCompleted,
    TermCreated,
    TermEnded,
    TermInaugurated,
)
from shared.messaging import Delivery, Subscription

from .readmodels import ReadModels


def subscriptions(views: ReadModels) -> list[Subscription]:
    """Every topic this service listens to, in one place."""

    async def members(batch: Sequence[Delivery]) -> None:
        """Idempotent: the member's own revision orders versions; an older or equal one is kept."""
        await views.members.apply(batch)

    async def terms(batch: Sequence[Delivery]) -> None:
        """Idempotent: a term only moves draft -> inaugurated -> ended; a stage never goes back."""
        await views.terms.apply(batch)

    async def programs(batch: Sequence[Delivery]) -> None:
        """Idempotent: a program only moves approved -> completed; a stage never goes back."""
        await views.programs.apply(batch)

    return [
        Subscription(
            name="members",
            topics=(MemberRegistered.topic, MemberUpdated.topic),
            handler=members,
            batch=True,
            reset=views.members.clear,
        ),
        Subscription(
            name="terms",
            topics=(TermCreated.topic, TermInaugurated.topic, TermEnded.topic),
            handler=terms,
            batch=True,
            reset=views.terms.clear,
        ),
        Subscription(
            name="programs",
            topics=(ProgramApproved.topic, ProgramCompleted.topic),
            handler=programs,
            batch=True,
            reset=views.programs.clear,
        ),
    ]
