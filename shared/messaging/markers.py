"""The relay's work list, and its backlog gauges.

Two kinds of entries name a document whose events wait:

- handed: a save in this process hands its document's id over in memory (`hand`); no write.
  A new document comes with its events, which the relay then publishes without reading it.
- stored: `_outbox_pending` markers in the database, leased in batches on MongoDB. The relay's
  sweep writes them for documents with events that no one handed over (a crash between a save
  and its publication, a save by a process without a running relay, an older version).

A handed entry dies with its process; its events stay in their document, where the sweep of
the next start finds them. The backlog is measured on a clock of its own, so the gauges stay
true while passes fail.
"""

import asyncio
import contextlib
import itertools
import logging
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.observability import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE
from shared.persistence import OUTBOX, PENDING, Document, delete_by_ids, on_ferretdb
from shared.store import mark_pending

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=15)
HELD_EVENTS = 5_000
"""Handed documents beyond which a new one's events are not kept in memory (a few MB at most):
the relay reads it."""


class Markers:
    """Leases markers to one relay at a time, and measures how many wait and for how long."""

    def __init__(self, db: AsyncDatabase[Document], *, service: str) -> None:
        self._marks = db[PENDING]
        self._service = service
        self.pending = 0
        self.oldest_age_s = 0.0
        # (collection, document) -> (the latest hand-over's number, the first one's time, the
        # events of a new document handed over once; None: the relay reads the document)
        self._handed: dict[tuple[str, str], tuple[int, datetime, list[Document] | None]] = {}
        self._numbers = itertools.count(1)
        self._stored = 0  # stored markers last seen: none, and a pass does not look for them

    def hand(self, collection: str, doc_id: str, entries: list[Document] | None = None) -> None:
        """A save in this process left events in the document: the relay takes it from memory,
        with `entries` when they are all the document holds (a new document).

        A document handed again while a pass holds it gets a new number, so that pass's
        `forget` keeps it for the events the second save added; and it is read, not taken with
        the events it came with."""
        key = (collection, doc_id)
        if key in self._handed:
            self._handed[key] = (next(self._numbers), self._handed[key][1], None)
        elif len(self._handed) < HELD_EVENTS:
            self._handed[key] = (next(self._numbers), datetime.now(UTC), entries)
        else:  # a long backlog: its documents are read when their turn comes
            self._handed[key] = (next(self._numbers), datetime.now(UTC), None)

    def handed(self, collection: str, doc_id: str) -> bool:
        """Whether the document is handed over and not yet published."""
        return (collection, doc_id) in self._handed

    @staticmethod
    def _claimable() -> Document:
        now = datetime.now(UTC)
        return {"$or": [{"_lease": {"$exists": False}}, {"_lease": {"$lt": now}}]}

    async def claim(self, limit: int = 200) -> tuple[list[Document], bool]:
        """Up to `limit` handed documents and up to `limit` stored markers no other relay holds;
        and whether either kind has more than that."""
        handed = [
            {"collection": c, "doc": d, "_handed": number, "entries": entries}
            for (c, d), (number, _, entries) in itertools.islice(self._handed.items(), limit)
        ]
        stored = await self._lease(limit) if self._stored else []
        self._stored = len(stored)  # until the next measure, or a sweep, says more
        return handed + stored, limit in (len(handed), len(stored))

    async def sweep(self, collections: Sequence[AsyncCollection[Document]]) -> int:
        """Store a marker for every document with events that is not handed over here (one scan
        of each collection); returns how many."""
        marked = 0
        for collection in collections:
            found = collection.find({f"{OUTBOX}.0": {"$exists": True}}, {"_id": 1})
            ids = [
                doc["_id"] async for doc in found if not self.handed(collection.name, doc["_id"])
            ]
            await mark_pending(collection, ids)
            self._stored += len(ids)  # the next claims look for them
            marked += len(ids)
        return marked

    async def _lease(self, limit: int) -> list[Document]:
        """Lease a batch of stored markers no other relay holds; the ones this relay got.

        On FerretDB, where a service runs as one process with one relay, nothing is leased:
        the lease's filters (`$or`, `$in`) would decode every marker, three times a batch.
        """
        if await on_ferretdb(self._marks):
            return await self._marks.find({}, {"at": 0}).limit(limit).to_list(None)
        found = await self._marks.find(self._claimable(), {"_id": 1}).limit(limit).to_list(None)
        if not found:
            return []
        ids, owner = [m["_id"] for m in found], uuid.uuid4().hex
        await self._marks.update_many(
            {"_id": {"$in": ids}, **self._claimable()},
            {"$set": {"_lease": datetime.now(UTC) + LEASE, "_owner": owner}},
        )
        return await self._marks.find({"_id": {"$in": ids}, "_owner": owner}).to_list(None)

    async def forget(self, marks: list[Document]) -> None:
        """Forget exactly these entries (their events are published): a document handed over
        again meanwhile stays, a stored marker is deleted."""
        for mark in marks:
            key = (mark["collection"], mark["doc"])
            if "_handed" in mark and self._handed.get(key, (None,))[0] == mark["_handed"]:
                del self._handed[key]
        await delete_by_ids(self._marks, [m["_id"] for m in marks if "_id" in m])

    async def release(self, marks: list[Document]) -> None:
        """Give the lease back after a failed pass, so the next one retries them at once."""
        leased = [m for m in marks if "_owner" in m]  # handed ones stay handed until forgotten
        if not leased:
            return  # none leased (FerretDB): the next pass takes them again anyway
        with contextlib.suppress(Exception):  # else the lease runs out by itself
            await asyncio.wait_for(
                self._marks.update_many(
                    {"_id": {"$in": [m["_id"] for m in leased]}, "_owner": leased[0]["_owner"]},
                    {"$unset": {"_lease": "", "_owner": ""}},
                ),
                timeout=5,
            )

    async def measure(self) -> None:
        """Count the handed documents and the stored markers, and find the oldest of them, in
        one read (FerretDB decodes all the markers anyway)."""
        # a document handed again keeps its place and first time: the first one is the oldest
        oldest: datetime | None = next((at for _, at, _ in self._handed.values()), None)
        stored = 0
        async for mark in self._marks.find({}, {"at": 1}):
            stored += 1
            at = mark.get("at")
            if isinstance(at, datetime):
                at = at if at.tzinfo else at.replace(tzinfo=UTC)
                oldest = at if oldest is None else min(oldest, at)
        self._stored = max(self._stored, stored)
        count = self.pending = len(self._handed) + stored
        self.oldest_age_s = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
        OUTBOX_BACKLOG.labels(self._service).set(count)
        OUTBOX_OLDEST_AGE.labels(self._service).set(max(self.oldest_age_s, 0.0))

    async def watch(self, every_s: float = 1.0) -> None:
        """Measure until cancelled, taking at most a tenth of one connection's time.

        FerretDB v1 decodes every marker for any query (2,000 take 1-2 s on the devstack), so
        a large backlog is measured less often rather than slowing the relay that drains it.
        """
        while True:
            started = time.monotonic()
            try:
                await self.measure()
            except Exception as exc:  # the database is away: keep the last figures
                log.warning("outbox backlog not measured: %r", exc)
            await asyncio.sleep(max(every_s, 9 * (time.monotonic() - started)))
