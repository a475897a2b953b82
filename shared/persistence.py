"""MongoDB access: the client factory, and saving an aggregate together with its events.

Only the subset of MongoDB that FerretDB v1 serves is used: single-document updates (no
transactions), `$set $push $pullAll $inc $addToSet`, unique indexes, `bulk_write`.
"""

import asyncio
import uuid
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from shared.aggregate import Conflict, StaleRevision
from shared.contracts.base import Event
from shared.observability import correlation_id

Document = dict[str, Any]
OUTBOX = "_outbox"
PENDING = "_outbox_pending"
"""Per service database: small markers of saves that carry events (`mark_pending`)."""
SCHEMA = "_schema"
DUPLICATE_KEY = 11000
"""The layout version an aggregate document was written at (`shared.migrations`)."""
_locks: "weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock]" = weakref.WeakValueDictionary()


def document_lock(collection: AsyncCollection[Document], doc_id: str) -> asyncio.Lock:
    """One lock per stored document, shared by every writer in this process.

    FerretDB v1 applies an update as read-modify-write without isolation: two concurrent
    updates of one document may both report success while one is lost (even when both filter
    on the same revision). Writers of a document therefore take turns within a process; across
    processes, run MongoDB (where a single-document update is atomic).
    """
    key = (collection.full_name, doc_id)
    lock = _locks.get(key)
    if lock is None:
        lock = asyncio.Lock()
        _locks[key] = lock
    return lock


def create_client(
    url: str, *, timeout_ms: int = 0, server_selection_timeout_ms: int = 5000
) -> AsyncMongoClient[Document]:
    """A PyMongo async client; timestamps come back timezone-aware (UTC).

    `timeout_ms` bounds every operation (0: none; requests have their own deadline).
    """
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=server_selection_timeout_ms,
        timeoutMS=timeout_ms or None,
    )


async def ensure_indexes(
    db: AsyncDatabase[Document], indexes: Mapping[str, Sequence[IndexModel]]
) -> None:
    """Create the indexes a service needs at start-up (idempotent)."""
    for collection, models in indexes.items():
        existing = {index["name"] async for index in await db[collection].list_indexes()}
        for model in models:  # one by one, only the missing: FerretDB v1 panics when a
            if model.document["name"] not in existing:  # batch re-creates existing indexes
                await db[collection].create_indexes([model])


async def mark_pending(collection: AsyncCollection[Document], doc_id: str) -> None:
    """Tell the relay that `doc_id` has events to publish: before saving them, and after.

    The relay reads these markers instead of scanning the aggregates (every filter but a bare
    `_id` scans the whole collection on FerretDB v1). Markers are only ever inserted, each with
    its own id, and the relay deletes exactly the markers it read before loading the aggregate:
    a save it did not see has a marker it did not read. The mark after the save is the one a
    racing relay pass cannot miss; the one before covers a crash right after the save. A crash
    before the save leaves a marker with nothing to publish, which the relay simply removes.
    """
    await collection.database[PENDING].insert_one(
        {
            "_id": uuid.uuid4().hex,
            "collection": collection.name,
            "doc": doc_id,
            "at": datetime.now(UTC),  # the backlog's age (`shared/messaging/markers.py`)
        }
    )


async def mark_pending_many(collection: AsyncCollection[Document], doc_ids: Sequence[str]) -> None:
    """`mark_pending` for many documents in one write."""
    if doc_ids:
        now = datetime.now(UTC)
        await collection.database[PENDING].insert_many(
            [
                {"_id": uuid.uuid4().hex, "collection": collection.name, "doc": d, "at": now}
                for d in doc_ids
            ]
        )


def pending_entry(event: Event, *, source: str) -> Document:
    """The outbox entry of an event: its CloudEvents id is fixed here, once."""
    from shared.contracts.envelope import Envelope

    envelope = Envelope(
        type=event.topic,
        source=source,
        subject=event.subject,
        dataschema=event.dataschema(),
        region=event.council,
        correlationid=correlation_id(),
    )
    return {"envelope": envelope.model_dump(mode="json"), "data": event.model_dump_json()}


class AggregateStore:
    """Stores aggregate documents with their pending events in the same single update."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        *,
        source: str,
        on_pending: Callable[[], None] | None = None,
        schema: Callable[[], int] = lambda: 1,
    ) -> None:
        self.collection = collection
        self._source = source
        self._on_pending = on_pending or (lambda: None)
        self._schema = schema  # the `_schema` version saves stamp (`shared.migrations`)

    async def insert(self, doc: Document, events: Sequence[Event]) -> None:
        """Insert a new aggregate at revision 1; a duplicate key is a 409."""
        body = {
            **doc,
            "revision": 1,
            SCHEMA: self._schema(),
            OUTBOX: [pending_entry(e, source=self._source) for e in events],
        }
        if events:
            await mark_pending(self.collection, doc["_id"])
        try:
            await self.collection.insert_one(body)
        except DuplicateKeyError as exc:
            raise Conflict(f"{self.collection.name} {doc.get('_id')} already exists") from exc
        await self._saved(doc["_id"], events)

    async def insert_many(self, items: Sequence[tuple[Document, Sequence[Event]]]) -> set[str]:
        """Insert new aggregates at revision 1 in one write (markers before and after, as
        `insert`); returns the ids stored. An id stored already is left as it was."""
        bodies = [
            {
                **doc,
                "revision": 1,
                SCHEMA: self._schema(),
                OUTBOX: [pending_entry(e, source=self._source) for e in events],
            }
            for doc, events in items
        ]
        pending = [doc["_id"] for doc, events in items if events]
        await mark_pending_many(self.collection, pending)
        stored = {body["_id"] for body in bodies}
        if bodies:
            try:
                await self.collection.insert_many(bodies, ordered=False)
            except BulkWriteError as exc:
                errors = exc.details.get("writeErrors", [])
                if any(e.get("code") != DUPLICATE_KEY for e in errors):
                    raise
                stored -= {bodies[e["index"]]["_id"] for e in errors}
        await mark_pending_many(self.collection, [d for d in pending if d in stored])
        if any(d in stored for d in pending):
            self._on_pending()
        return stored

    async def update(
        self, doc_id: str, revision: int, changes: Document, events: Sequence[Event]
    ) -> None:
        """Apply changes if nobody saved since `revision`; else 409 (optimistic concurrency)."""
        update: Document = {
            "$set": {
                **changes,
                "revision": revision + 1,
                SCHEMA: self._schema(),
                "updated_at": datetime.now(UTC),
            }
        }
        if events:
            entries = [pending_entry(e, source=self._source) for e in events]
            update["$push"] = {OUTBOX: {"$each": entries}}
            await mark_pending(self.collection, doc_id)
        async with document_lock(self.collection, doc_id):
            result = await self.collection.update_one({"_id": doc_id, "revision": revision}, update)
        if result.matched_count == 0:
            raise StaleRevision(f"{self.collection.name} {doc_id} was changed meanwhile; retry")
        await self._saved(doc_id, events)

    async def _saved(self, doc_id: str, events: Sequence[Event]) -> None:
        if events:
            await mark_pending(self.collection, doc_id)
            self._on_pending()


async def find_by_ids(
    collection: AsyncCollection[Document], ids: Sequence[str], projection: Document | None = None
) -> list[Document]:
    """The documents with these ids, in one `$in` query.

    FerretDB v1 (SQLite) scans the collection for any filter, `_id` included (`find_one` by an
    id inserted late costs ~36 ms at 20,000 documents), so one query for the whole batch is
    the cheapest; on MongoDB it is an index lookup.
    """
    if not ids:
        return []  # no query at all: even an empty `$in` scans on FerretDB
    return await collection.find({"_id": {"$in": list(ids)}}, projection).to_list(None)


async def find_page(
    collection: AsyncCollection[Document],
    query: Document,
    *,
    sort: Sequence[tuple[str, int]],
    skip: int,
    limit: int,
) -> tuple[list[Document], int]:
    """One page of the documents matching `query` in `sort` order, and how many match in all."""
    total = await collection.count_documents(query)
    cursor = collection.find(query).sort(list(sort)).skip(skip).limit(limit)
    return await cursor.to_list(limit), total
