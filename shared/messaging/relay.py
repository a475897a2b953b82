"""The outbox relay: publishes the events stored in aggregate documents, then removes them.

At-least-once: an event is removed only after the broker acknowledged it (acks=all), so a
crash between the two republishes it with the same `ce_id`, which consumers deduplicate.
One document's events go out in order, keyed by its id.

The relay finds its work in `Markers` (saves here hand their documents over in memory, a new
one with its events; the sweep stores markers), never by scanning the aggregates for a pass.
The sweep, at start-up and every `sweep_s`, marks every document with events that no save
handed over here (e.g. after a kill -9). Replicas on MongoDB lease the stored markers they
take, so two relays rarely publish an event twice (never less than once).

Liveness: a pass that Kafka does not acknowledge within the publisher's deadline, or that fails
with an error after which the producer cannot deliver again, replaces the producer (see
`publisher.py`); the markers it held are released for the next pass. `stalled` tells readiness
when events wait and nothing was published for a while; `stop` bounds the final flush.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence

from aiokafka.errors import KafkaError
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging.markers import Markers
from shared.messaging.publisher import Publisher
from shared.observability import PUBLISHED
from shared.persistence import OUTBOX, Document, find_by_ids
from shared.store import remove_published

log = logging.getLogger(__name__)
RENEW_AFTER = 3  # failed passes in a row (Kafka errors of any kind) before a new producer
MAX_PAUSE_S = 5.0
BATCH = 200  # markers per claim


class OutboxRelay:
    """Publishes pending events of the given collections, on a wake-up or every interval."""

    def __init__(
        self,
        publisher: Publisher,
        db: AsyncDatabase[Document],
        collections: Sequence[str],
        *,
        service: str,
        interval_s: float = 0.2,
        stall_s: float = 30.0,
        sweep_s: float = 300.0,
    ) -> None:
        self._publisher = publisher
        self._collections = [db[name] for name in collections]
        self._by_name = {c.name: c for c in self._collections}
        self._service = service
        self._interval = interval_s
        self._stall_s = stall_s
        self._sweep_s = sweep_s
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._failures = 0
        self._published_at = time.monotonic()
        self._markers = Markers(db, service=service)

    @property
    def stalled(self) -> bool:
        """Events have waited longer than `stall_s` and this relay published nothing as long."""
        idle = time.monotonic() - self._published_at
        return self._markers.oldest_age_s > self._stall_s and idle > self._stall_s

    def pending(self, collection: str, doc_id: str, entries: list[Document] | None = None) -> None:
        """A save in this process left events in the document: publish them, without a marker.

        `entries`: a new document's events, published without reading it back (a registry
        intake inserts thousands); None: the relay reads the document."""
        self._markers.hand(collection, doc_id, entries)
        self._wake.set()

    def start(self) -> None:
        """Run in the background until `stop`; measure the backlog meanwhile."""
        if not self._collections:
            return
        self._published_at = time.monotonic()
        self._tasks = [
            asyncio.create_task(self._run(), name=f"{self._service}-outbox-relay"),
            asyncio.create_task(self._markers.watch(), name=f"{self._service}-outbox-backlog"),
        ]

    async def stop(self, timeout_s: float = 15.0) -> None:
        """Finish the pass in flight and make a last one, within `timeout_s`; then close."""
        self._stopping.set()
        self._wake.set()
        if self._tasks:
            run, watch = self._tasks
            watch.cancel()
            if not (await asyncio.wait({run}, timeout=timeout_s))[0]:
                log.warning("outbox relay: no final flush within %ss; a restart sends", timeout_s)
                run.cancel()
            for task in self._tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._publisher.close()

    async def _run(self) -> None:
        next_sweep = 0.0  # at once, then every `sweep_s`
        while not self._stopping.is_set():
            if time.monotonic() >= next_sweep:
                await self._sweep_safely()
                next_sweep = time.monotonic() + self._sweep_s
            await self._pass()
            # after a failure, saves do not cut the pause short: only a stop does
            waiting = self._stopping if self._failures else self._wake
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting.wait(), timeout=self._pause())
            self._wake.clear()
        await self._pass()

    async def _sweep_safely(self) -> None:
        try:
            if marked := await self.sweep():
                log.info("outbox sweep: %d document(s) with events had no marker", marked)
        except Exception as exc:  # the database is away: the next sweep tries again
            log.warning("outbox sweep failed: %r", exc)

    async def _pass(self) -> None:
        """One drain; after a failure, maybe a new producer, and a pause that grows."""
        try:
            await self.drain()
        except Exception as exc:  # the broker or the database is away: try again later
            self._failures += 1
            log.warning("outbox relay pass failed (%d in a row): %r", self._failures, exc)
            renew = isinstance(exc, KafkaError) and self._failures % RENEW_AFTER == 0
            if self._publisher.is_fatal(exc) or renew:
                await self._publisher.renew()
        else:
            self._failures = 0

    def _pause(self) -> float:
        return min(self._interval * 2.0**self._failures, MAX_PAUSE_S)

    async def sweep(self) -> int:
        """Store a marker for every aggregate with events not handed over here; how many."""
        return await self._markers.sweep(self._collections)

    async def drain(self) -> int:
        """Publish every pending event once; returns how many were published.

        A batch smaller than a full one was the last: a save after it wakes the next pass."""
        published = 0
        more = True
        while more:
            marks, more = await self._markers.claim(BATCH)
            if not marks:
                break
            published += await self._relay(marks)
            self._published_at = time.monotonic()
        return published

    async def _relay(self, marks: list[Document]) -> int:
        """Publish the marked aggregates' events in one send, then forget exactly these markers.

        All the batch's events are sent at once (each document's in order, keyed by its id), and
        only after Kafka acknowledged them all are they pulled from their documents: a failure
        publishes the whole batch again.
        """
        try:
            pending = await self._load(marks)
            published = [entry for _, _, entries in pending for entry in entries]
            await self._publisher.publish(published)
            await asyncio.gather(*(remove_published(c, i, entries) for c, i, entries in pending))
        except Exception:
            await self._markers.release(marks)
            raise
        await self._markers.forget(marks)
        for entry in published:
            PUBLISHED.labels(self._service, entry["envelope"]["type"]).inc()
        return len(published)

    async def _load(
        self, marks: list[Document]
    ) -> list[tuple[AsyncCollection[Document], str, list[Document]]]:
        """The marked documents that still hold events, with those events: a new document's
        came with it (nothing to read), the others are read in one batch per collection."""
        pending, known = [], set()  # a sweep may also have marked a document just handed
        for mark in marks:
            if mark.get("entries") and mark["collection"] in self._by_name:
                pending.append((self._by_name[mark["collection"]], mark["doc"], mark["entries"]))
                known.add((mark["collection"], mark["doc"]))
        ids: dict[str, list[str]] = {}
        for mark in marks:
            key = (mark["collection"], mark["doc"])
            if mark["collection"] in self._by_name and key not in known:
                ids.setdefault(mark["collection"], []).append(mark["doc"])
        for name, doc_ids in ids.items():
            collection = self._by_name[name]
            for doc in await find_by_ids(collection, doc_ids, {OUTBOX: 1}):
                if entries := doc.get(OUTBOX):
                    pending.append((collection, doc["_id"], entries))
        return pending
