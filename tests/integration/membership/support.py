"""What the membership integration tests share: one running service per module, and
small steps a secretariat takes over HTTP (councils, persons, terms)."""

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from services.membership.app import MembershipSettings, create_app
from shared.persistence import OUTBOX, Document
from shared.service import Runtime
from tests.apps import running, settings_for
from tests.conftest import token
from tests.helpers import skip_history_of
from tests.stack import Stack

ADMIN = token("ID", "admin")


@dataclass
class Service:
    """A running membership service of its own deployment, and how to reach it."""

    client: httpx.AsyncClient
    runtime: Runtime
    stack: Stack

    async def stored_term(self, term_id: str) -> Document:
        """The term document as stored, with its pending events (outbox)."""
        doc = await self.runtime.db["terms"].find_one({"_id": term_id})
        assert doc is not None
        return doc

    async def published(self, term_id: str) -> bool:
        """Whether the relay has published every event the term recorded."""
        return not (await self.stored_term(term_id)).get(OUTBOX)


@asynccontextmanager
async def membership_service(stack: Stack) -> AsyncIterator[Service]:
    """A membership service in a fresh deployment, on the real stack."""
    settings = settings_for(MembershipSettings, stack, f"t{uuid.uuid4().hex[:10]}")
    app = create_app(settings)
    await skip_history_of(app, stack.kafka)  # earlier runs' records are not this test's
    async with running(app) as client:
        yield Service(client=client, runtime=app.state.runtime, stack=stack)


async def council(client: httpx.AsyncClient, code: str, bidang: list[str] | None = None) -> None:
    """Create a council (admin), unless it exists."""
    body = {"code": code, "bidang": bidang or []}
    r = await client.post("/councils", json=body, headers=ADMIN)
    assert r.status_code in (201, 409), r.text
    if r.status_code == 409 and bidang:  # made earlier (e.g. from a trade record): set them
        r = await client.patch(
            f"/councils/{code}", json={"bidang": bidang}, headers=token("ID", "admin")
        )
        assert r.status_code == 200, r.text


async def person(client: httpx.AsyncClient, code: str, name: str) -> str:
    """Register a person with a council; returns the member id."""
    body = {"council": code, "kind": "person", "name": name}
    r = await client.post("/members", json=body, headers=token(code))
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


async def draft(
    client: httpx.AsyncClient,
    code: str,
    start: date,
    end: date,
    *,
    positions: list[dict[str, Any]] | None = None,
    decree: str | None = None,
) -> dict[str, Any]:
    """Draft a term of a council; returns the term as the API shows it."""
    body = {
        "council": code,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "decree_number": decree,
        "positions": positions or [],
    }
    r = await client.post("/terms", json=body, headers=token(code))
    assert r.status_code == 201, r.text
    term: dict[str, Any] = r.json()
    return term


async def records_with_key(
    bootstrap: str, topic: str, key: str, *, timeout: float = 20
) -> list[Any]:
    """Every record on a topic, up to its current end, whose key is `key`."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, auto_offset_reset="earliest", group_id=None
    )
    await consumer.start()
    try:
        deadline = time.monotonic() + timeout
        while not consumer.assignment() and time.monotonic() < deadline:
            await consumer.getmany(timeout_ms=200)
        ends = await consumer.end_offsets(list(consumer.assignment()))
        found: list[Any] = []
        await consumer.seek_to_beginning()
        while time.monotonic() < deadline:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                found += [r for r in records if r.key == key.encode()]
            positions = {tp: await consumer.position(tp) for tp in ends}
            if all(positions[tp] >= end for tp, end in ends.items()):
                return found
        raise AssertionError(f"{topic} not read to its end within {timeout}s")
    finally:
        await consumer.stop()
