"""Test harness of the events service: a feed that plays the other services, and helpers.

The feed produces `member.registered`, `term.created`, `program.approved` (and their follow-ups)
onto Kafka with proper CloudEvents envelopes, as membership and programs would, and waits until
the events service's read models hold them.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from services.events.projections import MEMBERS, PROGRAMS, TERMS
from shared.contracts import (
    MemberRegistered,
    ProgramApproved,
    ProgramCompleted,
    TermCreated,
    TermInaugurated,
)
from tests.helpers import FeedBase, eventually


class Feed(FeedBase):
    """Plays membership and programs: produces their events, then waits for the read models."""

    async def members(self, council: str, *names: str) -> list[str]:
        """Register people with a council; returns their ids once the events service knows them."""
        ids = [f"m-{uuid.uuid4().hex[:12]}" for _ in names]
        for member_id, name in zip(ids, names, strict=True):
            event = MemberRegistered(
                council=council, member_id=member_id, kind="person", name=name, revision=1
            )
            await self.send(event, service="membership")
        await self.known(MEMBERS, ids)
        return ids

    async def terms(self, *councils: str, start: int = 2021, end: int = 2026) -> list[str]:
        """Draft a board term per council; returns their ids once known."""
        ids = [f"t-{council}-{uuid.uuid4().hex[:8]}" for council in councils]
        for term_id, council in zip(ids, councils, strict=True):
            event = TermCreated(
                council=council,
                term_id=term_id,
                period_start=date(start, 1, 1),
                period_end=date(end, 12, 31),
            )
            await self.send(event, service="membership")
        await self.known(TERMS, ids)
        return ids

    async def inaugurated(
        self, term_id: str, council: str, *, start: int = 2021, end: int = 2026
    ) -> None:
        """Tell that a term was inaugurated directly (no longer a draft)."""
        event = TermInaugurated(
            council=council,
            term_id=term_id,
            period_start=date(start, 1, 1),
            period_end=date(end, 12, 31),
            inaugurated_at=datetime.now(UTC),
        )
        await self.send(event, service="membership")
        await self.known(TERMS, [term_id], status="inaugurated")

    async def program(self, council: str, *, completed: bool = False) -> str:
        """An approved (or completed) work program of a council; returns its id once known."""
        program_id, term_id = f"p-{uuid.uuid4().hex[:12]}", f"t-{uuid.uuid4().hex[:8]}"
        await self.send(
            ProgramApproved(
                council=council,
                program_id=program_id,
                term_id=term_id,
                title="Pelatihan UMKM go digital",
                category="training",
            ),
            service="programs",
        )
        if completed:
            done = ProgramCompleted(
                council=council,
                program_id=program_id,
                term_id=term_id,
                completed_at=datetime.now(UTC),
            )
            await self.send(done, service="programs")
        await self.known(PROGRAMS, [program_id], status="completed" if completed else "approved")
        return program_id

    async def known(self, collection: str, ids: list[str], **match: Any) -> None:
        """Wait until a read model holds every id (in the given state)."""

        async def count() -> bool:
            query = {"_id": {"$in": ids}, **match}
            return await self.db[collection].count_documents(query) == len(ids)

        await eventually(count, timeout=60)


@dataclass
class EventsService:
    """A running events app: its HTTP client, database, feed and Kafka address."""

    http: httpx.AsyncClient
    db: AsyncDatabase[Any]
    feed: Feed
    kafka: str


def body(council: str, title: str, start: str, end: str, **extra: Any) -> dict[str, Any]:
    """The JSON body of a new event; times as RFC 3339 text with their offset."""
    return {
        "council": council,
        "type": "other",
        "title": title,
        "starts_at": start,
        "ends_at": end,
        **extra,
    }


def unique(name: str) -> str:
    """A venue or title no other test of the module uses (overlaps stay the test's own)."""
    return f"{name} {uuid.uuid4().hex[:6]}"
