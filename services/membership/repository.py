"""MongoDB documents <-> membership aggregates. Every query is filtered by region scope.

Each repository is a `shared.repository.Aggregates`: an add stores revision 1, a save moves the
revision on by one (refused when saved meanwhile), and both empty the aggregate's pending events.
"""

import re
from collections.abc import AsyncIterator, Sequence
from datetime import date
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.aggregate import Conflict
from shared.documents import fields_of, to_document
from shared.exports import paged
from shared.persistence import Document
from shared.regions import scope_filter
from shared.repository import Aggregates
from shared.search import matches, search_key
from shared.store import AggregateStore

from .domain import BoardPosition, Council, Member, Term
from .nibs import NibClaims

INDEXES = {
    "councils": [IndexModel([("parent", ASCENDING)])],
    "members": [
        IndexModel([("council", ASCENDING), ("kind", ASCENDING)]),
        IndexModel([("nib", ASCENDING)]),
        IndexModel([("created_at", DESCENDING)]),
    ],
    "nibs": [],  # _id = NIB: the unique claim of a business identification number
    "terms": [IndexModel([("council", ASCENDING), ("period_start", DESCENDING)])],
}
SEARCH_KEY = "search_key"  # name, owner and NIB without case and accents (`shared.search`)


class Councils(Aggregates[Council]):
    """The councils a deployment keeps; one per code (409 otherwise)."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=_council)
        self._registered: set[str] = set()  # codes found here; a council is never deleted

    async def registered(self, code: str) -> bool:
        """Whether the council is kept here: asked of the database until the answer is yes.

        Every member registration asks this; a code once found needs no read again."""
        if code not in self._registered and await self.get(code) is not None:
            self._registered.add(code)
        return code in self._registered

    async def within(
        self, *, scope: str, skip: int, limit: int, parent: str | None = None
    ) -> tuple[list[Council], int]:
        """Councils within a scope (those directly below `parent`, when given), by code."""
        query = scope_filter(scope, field="_id")
        if parent is not None:
            query = {**query, "parent": parent}
        return await self.page(query, sort=[("_id", ASCENDING)], skip=skip, limit=limit)


class Members(Aggregates[Member]):
    """The member register; a member's NIB is claimed before it is stored (`nibs`)."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=_member_doc, from_doc=_member)
        self.claims = NibClaims(store.collection)

    async def add(self, aggregate: Member, *, extra: Document | None = None) -> None:
        """Store a new member; claims its NIB first so that an NIB is unique (409 naming it).

        A registration with an NIB has an id derived from its content (`registration_id`): the
        retry of one whose process died between the claim and the member finds its own claim.
        """
        nib = aggregate.nib
        if nib:
            await self.claims.claim(nib, aggregate.id)
        try:
            await super().add(aggregate, extra=extra)
        except Conflict:
            if not nib:
                raise
            stored = await self.get(aggregate.id)  # this very registration, stored before
            if stored is None or stored.nib != nib:
                await self.claims.release(nib, aggregate.id)
            raise Conflict(
                f"NIB {nib} was registered before as member {aggregate.id}", field="nib"
            ) from None
        except Exception:
            if nib:
                await self.claims.release(nib, aggregate.id)
            raise

    async def add_new(self, members: Sequence[Member]) -> list[Member]:
        """Store new members with NIBs in two writes (their claims, then them); returns those
        stored. A member whose NIB was claimed before is left out, for `add` or `save`."""
        claimed = await self.claims.claim_new({m.nib: m.id for m in members if m.nib})
        fresh = [m for m in members if m.nib in claimed]
        stored = await self.store.insert_many([(_member_doc(m), m.pending) for m in fresh])
        for member in fresh:
            member.revision, member.pending = 1, []
        return [m for m in fresh if m.id in stored]

    async def save(self, aggregate: Member, *, previous_nib: str | None = None) -> None:
        """Store a changed member, moving its NIB claim when the NIB changed."""
        if aggregate.nib and aggregate.nib != previous_nib:
            await self.claims.claim(aggregate.nib, aggregate.id)
        await super().save(aggregate)
        if previous_nib and previous_nib != aggregate.nib:
            await self.claims.release(previous_nib, aggregate.id)

    async def by_nib(self, nib: str) -> Member | None:
        """The business holding an NIB, found through its claim: two look-ups by bare `_id`.

        Every stored NIB is claimed first (`nibs`), so no claim means no such member. A query
        on `nib` would make FerretDB v1 decode the whole member collection for each record of
        a registry intake (issue 17, W6)."""
        claim = await self.claims.nibs.find_one({"_id": nib}, {"member_id": 1})
        if claim is None:
            return None
        member = await self.get(claim["member_id"])
        return member if member is not None and member.nib == nib else None

    async def search(
        self, *, scope: str, skip: int, limit: int, text: str | None = None, **criteria: Any
    ) -> tuple[list[Member], int]:
        """Members within a scope matching council, kind, category and text; newest first."""
        query: Document = {**scope_filter(scope)}
        query.update({k: v for k, v in criteria.items() if v is not None})
        if text:
            pattern = {"$regex": re.escape(text), "$options": "i"}  # members stored before
            either = [{"name": pattern}, {"owner_name": pattern}, {"nib": pattern}]
            query["$and"] = [{"$or": [matches(SEARCH_KEY, text), *either]}]
        return await self.page(query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit)

    def export(self, *, scope: str, **criteria: Any) -> AsyncIterator[Document]:
        """Every stored member within a scope matching kind, category and scale, by id."""
        return paged(self.collection, member_filter(scope, **criteria))


def member_filter(scope: str, **criteria: Any) -> Document:
    """The members within `scope` that match kind, category and scale."""
    return {**scope_filter(scope), **{k: v for k, v in criteria.items() if v is not None}}


class Terms(Aggregates[Term]):
    """Board terms (kepengurusan), the history of every council's boards."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=_term)

    async def of_council(self, council: str) -> list[Term]:
        """Every term of one council: the few a rule about periods or succession needs."""
        return await self.find({"council": council})

    async def history(
        self, *, scope: str, skip: int, limit: int, **criteria: Any
    ) -> tuple[list[Term], int]:
        """Terms within a scope matching council and status, newest period first."""
        query: Document = {**scope_filter(scope)}
        query.update({k: v for k, v in criteria.items() if v is not None})
        newest = [("period_start", DESCENDING), ("council", ASCENDING)]
        return await self.page(query, sort=newest, skip=skip, limit=limit)


def _council(doc: Document) -> Council:
    return Council(revision=doc["revision"], **fields_of(doc, drop=("revision", "updated_at")))


def _term(doc: Document) -> Term:
    fields = fields_of(doc, drop=("revision", "updated_at"))
    fields["period_start"] = date.fromisoformat(fields["period_start"])
    fields["period_end"] = date.fromisoformat(fields["period_end"])
    fields["positions"] = [BoardPosition(**seat) for seat in fields.get("positions", [])]
    return Term(revision=doc["revision"], **fields)


def _member_doc(member: Member) -> Document:
    """A member's document, with the key that search matches regardless of case and accents."""
    doc = to_document(member)
    doc[SEARCH_KEY] = search_key([member.name, member.owner_name, member.nib])
    return doc


def _member(doc: Document) -> Member:
    fields = fields_of(doc, drop=("revision", SEARCH_KEY))
    return Member(revision=doc["revision"], **fields)
