"""The outbox relay: publishes the events stored in aggregate documents, then removes them.

At-least-once: an event is removed only after the broker acknowledged it (acks=all), so a
crash between the two republishes it with the same `ce_id`, which consumers deduplicate.
Order per aggregate is kept: one document's events go out in order, keyed by its id.

The relay finds its work in the small `_outbox_pending` collection (`mark_pending`) rather
than by scanning the aggregates: on FerretDB v1 every filter but a bare `_id` decodes the whole
collection, and a relay that scanned 20,000 programs five times a second took most of the
database's time. A pass at start-up marks whatever an older version or a lost marker left.
Replicas lease the markers they take for a short while, so two relays rarely publish the
same event twice (never less than once: a marker is deleted only after its pass published).
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from faststream.kafka import KafkaBroker
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.broker import publish_entry
from shared.observability import OUTBOX_BACKLOG, PUBLISHED
from shared.persistence import OUTBOX, PENDING, Document, document_lock, mark_pending

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=15)


class OutboxRelay:
    """Publishes pending events of the given collections, on a wake-up or every interval."""

    def __init__(
        self,
        broker: KafkaBroker,
        collections: Sequence[AsyncCollection[Document]],
        *,
        service: str,
        interval_s: float = 0.2,
    ) -> None:
        self._broker = broker
        self._collections = collections
        self._by_name = {c.name: c for c in collections}
        self._service = service
        self._interval = interval_s
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Ask for a pass now (called after a save that recorded events)."""
        self._wake.set()

    def start(self) -> None:
        """Run in the background until `stop`."""
        self._task = asyncio.create_task(self._run(), name=f"{self._service}-outbox-relay")

    async def stop(self) -> None:
        """Finish the pass in flight, make one last pass, and stop."""
        self._stopping.set()
        self._wake.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        try:
            await self.sweep()
        except Exception:
            log.exception("outbox sweep failed; markers still cover new saves")
        while not self._stopping.is_set():
            try:
                await self.drain()
            except Exception:  # the broker or the database is away: try again next round
                log.exception("outbox relay pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
            self._wake.clear()
        await self.drain()

    async def sweep(self) -> int:
        """Mark every aggregate that holds events (one scan per collection); returns how many."""
        marked = 0
        for collection in self._collections:
            async for doc in collection.find({f"{OUTBOX}.0": {"$exists": True}}, {"_id": 1}):
                await mark_pending(collection, doc["_id"])
                marked += 1
        return marked

    async def drain(self) -> int:
        """Publish every pending event once; returns how many were published."""
        published = 0
        if not self._collections:
            return 0
        while marks := await self._claim():
            published += await self._relay(marks)
        OUTBOX_BACKLOG.labels(self._service).set(await self._marks.count_documents({}))
        return published

    @property
    def _marks(self) -> AsyncCollection[Document]:
        return self._collections[0].database[PENDING]

    @staticmethod
    def _claimable() -> Document:
        now = datetime.now(UTC)
        return {"$or": [{"_lease": {"$exists": False}}, {"_lease": {"$lt": now}}]}

    async def _claim(self, limit: int = 200) -> list[Document]:
        """Lease a batch of markers no other relay holds; the ones this relay got."""
        found = await self._marks.find(self._claimable(), {"_id": 1}).limit(limit).to_list(None)
        if not found:
            return []
        ids, owner = [m["_id"] for m in found], uuid.uuid4().hex
        await self._marks.update_many(
            {"_id": {"$in": ids}, **self._claimable()},
            {"$set": {"_lease": datetime.now(UTC) + LEASE, "_owner": owner}},
        )
        return await self._marks.find({"_id": {"$in": ids}, "_owner": owner}).to_list(None)

    async def _relay(self, marks: list[Document]) -> int:
        """Publish the marked aggregates' events, then forget exactly these markers."""
        published = 0
        for collection_name, doc_id in dict.fromkeys((m["collection"], m["doc"]) for m in marks):
            collection = self._by_name.get(collection_name)
            if collection is not None:
                published += await self._publish(collection, doc_id)
        await self._marks.delete_many({"_id": {"$in": [m["_id"] for m in marks]}})
        return published

    async def _publish(self, collection: AsyncCollection[Document], doc_id: str) -> int:
        doc = await collection.find_one({"_id": doc_id})  # a bare `_id`: FerretDB's fast path
        entries = (doc or {}).get(OUTBOX) or []
        if not entries:
            return 0
        futures = [await publish_entry(self._broker, entry) for entry in entries]
        await asyncio.gather(*futures)
        async with document_lock(collection, doc_id):  # a save may come meanwhile: take turns
            await collection.update_one({"_id": doc_id}, {"$pullAll": {OUTBOX: entries}})
        for entry in entries:
            PUBLISHED.labels(self._service, entry["envelope"]["type"]).inc()
        return len(entries)
