"""What the events service keeps of other services' data: members, terms, programs.

Each is a `Projection` (newest revision wins), so redeliveries and replays leave the same state
and a cleared read model is rebuilt by replaying its topics from offset 0.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging import Delivery
from shared.persistence import Document, find_by_ids
from shared.readmodels import (
    Projection,
    member_document,
    member_revision,
    term_document,
    term_revision,
)
from shared.views import MemberView

from .views import ProgramView, TermView

MEMBERS, TERMS, PROGRAMS = "member_views", "term_views", "program_views"
INDEXES = {name: [IndexModel([("council", ASCENDING)])] for name in (MEMBERS, TERMS, PROGRAMS)}

_PROGRAM_STAGE = {"program.approved": 1, "program.completed": 2}
_PROGRAM_STATUS = {"program.approved": "approved", "program.completed": "completed"}


def program_document(delivery: Delivery) -> Document:
    """A program's council, term, status (and, once approved, its title and category)."""
    data = delivery.event.model_dump(mode="json")
    keep = ("program_id", "council", "term_id", "title", "category", "bidang")
    return {
        "_id": data["program_id"],
        "status": _PROGRAM_STATUS[delivery.envelope.type],
        **{k: data[k] for k in keep if k in data},
    }


def program_revision(delivery: Delivery) -> int:
    """A program only moves forward here: approved, then completed."""
    return _PROGRAM_STAGE[delivery.envelope.type]


@dataclass
class ReadModels:
    """The three read models, and lookups that answer with the views the checks use."""

    members: Projection
    terms: Projection
    programs: Projection

    @classmethod
    def on(cls, db: AsyncDatabase[Document]) -> "ReadModels":
        """The read models stored in the service's own database."""
        return cls(
            members=Projection(db[MEMBERS], shape=member_document, revision_of=member_revision),
            terms=Projection(db[TERMS], shape=term_document, revision_of=term_revision),
            programs=Projection(db[PROGRAMS], shape=program_document, revision_of=program_revision),
        )

    async def member(self, member_id: str) -> MemberView | None:
        """A member as its topics told it, or None."""
        doc = await self.members.get(member_id)
        return None if doc is None else MemberView.from_document(doc)

    async def names(self, member_ids: Sequence[str]) -> dict[str, str]:
        """The names of the members among these ids, as their topics told them."""
        found = await self.members.by_keys(member_ids, {"name": 1})
        return {d["_id"]: d["name"] for d in found}

    async def program(self, program_id: str) -> ProgramView | None:
        """A program as its topics told it, or None."""
        doc = await self.programs.get(program_id)
        if doc is None:
            return None
        return ProgramView(program_id=doc["_id"], council=doc["council"], status=doc["status"])

    async def terms_by_id(self, term_ids: Sequence[str]) -> dict[str, TermView]:
        """The known terms among the given ids."""
        found = await find_by_ids(self.terms.collection, list(term_ids))
        return {d["_id"]: _term_view(d) for d in found}

    async def inaugurated_terms(self, councils: Sequence[str]) -> dict[str, TermView]:
        """The inaugurated term of each of these councils, as far as the read model knows."""
        query = {"council": {"$in": sorted(set(councils))}, "status": "inaugurated"}
        found = await self.terms.collection.find(query).to_list(None)
        return {d["council"]: _term_view(d) for d in found}


def _term_view(doc: Document) -> TermView:
    start = doc.get("period_start")
    return TermView(
        term_id=doc["_id"],
        council=doc["council"],
        status=doc["status"],
        period_start=date.fromisoformat(start) if start else None,
    )
