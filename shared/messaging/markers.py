"""The relay's work list: `_outbox_pending` markers, leased in batches, and its backlog gauges.

The backlog is measured on a clock of its own, so the gauges stay true while passes fail.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from shared.observability import OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE
from shared.persistence import PENDING, Document, delete_by_ids, on_ferretdb

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=15)


class Markers:
    """Leases markers to one relay at a time, and measures how many wait and for how long."""

    def __init__(self, db: AsyncDatabase[Document], *, service: str) -> None:
        self._marks = db[PENDING]
        self._service = service
        self.pending = 0
        self.oldest_age_s = 0.0

    @staticmethod
    def _claimable() -> Document:
        now = datetime.now(UTC)
        return {"$or": [{"_lease": {"$exists": False}}, {"_lease": {"$lt": now}}]}

    async def claim(self, limit: int = 200) -> list[Document]:
        """Lease a batch of markers no other relay holds; the ones this relay got.

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
        """Delete exactly these markers (their events are published)."""
        await delete_by_ids(self._marks, [m["_id"] for m in marks])

    async def release(self, marks: list[Document]) -> None:
        """Give the lease back after a failed pass, so the next one retries them at once."""
        if not marks or "_owner" not in marks[0]:
            return  # not leased (FerretDB): the next pass takes them again anyway
        with contextlib.suppress(Exception):  # else the lease runs out by itself
            await asyncio.wait_for(
                self._marks.update_many(
                    {"_id": {"$in": [m["_id"] for m in marks]}, "_owner": marks[0]["_owner"]},
                    {"$unset": {"_lease": "", "_owner": ""}},
                ),
                timeout=5,
            )

    async def measure(self) -> None:
        """Count the markers and find the oldest, in one read (FerretDB decodes them all anyway)."""
        oldest: datetime | None = None
        count = 0
        async for mark in self._marks.find({}, {"at": 1}):
            count += 1
            at = mark.get("at")
            if isinstance(at, datetime):
                at = at if at.tzinfo else at.replace(tzinfo=UTC)
                oldest = at if oldest is None else min(oldest, at)
        self.pending = count
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
