"""Inauguration (pengukuhan): directly over HTTP, or by a concluded agenda event."""

import logging
from datetime import datetime, timedelta

from shared.aggregate import Conflict, DomainError, StaleRevision
from shared.auth import Caller
from shared.contracts import EventConcluded
from shared.regions import covers

from ..domain import Term, inaugurated_term
from ..ports import Membership
from .terms import get_term

log = logging.getLogger(__name__)
CLOCK_SKEW = timedelta(minutes=5)


async def inaugurate_term(
    uow: Membership, *, caller: Caller, term_id: str, at: datetime | None
) -> Term:
    """Inaugurate a term directly (no agenda event); a past moment records what happened."""
    term = await get_term(uow, caller=caller, term_id=term_id)
    caller.require_write(term.council)
    now = uow.clock()
    if at is not None and at > now + CLOCK_SKEW:
        raise DomainError(
            "lies in the future: record an inauguration once held", field="inaugurated_at"
        )
    await _inaugurate(uow, term, at=at or now, event_id=None)
    return term


async def conclude_inauguration(uow: Membership, *, event: EventConcluded) -> list[Term]:
    """Inaugurate the terms a concluded inauguration covers that this deployment owns."""
    if event.type != "inauguration":
        return []
    terms = await uow.terms.by_ids(list(event.term_ids))
    done = []
    for term_id in event.term_ids:
        term = terms.get(term_id)
        if term is None or not covers(uow.deployment_region, term.council):
            log.info("inauguration %s: term %s is not kept here", event.event_id, term_id)
            continue
        if term.status != "draft" and term.inauguration_event_id == event.event_id:
            continue  # inaugurated by this very event (and maybe succeeded since): done
        try:
            if term.status != "draft":
                raise Conflict(f"term {term.id} is {term.status}, not a draft")
            await _inaugurate(uow, term, at=event.held_at, event_id=event.event_id)
        except StaleRevision:
            raise  # saved meanwhile: the consumer retries
        except DomainError as exc:  # a rule says no: answer it on the topic, for the agenda
            log.info("inauguration %s: term %s refused: %s", event.event_id, term_id, exc)
            if term.refuse_inauguration(event_id=event.event_id, reason=exc.message):
                await uow.terms.save(term)
            continue
        done.append(term)
    return done


async def _inaugurate(uow: Membership, term: Term, *, at: datetime, event_id: str | None) -> None:
    if term.status == "inaugurated":
        return  # inaugurating twice changes nothing and publishes nothing
    others = [t for t in await uow.terms.of_council(term.council) if t.id != term.id]
    # The predecessor is the inaugurated term, or, after a crash between the two saves below,
    # the term already ended in favour of this one (ending it again records nothing).
    previous = inaugurated_term(others, council=term.council) or next(
        (t for t in others if t.successor_term_id == term.id), None
    )
    home = await uow.councils.get(term.council)
    bidang = home.bidang if home is not None else None
    term.inaugurate(at=at, event_id=event_id, previous=previous, bidang=bidang)
    if previous is not None and previous.pending:
        await uow.terms.save(previous)  # first: a crash after it leaves a recoverable state
    await uow.terms.save(term)
