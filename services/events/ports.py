"""What the use cases need of storage, as Protocols, and the unit of work that carries them."""

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.persistence import Document
from shared.repository import Store
from shared.views import MemberView

from .domain import Event
from .views import ProgramView, TermView


@dataclass(frozen=True, kw_only=True)
class EventQuery:
    """What a list of events is filtered by; `starting_before`/`ending_after` bound the time."""

    scope: str
    council: str | None = None
    type: str | None = None
    ending_after: datetime | None = None
    starting_before: datetime | None = None


class EventStore(Store[Event], Protocol):
    """The agenda: events with their registrations, and the queries the use cases make."""

    def changing(self, event_id: str) -> AbstractAsyncContextManager[None]:
        """A lock that lets load-change-save of one event take turns within this process."""
        ...

    async def search(self, query: EventQuery, *, skip: int, limit: int) -> tuple[list[Event], int]:
        """One page of the events matching the query, earliest first, and how many match."""

    async def of_council(self, council: str) -> list[Event]:
        """Every event of exactly this council (its calendar), earliest first."""

    async def around(self, event: Event) -> list[Event]:
        """The council's live events whose times intersect this one's (any venue)."""


class ReadModelViews(Protocol):
    """What this service knows of members, terms and programs, from their topics."""

    async def member(self, member_id: str) -> MemberView | None:
        """A member, or None."""

    async def names(self, member_ids: Sequence[str]) -> dict[str, str]:
        """The names of the known members among these ids."""

    async def program(self, program_id: str) -> ProgramView | None:
        """A program, or None."""

    async def terms_by_id(self, term_ids: Sequence[str]) -> dict[str, TermView]:
        """The known terms among these ids."""

    async def inaugurated_terms(self, councils: Sequence[str]) -> dict[str, TermView]:
        """The inaugurated term of each of these councils, where one is known."""


class FeedKeyStore(Protocol):
    """Calendar feed keys, kept hashed: the key itself is returned once, when made."""

    async def create(self, council: str, *, by: str, at: datetime) -> tuple[Document, str]:
        """A new key for a council's feed: its record and the key itself."""

    async def of_council(self, council: str) -> list[Document]:
        """The live keys of a council's feed, oldest first."""

    async def revoke(self, council: str, key_id: str) -> None:
        """Revoke a key of a council (`NotFound` when it has no such key)."""

    async def council_of(self, key: str) -> str | None:
        """The council whose feed a key reads, or None for an unknown or revoked key."""


@dataclass
class Agenda:
    """The unit of work: the stores and read models the use cases work on, and the clock
    (the composition root's: `shared.clock.utc_now`, UTC to the millisecond)."""

    events: EventStore
    views: ReadModelViews
    feed_keys: FeedKeyStore
    clock: Callable[[], datetime]
