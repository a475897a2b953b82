"""Schema versions of stored aggregates, and the start-up step that brings old documents up.

Every aggregate document carries `_schema`: the version of its collection's layout that wrote
it. Documents without it were written before versions existed and are version 1. A service
lists its `Migration`s (one per collection and version); at start, before it serves, `migrate`
rewrites each older document with the fields of the versions it lacks. Only single-document
updates are used (FerretDB v1 has no transactions), each guarded by the document's revision
and version, so a second run, or a run beside another instance, changes nothing twice.

A collection that changed its name is moved first (`move_collection`), before indexes are made.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from shared.persistence import SCHEMA, Document, document_lock, insert_new

log = logging.getLogger(__name__)
ATTEMPTS = 5  # a document saved meanwhile is read again
MOVE_BATCH = 500


@dataclass(frozen=True)
class Migration:
    """What makes a document of `collection` at `version - 1` one at `version`."""

    collection: str
    version: int
    upgrade: Callable[[Document], Document]  # the document -> the fields to `$set`
    summary: str
    drop: tuple[str, ...] = ()  # fields this version no longer has (`$unset`), e.g. renamed


def schema_version(migrations: Sequence[Migration], collection: str) -> int:
    """The version documents of `collection` are written at now (1 without migrations)."""
    return max((m.version for m in migrations if m.collection == collection), default=1)


async def migrate(db: AsyncDatabase[Document], migrations: Sequence[Migration]) -> dict[str, int]:
    """Bring every older document up to its collection's version; returns counts migrated."""
    counts: dict[str, int] = {}
    for collection in sorted({m.collection for m in migrations}):
        steps = sorted((m for m in migrations if m.collection == collection), key=_version)
        target = steps[-1].version
        counts[collection] = await _collection(db[collection], steps, target)
        if counts[collection]:
            log.info(
                "migrated %s %s document(s) to schema %s: %s",
                counts[collection],
                collection,
                target,
                "; ".join(s.summary for s in steps),
            )
    return counts


def _version(migration: Migration) -> int:
    return migration.version


async def _collection(
    collection: AsyncCollection[Document], steps: Sequence[Migration], target: int
) -> int:
    older = {"$or": [{SCHEMA: {"$exists": False}}, {SCHEMA: {"$lt": target}}]}
    ids = [d["_id"] async for d in collection.find(older, {"_id": 1})]
    migrated = 0
    for doc_id in ids:
        async with document_lock(collection, doc_id):
            migrated += await _document(collection, doc_id, steps, target)
    return migrated


async def _document(
    collection: AsyncCollection[Document], doc_id: str, steps: Sequence[Migration], target: int
) -> int:
    for _ in range(ATTEMPTS):
        doc = await collection.find_one({"_id": doc_id})
        if doc is None or doc.get(SCHEMA, 1) >= target:
            return 0  # gone, or migrated by another instance
        version = doc.get(SCHEMA, 1)
        changes, dropped = _changes(doc, steps, version)
        guard: Document = {"_id": doc_id, "revision": doc.get("revision")}
        guard[SCHEMA] = version if SCHEMA in doc else {"$exists": False}
        update: Document = {"$set": {**changes, SCHEMA: target}}
        if dropped:
            update["$unset"] = {name: "" for name in dropped}
        result = await collection.update_one(guard, update)
        if result.matched_count:
            return 1
    log.warning("%s %s was saved during each migration attempt; next start", collection, doc_id)
    return 0


def _changes(doc: Document, steps: Sequence[Migration], version: int) -> tuple[Document, list[str]]:
    """The fields to set and those to remove that bring `doc` from `version` to the last step."""
    changes: Document = {}
    dropped: set[str] = set()
    for step in steps:
        if step.version > version:
            current = {k: v for k, v in {**doc, **changes}.items() if k not in dropped}
            changes.update(step.upgrade(current))
            dropped = (dropped - changes.keys()) | set(step.drop)
            changes = {k: v for k, v in changes.items() if k not in dropped}
    return changes, sorted(dropped)


async def move_collection(db: AsyncDatabase[Document], old: str, new: str) -> int:
    """Carry the documents of `old` over to `new` and drop `old`; returns documents moved.

    A rename when `new` does not exist yet (FerretDB v1 renames, indexes included, but knows no
    `dropTarget`); otherwise a copy in batches of the documents `new` lacks (those it has are
    kept), then the drop. Idempotent: once `old` is gone there is nothing to do, and a move cut
    short is finished by the next start.
    """
    names = await db.list_collection_names()
    if old not in names:
        return 0
    moved = await db[old].count_documents({})
    if new not in names:
        await db[old].rename(new)
    else:
        batch: list[Document] = []
        async for doc in db[old].find({}).sort("_id", 1):
            batch.append(doc)
            if len(batch) == MOVE_BATCH:
                await _insert_missing(db[new], batch)
                batch = []
        await _insert_missing(db[new], batch)
        await db[old].drop()
    log.info("moved %s document(s) of collection %s to %s", moved, old, new)
    return moved


async def _insert_missing(collection: AsyncCollection[Document], docs: list[Document]) -> None:
    await insert_new(collection, docs)  # those already there stay as they are
