"""MongoDB documents <-> agenda events, on `shared.repository.Aggregates`. Lists are scoped."""

import asyncio
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel

from shared.documents import fields_of, to_document
from shared.persistence import Document
from shared.regions import scope_filter
from shared.repository import Aggregates
from shared.store import AggregateStore

from .domain import Event, InaugurationOutcome
from .domain.registrations import Registration
from .ports import EventQuery

COLLECTION = "events"
_changing: "weakref.WeakValueDictionary[str, asyncio.Lock]" = weakref.WeakValueDictionary()
INDEXES = {
    COLLECTION: [
        IndexModel([("council", ASCENDING), ("starts_at", ASCENDING)]),
        IndexModel([("starts_at", ASCENDING)]),
    ]
}
EARLIEST = [("starts_at", ASCENDING), ("_id", ASCENDING)]
AROUND_CAP = 100  # overlap warnings are a hint: a venue's busy day need not list them all


class Events(Aggregates[Event]):
    """The agenda: every event with its registrations, one document each."""

    def __init__(self, store: AggregateStore, *, clock: Callable[[], datetime]) -> None:
        super().__init__(store, to_doc=to_document, from_doc=_event)
        self._clock = clock  # stamps `created_at`

    async def add(self, aggregate: Event, *, extra: Document | None = None) -> None:
        """Store a new event with `event.scheduled`, stamped with its `created_at`."""
        await super().add(aggregate, extra={"created_at": self._clock(), **(extra or {})})

    def changing(self, event_id: str) -> asyncio.Lock:
        """The lock that lets load-change-save of one event take turns within this process."""
        key = f"{self.collection.full_name}/{event_id}"
        lock = _changing.get(key)
        if lock is None:
            lock = _changing[key] = asyncio.Lock()
        return lock

    async def search(self, query: EventQuery, *, skip: int, limit: int) -> tuple[list[Event], int]:
        """Events matching the query, earliest first."""
        return await self.page(_match(query), sort=EARLIEST, skip=skip, limit=limit)

    async def of_council(self, council: str) -> list[Event]:
        """Every event of exactly this council (its calendar), earliest first."""
        return await self.find({"council": council}, sort=[("starts_at", ASCENDING)])

    async def around(self, event: Event) -> list[Event]:
        """The council's live events whose times intersect this one's (venue is checked later)."""
        query = {
            "council": event.council,
            "status": {"$ne": "cancelled"},
            "_id": {"$ne": event.id},
            "starts_at": {"$lt": event.ends_at},
            "ends_at": {"$gt": event.starts_at},
        }
        return await self.find(query, limit=AROUND_CAP)


def _match(query: EventQuery) -> Document:
    match: Document = {**scope_filter(query.scope)}
    if query.council:
        match["council"] = query.council
    if query.type:
        match["type"] = query.type
    if query.ending_after:
        match["ends_at"] = {"$gte": query.ending_after}
    if query.starting_before:
        match["starts_at"] = {"$lt": query.starting_before}
    return match


def _event(doc: Document) -> Event:
    fields: dict[str, Any] = fields_of(doc, drop=("revision", "updated_at", "created_at"))
    fields["registrations"] = [Registration(**r) for r in fields.get("registrations", [])]
    fields["term_outcomes"] = [InaugurationOutcome(**o) for o in fields.get("term_outcomes", [])]
    return Event(revision=doc["revision"], **fields)
