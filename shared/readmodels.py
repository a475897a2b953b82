"""Read models of other services' aggregates, kept from their topics.

Subscriptions that feed a projection may set `batch=True`: applying a batch is idempotent.

One document per aggregate id; the newest revision wins, so redeliveries, replays and
reordering across partitions leave the same state. A batch is one `insert_many`; for the
aggregates already known, the stored revisions are read and only the newer are written.
"""

from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.consumer import Delivery, Subscription
from shared.observability import READMODEL_WRITES
from shared.persistence import Document, document_lock, find_by_ids, insert_new, on_ferretdb
from shared.regions import scope_filter

SLICE = 50  # updates per bulk write
Revision = Callable[[Delivery], int]
Shape = Callable[[Delivery], Document]


class Projection:
    """A read model: `shape` turns a delivery into the document, `revision_of` orders them."""

    def __init__(
        self, collection: AsyncCollection[Document], *, shape: Shape, revision_of: Revision
    ) -> None:
        self.collection = collection
        self._shape = shape
        self._revision_of = revision_of

    async def apply(self, deliveries: Sequence[Delivery]) -> int:
        """Store the newest state of each aggregate in the batch; returns documents written.

        Insert first: one `insert_many` stores every aggregate not seen before, and the unique
        `_id` tells which were known. Only those are updated, and only when older. This is what
        FerretDB v1 serves well: an insert uses its `_id` index, as does a bare `_id` look-up on
        the devstack's build, while any other filter decodes the whole collection. On MongoDB
        both ways are cheap.
        """
        newest: dict[str, Document] = {}
        for delivery in deliveries:
            doc = {**self._shape(delivery), "revision": self._revision_of(delivery)}
            key = delivery.event.subject
            if key not in newest or doc["revision"] > newest[key]["revision"]:
                newest[key] = doc
        known = await self._insert(list(newest.values()))
        updated = await self._update(known)
        writes = READMODEL_WRITES.labels
        writes(self.collection.name, "inserted").inc(len(newest) - len(known))
        writes(self.collection.name, "updated").inc(updated)
        writes(self.collection.name, "unchanged").inc(
            len(deliveries) - len(newest) + len(known) - updated
        )
        return len(newest) - len(known) + updated

    async def _insert(self, docs: list[Document]) -> list[Document]:
        """Insert what is new; returns the documents whose `_id` was already stored."""
        return await insert_new(self.collection, docs)

    async def _update(self, docs: list[Document]) -> int:
        """Overwrite stored documents whose revision is older; returns how many changed.

        A redelivery is the common case, so the stored revisions are read first and only the
        newer documents are written, each by its bare `_id`: FerretDB v1 answers any other
        filter by decoding the whole collection (a guarded update took 1.46 s at 21,500
        documents), a bare `_id` by an index look-up (about 1 ms). Read and write happen under the
        documents' locks (one consumer writes a read model in a process).
        """
        if not docs:
            return 0
        async with AsyncExitStack() as locks:
            for key in sorted(d["_id"] for d in docs):
                await locks.enter_async_context(document_lock(self.collection, key))
            stored = await self._revisions([d["_id"] for d in docs])
            return await self._write(
                [d for d in docs if stored.get(d["_id"], d["revision"]) < d["revision"]]
            )

    async def _write(self, docs: list[Document]) -> int:
        """Overwrite by `_id`; on MongoDB still guarded by revision (an index look-up there),
        for writers in other processes."""
        guarded = not await on_ferretdb(self.collection)
        ops = [
            UpdateOne(
                {
                    "_id": d["_id"],
                    **({"revision": {"$lt": d["revision"]}} if guarded else {}),
                },
                {"$set": {k: v for k, v in d.items() if k != "_id"}},
            )
            for d in docs
        ]
        changed = 0
        for start in range(0, len(ops), SLICE):
            result = await self.collection.bulk_write(ops[start : start + SLICE], ordered=False)
            changed += result.modified_count
        return changed

    async def _revisions(self, keys: list[str]) -> dict[str, int]:
        """The stored revision of each key (`find_by_ids`)."""
        found = await find_by_ids(self.collection, keys, {"revision": 1})
        return {doc["_id"]: int(doc.get("revision", 0)) for doc in found}

    async def get(self, key: str) -> Document | None:
        """One document by aggregate id."""
        return await self.collection.find_one({"_id": key})

    async def by_keys(self, keys: Sequence[str], fields: Document | None = None) -> list[Document]:
        """The documents of these aggregate ids (`find_by_ids`)."""
        return await find_by_ids(self.collection, keys, fields)

    async def find(self, *, scope: str, limit: int = 100, **match: Any) -> list[Document]:
        """Documents within a region scope."""
        query = {**scope_filter(scope), **match}
        return await self.collection.find(query).limit(limit).to_list(None)

    async def clear(self) -> None:
        """Forget everything (before a rebuild from offset 0)."""
        await self.collection.delete_many({})


def member_document(delivery: Delivery) -> Document:
    """The public record of a member, as `member.registered`/`member.updated` carry it."""
    doc = delivery.event.model_dump(mode="json")
    doc["_id"] = doc["member_id"]
    return doc


def member_revision(delivery: Delivery) -> int:
    """Members carry their own revision."""
    return int(getattr(delivery.event, "revision", 0))


_TERM_STAGE = {"term.created": 1, "term.inaugurated": 2, "term.ended": 3}


def term_document(delivery: Delivery) -> Document:
    """A term's council, period, status and bidang, from any of the `term.*` topics."""
    data = delivery.event.model_dump(mode="json")
    status = {"term.created": "draft", "term.inaugurated": "inaugurated", "term.ended": "ended"}[
        delivery.envelope.type
    ]
    keep = ("term_id", "council", "period_start", "period_end", "decree_number", "bidang")
    return {"_id": data["term_id"], "status": status, **{k: data[k] for k in keep if k in data}}


def term_revision(delivery: Delivery) -> int:
    """A term only moves forward: draft, inaugurated, ended."""
    return _TERM_STAGE[delivery.envelope.type]


def keep(name: str, topics: tuple[str, ...], projection: Projection) -> Subscription:
    """A subscription that keeps a read model: batched (idempotent), rebuildable by replay."""

    async def apply(batch: Sequence[Delivery]) -> None:
        await projection.apply(batch)

    return Subscription(name=name, topics=topics, handler=apply, batch=True, reset=projection.clear)
