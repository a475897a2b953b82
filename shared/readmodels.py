"""Read models of other services' aggregates, kept from their topics.

Subscriptions that feed a projection may set `batch=True`: applying a batch is idempotent.

One document per aggregate id; the newest revision wins, so redeliveries, replays and
reordering across partitions leave the same state. Batches are written with one `bulk_write`.
"""

from collections.abc import Callable, Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging.consumer import Delivery
from shared.persistence import Document
from shared.regions import scope_filter

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
        """Store the newest state of each aggregate in the batch; returns documents written."""
        newest: dict[str, tuple[int, Document]] = {}
        for delivery in deliveries:
            rev, doc = self._revision_of(delivery), self._shape(delivery)
            key = delivery.event.subject
            if key not in newest or rev > newest[key][0]:
                newest[key] = (rev, doc)
        if not newest:
            return 0
        stored = {
            d["_id"]: d.get("revision", 0)
            async for d in self.collection.find({"_id": {"$in": list(newest)}}, {"revision": 1})
        }
        ops: list[UpdateOne] = []
        for key, (rev, doc) in newest.items():
            if stored.get(key, -1) >= rev:
                continue  # already as new or newer: a redelivery or a late, older event
            body = {**doc, "revision": rev}
            ops.append(
                UpdateOne(
                    {"_id": key, "revision": {"$lt": rev}}, {"$set": body}, upsert=key not in stored
                )
            )
        if ops:
            await self.collection.bulk_write(ops, ordered=False)
        return len(ops)

    async def get(self, key: str) -> Document | None:
        """One document by aggregate id."""
        return await self.collection.find_one({"_id": key})

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
    """A term's council, period and status, from any of the `term.*` topics."""
    data = delivery.event.model_dump(mode="json")
    status = {"term.created": "draft", "term.inaugurated": "inaugurated", "term.ended": "ended"}[
        delivery.envelope.type
    ]
    keep = ("term_id", "council", "period_start", "period_end", "decree_number")
    return {"_id": data["term_id"], "status": status, **{k: data[k] for k in keep if k in data}}


def term_revision(delivery: Delivery) -> int:
    """A term only moves forward: draft, inaugurated, ended."""
    return _TERM_STAGE[delivery.envelope.type]
