"""Unit tests of the term use cases and the inauguration subscriber, on in-memory fakes."""

import copy
import uuid
from datetime import UTC, date, datetime

import pytest

from services.membership import handlers
from services.membership.consumers import subscriptions
from services.membership.domain import Council, Member, Term
from shared.aggregate import StaleRevision
from shared.auth import Caller
from shared.contracts import Envelope, EventConcluded, TermEnded, TermInaugurated
from shared.messaging import Delivery

NOW = datetime(2021, 3, 1, tzinfo=UTC)
HELD = datetime(2021, 3, 23, 3, 0, tzinfo=UTC)
SECRETARIAT_17 = Caller(sub="t", region="17", roles=frozenset({"secretariat"}))


class FakeCouncils:
    def __init__(self, *codes: str) -> None:
        self.items = {code: Council.create(code, now=NOW) for code in codes}

    async def get(self, code: str) -> Council | None:
        return self.items.get(code)


class FakeMembers:
    def __init__(self) -> None:
        self.items: dict[str, Member] = {}

    async def by_ids(self, ids: list[str]) -> dict[str, Member]:
        return {i: self.items[i] for i in ids if i in self.items}


class FakeTerms:
    """Keeps copies, as a database would; records what each save published."""

    def __init__(self, *, fail_saves: int = 0) -> None:
        self.items: dict[str, Term] = {}
        self.published: list[object] = []
        self.fail_saves = fail_saves

    async def add(self, term: Term) -> None:
        self.published += term.pending
        self.items[term.id] = copy.deepcopy(term)

    async def save(self, term: Term) -> None:
        if self.fail_saves:
            self.fail_saves -= 1
            raise StaleRevision("changed meanwhile")
        self.published += term.pending
        term.pending.clear()
        self.items[term.id] = copy.deepcopy(term)

    async def get(self, term_id: str) -> Term | None:
        return copy.deepcopy(self.items.get(term_id))

    async def by_ids(self, ids: list[str]) -> dict[str, Term]:
        return {i: copy.deepcopy(self.items[i]) for i in ids if i in self.items}

    async def of_council(self, council: str) -> list[Term]:
        return [copy.deepcopy(t) for t in self.items.values() if t.council == council]


def uow(region: str = "17", **kw: object) -> handlers.Membership:
    return handlers.Membership(
        councils=FakeCouncils("17", "17.71", "33.75"),  # type: ignore[arg-type]
        members=FakeMembers(),  # type: ignore[arg-type]
        terms=FakeTerms(**kw),  # type: ignore[arg-type]
        deployment_region=region,
        clock=lambda: datetime.now(UTC),
    )


async def stored(
    u: handlers.Membership, council: str, start: int, *, status: str = "draft"
) -> Term:
    term = Term.draft(
        council=council, period_start=date(start, 3, 23), period_end=date(start + 3, 3, 23), now=NOW
    )
    if status == "inaugurated":
        term.inaugurate(at=datetime(start, 3, 23, tzinfo=UTC))
    term.pending.clear()
    u.terms.items[term.id] = term  # type: ignore[attr-defined]
    return term


def concluded(*term_ids: str, kind: str = "inauguration") -> EventConcluded:
    return EventConcluded(
        council="17",
        event_id="rakerda-2021",
        type=kind,  # type: ignore[arg-type]
        term_ids=list(term_ids),
        held_at=HELD,
        ended_at=HELD,
        attendance=10,
    )


def topics(u: handlers.Membership) -> list[str]:
    return [e.topic for e in u.terms.published]  # type: ignore[attr-defined]


async def test_direct_inauguration_ends_the_previous_term_first() -> None:
    u = uow()
    old = await stored(u, "17", 2018, status="inaugurated")
    new = await stored(u, "17", 2021)
    term = await handlers.inaugurate_term(u, caller=SECRETARIAT_17, term_id=new.id, at=HELD)
    assert term.status == "inaugurated" and term.previous_term_id == old.id
    assert topics(u) == [TermEnded.topic, TermInaugurated.topic]
    assert u.terms.items[old.id].successor_term_id == new.id  # type: ignore[attr-defined]


async def test_the_inauguration_tells_the_councils_divisions() -> None:
    u = uow()
    councils = u.councils.items  # type: ignore[attr-defined]
    councils["17"].set_divisions(["Bidang Pemasaran", "Bidang Organisasi"])
    term = await stored(u, "17", 2021)
    await handlers.conclude_inauguration(u, event=concluded(term.id))
    [event] = u.terms.published  # type: ignore[attr-defined]
    assert event.divisions == ["Bidang Pemasaran", "Bidang Organisasi"]


async def test_a_crash_between_the_two_saves_is_completed_without_a_second_term_ended() -> None:
    u = uow()
    old = await stored(u, "17", 2018, status="inaugurated")
    new = await stored(u, "17", 2021)
    old.end(at=HELD, successor_term_id=new.id)  # saved before the crash; `new` was not
    old.pending.clear()
    await handlers.inaugurate_term(u, caller=SECRETARIAT_17, term_id=new.id, at=HELD)
    assert topics(u) == [TermInaugurated.topic]
    assert u.terms.items[new.id].previous_term_id == old.id  # type: ignore[attr-defined]


async def test_a_ceremony_inaugurates_only_the_terms_this_deployment_keeps() -> None:
    u = uow(region="17")
    province, city = await stored(u, "17", 2021), await stored(u, "17.71", 2021)
    pekalongan = await stored(u, "33.75", 2021)  # kept here by mistake: not ours to inaugurate
    done = await handlers.conclude_inauguration(
        u, event=concluded(province.id, "unknown-term", city.id, pekalongan.id)
    )
    assert [t.id for t in done] == [province.id, city.id]
    assert all(t.inauguration_event_id == "rakerda-2021" for t in done)
    assert u.terms.items[pekalongan.id].status == "draft"  # type: ignore[attr-defined]


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
    assert u.terms.items[term.id].status == "inaugurated"  # type: ignore[attr-defined]
