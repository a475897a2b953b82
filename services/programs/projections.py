"""The stored read models of members and terms, kept from their topics and rebuilt by replay."""

from collections.abc import Sequence
from datetime import date

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from shared.messaging import Delivery
from shared.persistence import Document
from shared.readmodels import (
    Projection,
    member_document,
    member_revision,
    term_document,
    term_revision,
)

from .readmodels import MemberView, TermView


class _NewestWins(Projection):
    """`Projection`, with a new document upserted by `_id` alone.

    FerretDB v1 scans the whole collection for an upsert whose filter holds more than `_id`
    (as `revision < n` does), so replaying a topic into a fresh read model grew quadratic.
    """

    async def apply(self, deliveries: Sequence[Delivery]) -> int:
        """Store the newest state of each aggregate in the batch; returns documents written."""
        newest: dict[str, tuple[int, Delivery]] = {}
        for delivery in deliveries:
            rev, key = self._revision_of(delivery), delivery.event.subject
            if key not in newest or rev > newest[key][0]:
                newest[key] = (rev, delivery)
        if not newest:
            return 0
        found = self.collection.find({"_id": {"$in": list(newest)}}, {"revision": 1})
        stored = {d["_id"]: d.get("revision", 0) async for d in found}
        ops: list[UpdateOne] = []
        for key, (rev, delivery) in newest.items():
            body = {**self._shape(delivery), "revision": rev}
            body.pop("_id", None)
            if key not in stored:  # one consumer per key: nobody inserts it meanwhile
                ops.append(UpdateOne({"_id": key}, {"$setOnInsert": body}, upsert=True))
            elif stored[key] < rev:
                ops.append(UpdateOne({"_id": key, "revision": {"$lt": rev}}, {"$set": body}))
        if ops:
            await self.collection.bulk_write(ops, ordered=False)
        return len(ops)


class MemberViews(_NewestWins):
    """Members as `member.registered`/`member.updated` describe them (no contact data)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, shape=member_document, revision_of=member_revision)

    async def view(self, member_id: str) -> MemberView | None:
        """The member as programs knows it, or None when no event named it yet."""
        doc = await self.get(member_id)
        if doc is None:
            return None
        return MemberView(
            member_id=doc["_id"],
            council=doc["council"],
            kind=doc["kind"],
            name=doc["name"],
            revision=doc["revision"],
        )


class TermViews(_NewestWins):
    """Terms (kepengurusan) as `term.inaugurated`/`term.ended` describe them."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        super().__init__(collection, shape=term_document, revision_of=term_revision)

    async def view(self, term_id: str) -> TermView | None:
        """The term, or None when it is unknown (or ended before its inauguration arrived)."""
        doc = await self.get(term_id)
        if doc is None or doc.get("status") not in ("inaugurated", "ended"):
            return None
        if not doc.get("period_start") or not doc.get("period_end"):
            return None  # only term.ended reached us: not enough to show, and not sitting
        return TermView(
            term_id=doc["_id"],
            council=doc["council"],
            status=doc["status"],
            period_start=date.fromisoformat(doc["period_start"]),
            period_end=date.fromisoformat(doc["period_end"]),
        )
