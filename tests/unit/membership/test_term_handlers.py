"""Unit tests of the term use cases and the inauguration subscriber, on in-memory fakes."""

import uuid
from datetime import UTC, date, datetime

import pytest

from services.membership import handlers
from services.membership.consumers import subscriptions
from services.membership.domain import Term
from shared.aggregate import StaleRevision
from shared.auth import Caller
from shared.contracts import Envelope, EventConcluded, TermEnded, TermInaugurated
from shared.contracts.events import EventType
from shared.messaging import Delivery
from tests.fakes.membership import FakeMembership, membership

NOW = datetime(2021, 3, 1, tzinfo=UTC)
HELD = datetime(2021, 3, 23, 3, 0, tzinfo=UTC)
SECRETARIAT_17 = Caller(sub="t", region="17", roles=frozenset({"secretariat"}))


def uow(region: str = "17", *, fail_saves: int = 0) -> FakeMembership:
    u = membership(region, councils=("17", "17.71", "33.75"))
    u.terms.fail_saves = fail_saves
    return u


async def stored(u: FakeMembership, council: str, start: int, *, status: str = "draft") -> Term:
    term = Term.draft(
        council=council, period_start=date(start, 3, 23), period_end=date(start + 3, 3, 23), now=NOW
    )
    if status == "inaugurated":
        term.inaugurate(at=datetime(start, 3, 23, tzinfo=UTC))
    return u.terms.put(term)


def concluded(*term_ids: str, kind: EventType = "inauguration") -> EventConcluded:
    return EventConcluded(
        council="17",
        event_id="rakerda-2021",
        type=kind,
        term_ids=list(term_ids),
        held_at=HELD,
        ended_at=HELD,
        attendance=10,
    )


def topics(u: FakeMembership) -> list[str]:
    return [e.topic for e in u.terms.published]


async def test_direct_inauguration_ends_the_previous_term_first() -> None:
    u = uow()
    old = await stored(u, "17", 2018, status="inaugurated")
    new = await stored(u, "17", 2021)
    term = await handlers.inaugurate_term(u, caller=SECRETARIAT_17, term_id=new.id, at=HELD)
    assert term.status == "inaugurated" and term.previous_term_id == old.id
    assert topics(u) == [TermEnded.topic, TermInaugurated.topic]
    assert u.terms.items[old.id].successor_term_id == new.id


async def test_the_inauguration_tells_the_councils_bidang_under_both_names() -> None:
    u = uow()
    councils = u.councils.items
    councils["17"].set_bidang(["Bidang Pemasaran", "Bidang Organisasi"])
    term = await stored(u, "17", 2021)
    await handlers.conclude_inauguration(u, event=concluded(term.id))
    [event] = u.terms.published
    assert isinstance(event, TermInaugurated)
    told = event.model_dump(mode="json")
    assert told["bidang"] == told["divisions"] == ["Bidang Pemasaran", "Bidang Organisasi"]


async def test_a_crash_between_the_two_saves_is_completed_without_a_second_term_ended() -> None:
    u = uow()
    old = await stored(u, "17", 2018, status="inaugurated")
    new = await stored(u, "17", 2021)
    old.end(at=HELD, successor_term_id=new.id)
    u.terms.put(old)  # saved (and its term.ended published) before the crash; `new` was not
    await handlers.inaugurate_term(u, caller=SECRETARIAT_17, term_id=new.id, at=HELD)
    assert topics(u) == [TermInaugurated.topic]
    assert u.terms.items[new.id].previous_term_id == old.id


async def test_a_ceremony_inaugurates_only_the_terms_this_deployment_keeps() -> None:
    u = uow(region="17")
    province, city = await stored(u, "17", 2021), await stored(u, "17.71", 2021)
    pekalongan = await stored(u, "33.75", 2021)  # kept here by mistake: not ours to inaugurate
    done = await handlers.conclude_inauguration(
        u, event=concluded(province.id, "unknown-term", city.id, pekalongan.id)
    )
    assert [t.id for t in done] == [province.id, city.id]
    assert all(t.inauguration_event_id == "rakerda-2021" for t in done)
    assert u.terms.items[pekalongan.id].status == "draft"


async def test_a_ceremony_is_applied_once_even_after_the_term_ended() -> None:
    u = uow()
    term = await stored(u, "17", 2021)
    await handlers.conclude_inauguration(u, event=concluded(term.id))
    await handlers.conclude_inauguration(u, event=concluded(term.id))
    successor = await stored(u, "17", 2024)
    await handlers.inaugurate_term(u, caller=SECRETARIAT_17, term_id=successor.id, at=NOW.now(UTC))
    await handlers.conclude_inauguration(u, event=concluded(term.id))
    assert topics(u).count(TermInaugurated.topic) == 2  # the term, then its successor


async def test_other_concluded_events_change_nothing() -> None:
    u = uow()
    term = await stored(u, "17", 2021)
    assert await handlers.conclude_inauguration(u, event=concluded(term.id, kind="rakerda")) == []
    assert topics(u) == []


async def test_a_lost_race_is_retried_rather_than_dead_lettered() -> None:
    u = uow(fail_saves=1)
    term = await stored(u, "17", 2021)
    inaugurations = next(s for s in subscriptions(u) if s.name == "inaugurations")
    event = concluded(term.id)
    envelope = Envelope(
        type=event.topic,
        source="/dekranasda/17/events",
        subject=event.subject,
        dataschema=event.dataschema(),
        region="17",
        id=str(uuid.uuid4()),
    )
    with pytest.raises(StaleRevision):
        await inaugurations.handler([Delivery(envelope=envelope, event=event)])
    await inaugurations.handler([Delivery(envelope=envelope, event=event)])
    assert u.terms.items[term.id].status == "inaugurated"
