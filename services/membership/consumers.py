"""Kafka subscribers of the membership service: parse, call one use case, ack.

Delivery semantics are those of `shared.messaging.consumer`: consumer groups
`dekranasda.<deployment>.membership.<name>`, ack policy MANUAL (the offset is committed after
the effect is stored), an inbox keyed by consumer and `ce_id` that skips events already applied,
and dead letters to `dlq.membership`. Beyond the inbox, each effect is idempotent by itself, so
a republished copy with a new `ce_id` changes nothing either:
- `trade-registry` (`trade.ukm.registered`), in batches (issue 17): the inbox drops the records
  applied before (bare `_id` look-ups); the first record of each NIB not claimed yet is
  registered in one write of NIB claims and one of members (insert first, like the read models);
  every other record is applied one by one, in order, and the batch is remembered once applied.
  The NIB claim is unique and the member id derives from the record, so even a batch applied
  but not yet remembered when the process died registers nobody twice and publishes
  `member.registered` once per business; its updates are then applied again in order and end
  in the same state (possibly with one more `member.updated`). A record of
  another council than the business's home is kept as a pending change (the same news again
  keeps one); a record for a council not registered here is dead-lettered, as HTTP refuses it.
- `inaugurations` (`event.concluded`, type inauguration): a term inaugurates only from draft,
  so a term this very event inaugurated (ended since, or not) is left alone and publishes
  nothing; the predecessor is ended first and found again after a crash between the two saves,
  so a retry completes the succession without a second `term.ended`. A term this deployment
  does not keep (another deployment's council, or unknown here) is skipped. A save that lost a
  race is retried (`StaleRevision`). A term the event cannot inaugurate (no longer a draft, or
  a later term already inaugurated) stays as it is and is answered once per event on
  `term.inauguration_refused` with the reason, which the agenda shows on the event.
"""

from collections.abc import Sequence

from shared.contracts import EventConcluded, TradeUkmRegistered
from shared.messaging import Delivery, Subscription, each

from . import handlers
from .domain.intake import Sender
from .handlers import Membership
from .handlers.intake import ingest_trade_registrations


def subscriptions(uow: Membership) -> list[Subscription]:
    """Every topic this service listens to, in one place."""

    async def trade_registry(batch: Sequence[Delivery]) -> None:
        records = []
        for delivery in batch:
            assert isinstance(delivery.event, TradeUkmRegistered)
            sender = Sender(ce_id=delivery.envelope.id, source=delivery.envelope.source)
            records.append((delivery.event, sender))
        await ingest_trade_registrations(uow, records)

    async def inaugurations(delivery: Delivery) -> None:
        assert isinstance(delivery.event, EventConcluded)
        await handlers.conclude_inauguration(uow, event=delivery.event)

    return [
        Subscription(
            name="trade-registry",
            topics=(TradeUkmRegistered.topic,),
            handler=trade_registry,
            batch=True,
            inbox=True,
        ),
        Subscription(
            name="inaugurations", topics=(EventConcluded.topic,), handler=each(inaugurations)
        ),
    ]
