"""Test harness of the programs service: a feed that plays the other services, and HTTP steps.

The feed produces `term.inaugurated`, `member.registered` and `event.concluded` onto Kafka with
proper CloudEvents envelopes, as membership and events would, and waits until programs applied
them (its read models, its work plans, or its committed offsets).
"""

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
from pymongo.asynchronous.database import AsyncDatabase

from shared.contracts import EventConcluded, MemberRegistered, TermInaugurated
from shared.persistence import OUTBOX
from tests.conftest import token
from tests.helpers import FeedBase, eventually


@dataclass(frozen=True)
class PublishedBeforeBidang:
    """A `term.inaugurated` whose payload names the council's list `divisions` only."""

    event: TermInaugurated

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)

    def model_dump_json(self) -> str:
        """The payload without `bidang`."""
        payload = self.event.model_dump(mode="json")
        del payload["bidang"]
        return json.dumps(payload)


def new_id(prefix: str) -> str:
    """A fresh id that no other test run uses."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Feed(FeedBase):
    """Plays membership and events: produces their events, then waits until they took effect."""

    async def caught_up(self, *, timeout: float) -> None:
        """Wait until a fresh deployment has replayed the member and term topics' history."""
        await self.member("33.75", "Penanda replay", timeout=timeout)
        await self.inaugurate("33.75", date(2021, 10, 26), date(2026, 10, 25), timeout=timeout)

    async def inaugurate(
        self,
        council: str,
        start: date,
        end: date,
        *,
        term_id: str | None = None,
        bidang: list[str] | None = None,
        before_bidang: bool = False,
        timeout: float = 30,
    ) -> str:
        """Inaugurate a term (as membership announces it); returns its id once its plan is open.

        `before_bidang`: as membership published it before the field `bidang`, the council's
        list under its old name `divisions` alone."""
        event = TermInaugurated(
            council=council,
            term_id=term_id or new_id("term"),
            period_start=start,
            period_end=end,
            inaugurated_at=datetime(start.year, start.month, start.day, 3, tzinfo=UTC),
            bidang=bidang,
        )
        sent = PublishedBeforeBidang(event) if before_bidang else event
        ce_id = await self.send(sent, service="membership")
        await self.applied("terms", ce_id, timeout=timeout)
        return event.term_id

    async def member(
        self, council: str, name: str, *, kind: str = "business", timeout: float = 30
    ) -> str:
        """Register a member (as membership announces it); returns its id once programs knows it."""
        event = MemberRegistered(
            council=council, member_id=new_id("m"), kind=kind, name=name, revision=1
        )
        ce_id = await self.send(event, service="membership")
        await self.applied("members", ce_id, timeout=timeout)
        return event.member_id

    async def conclude(self, event: EventConcluded, *, ce_id: str | None = None) -> str:
        """Conclude an agenda item (as events announces it); returns the `ce_id` sent."""
        return await self.send(event, service="events", ce_id=ce_id)


@dataclass
class ProgramsService:
    """A running programs service of its own deployment, the feed, and where Kafka is."""

    http: httpx.AsyncClient
    db: AsyncDatabase[Any]
    feed: Feed
    kafka: str
    source: str


async def published(db: AsyncDatabase[Any], collection: str, doc_id: str) -> None:
    """Wait until the relay published the events a document recorded (its outbox is empty).

    FerretDB v1 applies an update as read-modify-write without isolation, so the relay's
    outbox clean-up can overwrite a change saved to the same document at the same moment:
    a test that writes the same program again first lets the relay finish.
    """

    async def empty() -> bool:
        doc = await db[collection].find_one({"_id": doc_id})
        return doc is not None and not doc.get(OUTBOX)

    await eventually(empty)


def participants(target: float = 100) -> dict[str, Any]:
    """The participant KPI that concluded trainings and exhibitions add to."""
    return {"key": "participants", "name": "Peserta", "unit": "orang", "target": target}


async def draft(http: httpx.AsyncClient, council: str, term_id: str, **plan: Any) -> dict[str, Any]:
    """Draft a program of a council's term; returns it as the API shows it."""
    body = {
        "council": council,
        "term_id": term_id,
        "title": "Pelatihan UMKM",
        "category": "training",
        "kpis": [participants()],
        "budget": [{"source": "APBD", "amount": 50_000_000}],
        **plan,
    }
    r = await http.post("/programs", json=body, headers=token(council))
    assert r.status_code == 201, r.text
    return dict(r.json())


async def act(
    service: ProgramsService, program: dict[str, Any], action: str, body: Any = None
) -> dict[str, Any]:
    """Take a lifecycle step (approve, start, complete, cancel) as the program's secretariat."""
    r = await service.http.post(
        f"/programs/{program['id']}/{action}", json=body, headers=token(program["council"])
    )
    assert r.status_code == 200, r.text
    if action in ("approve", "complete"):  # recorded an event
        await published(service.db, "programs", program["id"])
    return dict(r.json())


async def running_program(service: ProgramsService, council: str, **plan: Any) -> dict[str, Any]:
    """An approved program under a freshly inaugurated term of the council."""
    term_id = await service.feed.inaugurate(council, date(2021, 10, 26), date(2026, 10, 25))
    return await act(service, await draft(service.http, council, term_id, **plan), "approve")
