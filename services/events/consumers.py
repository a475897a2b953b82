"""Kafka subscribers of the events service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: group
`dekranasda.<deployment>.events.<name>`, ack policy MANUAL (commit after the effect is stored),
dead letters to `dlq.events`. What makes each idempotent:
- `members`, `terms`, `programs` keep read models in batches that skip the inbox: the newest
  revision wins (a member's own `revision`; a term's stage draft -> inaugurated -> ended and a
  program's approved -> completed never go back), so redeliveries and replays leave the same
  state. They pass `reset`, so a replay from offset 0 rebuilds them from nothing.
- `inauguration-outcomes` applies messages one by one through the inbox (consumer + `ce_id`)
  and keeps membership's answer per term on the inauguration event (`term.inaugurated` with an
  `event_id`, or `term.inauguration_refused` with a reason); an answer kept already changes
  nothing, and "inaugurated" is never overwritten.
"""

from shared.contracts import (
    MemberRegistered,
    MemberUpdated,
    ProgramApproved,
    ProgramCompleted,
    TermCreated,
    TermEnded,
    TermInaugurated,
    TermInaugurationRefused,
)
from shared.messaging import Delivery, Subscription, each
from shared.readmodels import keep

from .domain import InaugurationOutcome
from .handlers import outcomes as use_cases
from .ports import Agenda
from .projections import ReadModels


def subscriptions(uow: Agenda, views: ReadModels) -> list[Subscription]:
    """Every topic this service listens to, in one place: three read models and the outcomes."""

    async def outcomes(delivery: Delivery) -> None:
        answer = delivery.event
        if isinstance(answer, TermInaugurated) and answer.event_id:
            outcome = InaugurationOutcome(term_id=answer.term_id, status="inaugurated")
            event_id = answer.event_id
        elif isinstance(answer, TermInaugurationRefused):
            outcome = InaugurationOutcome(
                term_id=answer.term_id, status="refused", reason=answer.reason
            )
            event_id = answer.event_id
        else:
            return  # inaugurated directly, with no agenda event
        await use_cases.record_inauguration_outcome(uow, event_id=event_id, outcome=outcome)

    return [
        keep("members", (MemberRegistered.topic, MemberUpdated.topic), views.members),
        keep("terms", (TermCreated.topic, TermInaugurated.topic, TermEnded.topic), views.terms),
        keep("programs", (ProgramApproved.topic, ProgramCompleted.topic), views.programs),
        Subscription(
            name="inauguration-outcomes",
            topics=(TermInaugurated.topic, TermInaugurationRefused.topic),
            handler=each(outcomes),
        ),
    ]
