"""MongoDB documents <-> agenda events. Lists are filtered by region scope."""

import asyncio
import weakref
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, IndexModel

from shared.persistence import (
    AggregateStore,
    Document,
    fields_of,
    find_by_ids,
    find_page,
    to_document,
)
from shared.regions import scope_filter

from .domain import Event
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


class Events:
    """The agenda: every event with its registrations, one document each."""

    def __init__(self, store: AggregateStore, *, clock: Callable[[], datetime]) -> None:
        self.store = store
        self._clock = clock  # stamps `created_at`

    async def add(self, event: Event) -> None:
        """Store a new event with `event.scheduled`."""
        await self.store.insert({**to_document(event), "created_at": self._clock()}, event.pending)
        event.revision = 1
        event.pending.clear()

    async def save(self, event: Event) -> None:
        """Store a changed event; raises `StaleRevision` when it changed since it was loaded."""
        await self.store.update(event.id, event.revision, to_document(event), event.pending)
        event.revision += 1
        event.pending.clear()

    def changing(self, event_id: str) -> asyncio.Lock:
        """The lock that lets load-change-save of one event take turns within this process."""
        key = f"{self.store.collection.full_name}/{event_id}"
        lock = _changing.get(key)
        if lock is None:
            lock = _changing[key] = asyncio.Lock()
        return lock

    async def get(self, event_id: str) -> Event | None:
        """One event by id."""
        doc = await self.store.collection.find_one({"_id": event_id})
        return _event(doc) if doc else None

    async def by_ids(self, ids: Sequence[str]) -> dict[str, Event]:
        """The events with these ids, in one query."""
        docs = await find_by_ids(self.store.collection, list(dict.fromkeys(ids)))
        return {d["_id"]: _event(d) for d in docs}

    async def search(self, query: EventQuery, *, skip: int, limit: int) -> tuple[list[Event], int]:
        """Events matching the query, earliest first."""
        match = _match(query)
        earliest = [("starts_at", ASCENDING), ("_id", ASCENDING)]
        docs, total = await find_page(
            self.store.collection, match, sort=earliest, skip=skip, limit=limit
        )
        return [_event(d) for d in docs], total

    async def of_council(self, council: str) -> list[Event]:
        """Every event of exactly this council (its calendar), earliest first."""
        cursor = self.store.collection.find({"council": council}).sort("starts_at", ASCENDING)
        return [_event(d) async for d in cursor]

    async def around(self, event: Event) -> list[Event]:
        """The council's live events whose times intersect this one's (venue is checked later)."""
        cursor = self.store.collection.find(
            {
                "council": event.council,
                "status": {"$ne": "cancelled"},
                "_id": {"$ne": event.id},
                "starts_at": {"$lt": event.ends_at},
                "ends_at": {"$gt": event.starts_at},
            }
        ).limit(100)
        return [_event(d) async for d in cursor]


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
    return Event(revision=doc["revision"], **fields)
