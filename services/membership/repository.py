"""MongoDB documents <-> membership aggregates. Every query is filtered by region scope."""

import json
import re
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.errors import DuplicateKeyError

from shared.aggregate import Conflict
from shared.clock import utc_now
from shared.exports import paged
from shared.persistence import (
    AggregateStore,
    Document,
    fields_of,
    find_by_ids,
    find_page,
    to_document,
)
from shared.regions import scope_filter
from shared.search import matches, search_key

from .domain import BoardPosition, Council, Member, Term

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


STALE_CLAIM = timedelta(minutes=2)
SEARCH_KEY = "search_key"  # name, owner and NIB without case and accents (`shared.search`)
_REGISTRATIONS = uuid.UUID("5d1b0c8e-2f4a-5b7e-9c3d-6a8f0e1b2c4d")


def registration_id(registration: Mapping[str, Any]) -> str | None:
    """The id of a member registered with an NIB, derived from what was registered.

    A retry of the same registration gets the same id: it finds the NIB claim that its crashed
    first attempt left and completes it, and the unique member id stores only one of two twins.
    """
    if not registration.get("nib"):
        return None
    return uuid.uuid5(_REGISTRATIONS, json.dumps(registration, sort_keys=True, default=str)).hex


class Councils:
    """The councils a deployment keeps."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    async def add(self, council: Council) -> None:
        """Store a new council; one per code (409 otherwise)."""
        await self.store.insert(to_document(council), council.pending)

    async def save(self, council: Council) -> None:
        """Store a changed council."""
        await self.store.update(
            council.id,
            council.revision,
            to_document(council, exclude=("created_at",)),
            council.pending,
        )

    async def get(self, code: str) -> Council | None:
        """One council by code."""
        doc = await self.store.collection.find_one({"_id": code})
        return _council(doc) if doc else None

    async def by_ids(self, codes: Sequence[str]) -> dict[str, Council]:
        """Several councils by code."""
        found = await find_by_ids(self.store.collection, codes)
        return {d["_id"]: _council(d) for d in found}

    async def within(
        self, *, scope: str, skip: int, limit: int, parent: str | None = None
    ) -> tuple[list[Council], int]:
        """Councils within a scope (those directly below `parent`, when given), by code."""
        query = scope_filter(scope, field="_id")
        if parent is not None:
            query = {**query, "parent": parent}
        docs, total = await find_page(
            self.store.collection, query, sort=[("_id", ASCENDING)], skip=skip, limit=limit
        )
        return [_council(d) for d in docs], total


class Members:
    """The member register."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store
        self.nibs = store.collection.database["nibs"]

    async def add(self, member: Member) -> None:
        """Store a new member; claims its NIB first so that an NIB is unique (409 naming it).

        A registration with an NIB has an id derived from its content (`registration_id`): the
        retry of one whose process died between the claim and the member finds its own claim.
        """
        if member.nib:
            await self._claim_nib(member.nib, member.id)
        try:
            await self.store.insert(_member_doc(member), member.pending)
        except Conflict:
            if not member.nib:
                raise
            stored = await self.get(member.id)  # this very registration, stored before
            if stored is None or stored.nib != member.nib:
                await self._release(member.nib, member.id)
            raise Conflict(
                f"NIB {member.nib} was registered before as member {member.id}", field="nib"
            ) from None
        except Exception:
            if member.nib:
                await self._release(member.nib, member.id)
            raise

    async def save(self, member: Member, *, previous_nib: str | None = None) -> None:
        """Store a changed member, moving its NIB claim when the NIB changed."""
        if member.nib and member.nib != previous_nib:
            await self._claim_nib(member.nib, member.id)
        await self.store.update(
            member.id,
            member.revision,
            _member_doc(member, exclude=("created_at",)),
            member.pending,
        )
        if previous_nib and previous_nib != member.nib:
            await self._release(previous_nib, member.id)

    async def _claim_nib(self, nib: str, member_id: str) -> None:
        now = utc_now()
        try:
            await self.nibs.insert_one({"_id": nib, "member_id": member_id, "at": now})
            return
        except DuplicateKeyError:
            claim = await self.nibs.find_one({"_id": nib}) or {}
        holder = claim.get("member_id")
        if holder == member_id:  # a retry of the same registration, or the member's own
            return
        if await self.store.collection.find_one({"_id": holder}, {"_id": 1}) is not None:
            raise Conflict(f"NIB {nib} is already registered to member {holder}", field="nib")
        if claim.get("at", now) >= now - STALE_CLAIM:  # another registration, under way now
            raise Conflict(f"NIB {nib} is being registered right now; retry shortly", field="nib")
        # a claim left by a crash before its member was stored: take it over
        await self.nibs.update_one({"_id": nib}, {"$set": {"member_id": member_id, "at": now}})

    async def _release(self, nib: str, member_id: str) -> None:
        await self.nibs.delete_one({"_id": nib, "member_id": member_id})

    async def get(self, member_id: str) -> Member | None:
        """One member by id."""
        doc = await self.store.collection.find_one({"_id": member_id})
        return _member(doc) if doc else None

    async def by_nib(self, nib: str) -> Member | None:
        """The business holding an NIB."""
        doc = await self.store.collection.find_one({"nib": nib})
        return _member(doc) if doc else None

    async def by_ids(self, ids: Sequence[str]) -> dict[str, Member]:
        """Several members by id."""
        found = await find_by_ids(self.store.collection, ids)
        return {d["_id"]: _member(d) for d in found}

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
        docs, total = await find_page(
            self.store.collection, query, sort=[("created_at", DESCENDING)], skip=skip, limit=limit
        )
        return [_member(d) for d in docs], total

    def export(self, *, scope: str, **criteria: Any) -> AsyncIterator[Document]:
        """Every stored member within a scope matching kind, category and scale, by id."""
        return paged(self.store.collection, member_filter(scope, **criteria))


def member_filter(scope: str, **criteria: Any) -> Document:
    """The members within `scope` that match kind, category and scale."""
    return {**scope_filter(scope), **{k: v for k, v in criteria.items() if v is not None}}


class Terms:
    """Board terms (kepengurusan), the history of every council's boards."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    async def add(self, term: Term) -> None:
        """Store a new draft term with its `term.created`."""
        await self.store.insert(to_document(term), term.pending)

    async def save(self, term: Term) -> None:
        """Store a changed term with the events it recorded; 409 if saved meanwhile."""
        await self.store.update(
            term.id, term.revision, to_document(term, exclude=("created_at",)), term.pending
        )
        term.revision += 1
        term.pending.clear()

    async def get(self, term_id: str) -> Term | None:
        """One term by id."""
        doc = await self.store.collection.find_one({"_id": term_id})
        return _term(doc) if doc else None

    async def by_ids(self, ids: Sequence[str]) -> dict[str, Term]:
        """Several terms by id."""
        found = await find_by_ids(self.store.collection, ids)
        return {d["_id"]: _term(d) for d in found}

    async def of_council(self, council: str) -> list[Term]:
        """Every term of one council: the few a rule about periods or succession needs."""
        cursor = self.store.collection.find({"council": council})
        return [_term(d) async for d in cursor]

    async def history(
        self, *, scope: str, skip: int, limit: int, **criteria: Any
    ) -> tuple[list[Term], int]:
        """Terms within a scope matching council and status, newest period first."""
        query: Document = {**scope_filter(scope)}
        query.update({k: v for k, v in criteria.items() if v is not None})
        newest = [("period_start", DESCENDING), ("council", ASCENDING)]
        docs, total = await find_page(
            self.store.collection, query, sort=newest, skip=skip, limit=limit
        )
        return [_term(d) for d in docs], total


def _council(doc: Document) -> Council:
    return Council(revision=doc["revision"], **fields_of(doc, drop=("revision", "updated_at")))


def _term(doc: Document) -> Term:
    fields = fields_of(doc, drop=("revision", "updated_at"))
    fields["period_start"] = date.fromisoformat(fields["period_start"])
    fields["period_end"] = date.fromisoformat(fields["period_end"])
    fields["positions"] = [BoardPosition(**seat) for seat in fields.get("positions", [])]
    return Term(revision=doc["revision"], **fields)


def _member_doc(member: Member, *, exclude: tuple[str, ...] = ()) -> Document:
    """A member's document, with the key that search matches regardless of case and accents."""
    doc = to_document(member, exclude=exclude)
    doc[SEARCH_KEY] = search_key([member.name, member.owner_name, member.nib])
    return doc


def _member(doc: Document) -> Member:
    fields = fields_of(doc, drop=("revision", SEARCH_KEY))
    return Member(revision=doc["revision"], **fields)
