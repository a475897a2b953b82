"""The outbox relay: publishes the events stored in aggregate documents, then removes them.

At-least-once: an event is removed only after the broker acknowledged it (acks=all), so a
crash between the two republishes it with the same `ce_id`, which consumers deduplicate.
Order per aggregate is kept: one document's events go out in order, keyed by its id. Replicas
claim documents with a short lease, so two relays rarely publish the same event twice.
"""

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from faststream.kafka import KafkaBroker
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.broker import publish_entry
from shared.observability import OUTBOX_BACKLOG, PUBLISHED
from shared.persistence import OUTBOX, Document, document_lock

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
        while not self._stopping.is_set():
            try:
                await self.drain()
            except Exception:  # the broker or the database is away: try again next round
                log.exception("outbox relay pass failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
            self._wake.clear()
        await self.drain()

    async def drain(self) -> int:
        """Publish every pending event once; returns how many were published."""
        published = 0
        for collection in self._collections:
            while ids := await self._pending_ids(collection):
                done = [await self._relay_one(collection, doc_id) for doc_id in ids]
                published += sum(done)
                if not any(done):
                    break  # all claimed by other replicas meanwhile: their lease runs
        await self._measure()
        return published

    async def _pending_ids(self, collection: AsyncCollection[Document]) -> list[str]:
        cursor = collection.find(self._claimable(), {"_id": 1}).limit(100)
        return [doc["_id"] async for doc in cursor]

    @staticmethod
    def _claimable() -> Document:
        now = datetime.now(UTC)
        return {
            f"{OUTBOX}.0": {"$exists": True},
            "$or": [{"_lease": {"$exists": False}}, {"_lease": {"$lt": now}}],
        }

    async def _relay_one(self, collection: AsyncCollection[Document], doc_id: str) -> int:
        async with document_lock(collection, doc_id):  # claim: another replica may be at it
            doc = await collection.find_one_and_update(
                {"_id": doc_id, **self._claimable()},
                {"$set": {"_lease": datetime.now(UTC) + LEASE}},
            )  # no projection: FerretDB v1 does not serve one on findAndModify
        if doc is None:
            return 0
        entries = doc[OUTBOX]
        futures = [await publish_entry(self._broker, entry) for entry in entries]
        await asyncio.gather(*futures)
        async with document_lock(collection, doc_id):  # a save may come meanwhile: take turns
            await collection.update_one(
                {"_id": doc_id},
                {"$pullAll": {OUTBOX: entries}, "$set": {"_lease": datetime.now(UTC)}},
            )
        for entry in entries:
            PUBLISHED.labels(self._service, entry["envelope"]["type"]).inc()
        return len(entries)

    async def _measure(self) -> None:
        backlog = 0
        for collection in self._collections:
            backlog += await collection.count_documents({f"{OUTBOX}.0": {"$exists": True}})
        OUTBOX_BACKLOG.labels(self._service).set(backlog)
