"""MongoDB access: the client factory, and saving an aggregate together with its events.

Only the subset of MongoDB that FerretDB v1 serves is used: single-document updates (no
transactions), `$set $push $pullAll $inc $addToSet`, unique indexes, `bulk_write`.
"""

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from shared.dbmetrics import CommandTimer

Document = dict[str, Any]
T = TypeVar("T")
OUTBOX = "_outbox"
PENDING = "_outbox_pending"
"""Per service database: small markers of saves that carry events (`mark_pending`)."""
SCHEMA = "_schema"
"""The layout version an aggregate document was written at (`shared.migrations`)."""
DUPLICATE_KEY = 11000
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

    Every command's duration is observed (`shared.dbmetrics`).

    `timeout_ms` bounds every operation (0: none; requests have their own deadline).
    """
    return AsyncMongoClient(
        url,
        event_listeners=[CommandTimer()],
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


_SERVERS: "weakref.WeakKeyDictionary[AsyncMongoClient[Document], bool]" = (
    weakref.WeakKeyDictionary()
)
ID_LOOKUPS_AT_ONCE = 32
"""Bare `_id` look-ups a `find_by_ids` on FerretDB has in flight at a time."""


async def on_ferretdb(collection: AsyncCollection[Document]) -> bool:
    """Whether the server is FerretDB v1 (the devstack), asked once per client.

    There only a bare `{_id: ...}` filter uses an index (the devstack's FerretDB adds the one
    its queries can use, `devstack/ferretdb/idindex.go`); every other filter, `$in` and
    `{_id, revision}` included, decodes the whole collection. On MongoDB all of them are index
    look-ups, and one `$in` beats many round trips.
    """
    client = collection.database.client
    known = _SERVERS.get(client)
    if known is None:
        known = "ferretdbVersion" in await client.server_info()
        _SERVERS[client] = known
    return known


async def _each_id(ids: list[str], operation: Callable[[str], Awaitable[T]]) -> list[T]:
    """`operation` on every id, `ID_LOOKUPS_AT_ONCE` in flight at a time."""
    results: list[T] = []
    for start in range(0, len(ids), ID_LOOKUPS_AT_ONCE):
        results += await asyncio.gather(*map(operation, ids[start : start + ID_LOOKUPS_AT_ONCE]))
    return results


async def find_by_ids(
    collection: AsyncCollection[Document], ids: Sequence[str], projection: Document | None = None
) -> list[Document]:
    """The documents with these ids: one `$in` on MongoDB, bare `_id` look-ups on FerretDB."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []  # no query at all
    if not await on_ferretdb(collection):
        return await collection.find({"_id": {"$in": ids}}, projection).to_list(None)
    found = await _each_id(ids, lambda i: collection.find_one({"_id": i}, projection))
    return [doc for doc in found if doc is not None]


async def delete_by_ids(collection: AsyncCollection[Document], ids: Sequence[str]) -> None:
    """Delete these documents: one `$in` on MongoDB, bare `_id` deletes on FerretDB."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return
    if not await on_ferretdb(collection):
        await collection.delete_many({"_id": {"$in": ids}})
    else:
        await _each_id(ids, lambda i: collection.delete_one({"_id": i}))


async def insert_new(collection: AsyncCollection[Document], docs: list[Document]) -> list[Document]:
    """Insert in one unordered write; returns the documents whose `_id` was stored already.

    Insert first, then learn from the unique `_id` what was known: the cheap way on FerretDB
    v1, where inserts use the index and upserts do not. Any other write error is raised."""
    if not docs:
        return []
    try:
        await collection.insert_many(docs, ordered=False)
    except BulkWriteError as exc:
        errors = exc.details.get("writeErrors", [])
        if any(e.get("code") != DUPLICATE_KEY for e in errors):
            raise
        return [docs[e["index"]] for e in errors]
    return []


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
