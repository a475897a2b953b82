"""In-memory stand-ins for the events service's ports (`services/events/ports.py`)."""

import asyncio
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

from services.events.domain import Event
from services.events.ports import Agenda, EventQuery
from services.events.views import ProgramView, TermView
from shared.aggregate import NotFound
from shared.contracts.events import EventType
from shared.persistence import Document
from shared.regions import covers
from shared.views import MemberView
from tests.fakes import InMemory

NOW = datetime(2021, 11, 2, 6, tzinfo=UTC)  # 13.00 WIB
"""The time the fake clock shows unless a test sets another."""
WIB = timezone(timedelta(hours=7))


def training(
    *,
    capacity: int | None = 2,
    council: str = "33.75",
    type: EventType = "training",
    venue: str = "Ruang Jetayu",
    starts_at: datetime = datetime(2021, 11, 2, 8, tzinfo=WIB),
    ends_at: datetime = datetime(2021, 11, 2, 15, tzinfo=WIB),
    term_ids: list[str] | None = None,
    id: str | None = None,
) -> Event:
    """A sample event: Kota Pekalongan's batik training, 2 November 2021, 08.00-15.00 WIB."""
    return Event.schedule(
        council=council,
        type=type,
        title="Pelatihan UMKM batik",
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        term_ids=term_ids,
        id=id,
    )


class FakeEvents(InMemory[Event]):
    """The agenda in a dict, with the queries of `EventStore`."""

    def __init__(self, items: Iterable[Event] = ()) -> None:
        super().__init__(items)
        self._locks: dict[str, asyncio.Lock] = {}

    def changing(self, event_id: str) -> asyncio.Lock:
        """One lock per event, as the real repository keeps per process."""
        return self._locks.setdefault(event_id, asyncio.Lock())

    async def search(self, query: EventQuery, *, skip: int, limit: int) -> tuple[list[Event], int]:
        """The events matching the query, earliest first, one page of them."""
        found = sorted(self.where(lambda e: _matches(e, query)), key=lambda e: (e.starts_at, e.id))
        return found[skip : skip + limit], len(found)

    async def of_council(self, council: str) -> list[Event]:
        """Every event of exactly this council, earliest first."""
        return sorted(self.where(lambda e: e.council == council), key=lambda e: e.starts_at)

    async def around(self, event: Event) -> list[Event]:
        """The council's other live events whose times intersect this one's."""
        return self.where(
            lambda e: (
                e.council == event.council
                and e.status != "cancelled"
                and e.id != event.id
                and e.starts_at < event.ends_at
                and e.ends_at > event.starts_at
            )
        )


def _matches(event: Event, query: EventQuery) -> bool:
    return (
        covers(query.scope, event.council)
        and query.council in (None, event.council)
        and query.type in (None, event.type)
        and (query.ending_after is None or event.ends_at >= query.ending_after)
        and (query.starting_before is None or event.starts_at < query.starting_before)
    )


@dataclass
class FakeViews:
    """The read models as plain dicts of views, by id."""

    members: dict[str, MemberView] = field(default_factory=dict)
    terms: dict[str, TermView] = field(default_factory=dict)
    programs: dict[str, ProgramView] = field(default_factory=dict)

    def member_of(self, council: str, member_id: str, name: str) -> str:
        """Arrange: a person known to the member read model; returns the id."""
        view = MemberView(
            member_id=member_id, council=council, kind="person", name=name, revision=1
        )
        self.members[member_id] = view
        return member_id

    async def member(self, member_id: str) -> MemberView | None:
        """A member, or None."""
        return self.members.get(member_id)

    async def names(self, member_ids: Sequence[str]) -> dict[str, str]:
        """The names of the known members among these ids."""
        return {m: self.members[m].name for m in member_ids if m in self.members}

    async def program(self, program_id: str) -> ProgramView | None:
        """A program, or None."""
        return self.programs.get(program_id)

    async def terms_by_id(self, term_ids: Sequence[str]) -> dict[str, TermView]:
        """The known terms among these ids."""
        return {t: self.terms[t] for t in term_ids if t in self.terms}

    async def inaugurated_terms(self, councils: Sequence[str]) -> dict[str, TermView]:
        """The inaugurated term of each of these councils, where one is known."""
        found = self.terms.values()
        return {t.council: t for t in found if t.status == "inaugurated" and t.council in councils}


@dataclass
class FakeFeedKeys:
    """Feed keys in a dict by key (the real store keeps only the key's SHA-256)."""

    keys: dict[str, Document] = field(default_factory=dict)

    async def create(self, council: str, *, by: str, at: datetime) -> tuple[Document, str]:
        """A new key: `fk_test<n>`, with its record."""
        key = f"fk_test{len(self.keys) + 1}"
        doc = {"id": hashlib.sha256(key.encode()).hexdigest()[:12], "council": council}
        self.keys[key] = {**doc, "created_by": by, "created_at": at}
        return self.keys[key], key

    async def of_council(self, council: str) -> list[Document]:
        """The council's live keys, oldest first."""
        return sorted((d for d in self.keys.values() if d["council"] == council), key=_made)

    async def revoke(self, council: str, key_id: str) -> None:
        """Forget a key of the council; `NotFound` when it has no such key."""
        for key, doc in list(self.keys.items()):
            if doc["council"] == council and doc["id"] == key_id:
                del self.keys[key]
                return
        raise NotFound(f"feed key {key_id} not found")

    async def council_of(self, key: str) -> str | None:
        """The council a live key reads, or None."""
        doc = self.keys.get(key)
        return str(doc["council"]) if doc else None


def _made(doc: Document) -> datetime:
    made: datetime = doc["created_at"]
    return made


@dataclass
class FakeClock:
    """A clock that shows `now` until a test moves it."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


def agenda(
    *events: Event,
    views: FakeViews | None = None,
    clock: Callable[[], datetime] | None = None,
) -> tuple[Agenda, FakeEvents, FakeViews]:
    """A unit of work on fakes holding these events; returns it with its agenda and views."""
    store, known = FakeEvents(events), views or FakeViews()
    uow = Agenda(events=store, views=known, feed_keys=FakeFeedKeys(), clock=clock or FakeClock())
    return uow, store, known
