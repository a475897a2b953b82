"""Kafka subscribers of the events service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: group
`dekranasda.<deployment>.events.<name>`, ack policy MANUAL (commit after the effect is stored),
inbox by `ce_id`, dead letters to `dlq.events`. Each subscriber keeps a read model and passes
`reset`, so a replay from offset 0 can rebuild it from nothing.
"""

from shared.contracts import (
    MemberRegistered,
    MemberUpdated,
    ProgramApproved,
    ProgramCompleted,
    TermCreated,
    TermEnded,
    TermInaugurated,
)
from shared.messaging import Subscription
from shared.readmodels import keep

from .readmodels import ReadModels


def subscriptions(views: ReadModels) -> list[Subscription]:
    """Every topic this service listens to, in one place. Each keeps a read model (newest wins:
    a member by its revision; a term draft -> inaugurated -> ended and a program approved ->
    completed never go back), so redeliveries and replays leave the same state."""
    return [
        keep("members", (MemberRegistered.topic, MemberUpdated.topic), views.members),
        keep("terms", (TermCreated.topic, TermInaugurated.topic, TermEnded.topic), views.terms),
        keep("programs", (ProgramApproved.topic, ProgramCompleted.topic), views.programs),
    ]
