"""The membership subscribers on the real stack: inaugurations from the agenda, and the
trade-registry intake, fed by records an integrator would produce."""

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import pytest_asyncio

from shared.contracts import Envelope, Event, EventConcluded, TradeUkmRegistered
from tests.conftest import token
from tests.helpers import eventually, headers_of, produce, read_topic
from tests.integration.membership.support import (
    Service,
    council,
    draft,
    membership_service,
    person,
    records_with_key,
)
from tests.stack import Stack

pytestmark = pytest.mark.integration
HELD = datetime(2021, 3, 23, 3, 0, tzinfo=UTC)  # 10:00 WIB at the Hotel Grage auditorium


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in ("17", "17.71", "33.75"):
            await council(running.client, code)
        yield running


@pytest.fixture
def client(service: Service) -> httpx.AsyncClient:
    return service.client


async def _send(stack: Stack, event: Event, *, source: str, ce_id: str | None = None) -> str:
    """Produce one event as its owner would: binary-mode CloudEvent, keyed by its subject."""
    envelope = Envelope(
        type=event.topic,
        source=source,
        subject=event.subject,
        dataschema=event.dataschema(),
        region=event.council,
        **({"id": ce_id} if ce_id else {}),
    )
    await produce(
        stack.kafka,
        event.topic,
        event.model_dump_json().encode(),
        key=event.subject.encode(),
        headers=envelope.headers(),
    )
    return envelope.id


async def _applied(service: Service, ce_id: str) -> bool:
    """Whether the inauguration subscriber has stored the effect of this delivery."""
    inbox = service.runtime.db["inbox"]
    return await inbox.find_one({"_id": f"inaugurations:{ce_id}"}) is not None


def _concluded(term_ids: list[str], *, kind: str = "inauguration") -> EventConcluded:
    return EventConcluded(
        council="17",
        event_id=uuid.uuid4().hex,
        type=kind,  # type: ignore[arg-type]
        term_ids=term_ids,
        held_at=HELD,
        ended_at=HELD.replace(hour=5),
        attendance=150,
    )


async def _status(client: httpx.AsyncClient, term_id: str) -> dict[str, Any] | None:
    term: dict[str, Any] = (await client.get(f"/terms/{term_id}", headers=token("17"))).json()
    return term if term["status"] != "draft" else None


async def test_a_concluded_inauguration_inaugurates_every_listed_term(
    service: Service, client: httpx.AsyncClient
) -> None:
    ketua = await person(client, "17", "Hj. Derta Rohidin")
    seats = [{"title": "Ketua", "member_id": ketua}]
    province = await draft(client, "17", date(2021, 3, 23), date(2024, 3, 23), positions=seats)
    old_city = await draft(client, "17.71", date(2016, 3, 23), date(2021, 3, 23))
    r = await client.post(
        f"/terms/{old_city['id']}/inaugurate",
        json={"inaugurated_at": "2016-03-23T10:00:00+07:00"},
        headers=token("17.71"),
    )
    assert r.status_code == 200
    city = await draft(client, "17.71", date(2021, 3, 23), date(2024, 3, 23))
    elsewhere = uuid.uuid4().hex  # a term another deployment keeps
    ceremony = _concluded([province["id"], elsewhere, city["id"]])

    await _send(service.stack, ceremony, source="/dekranasda/17/events")

    for term_id in (province["id"], city["id"]):
        term = await eventually(lambda term_id=term_id: _status(client, term_id))
        assert (
            term["status"] == "inaugurated" and term["inauguration_event_id"] == ceremony.event_id
        )
        assert term["inaugurated_at"] == "2021-03-23T03:00:00Z"
    kafka = service.stack.kafka
    record = await read_topic(
        kafka, "term.inaugurated", until=lambda rec: rec.key == province["id"].encode()
    )
    payload = json.loads(record.value)
    assert payload["event_id"] == ceremony.event_id
    assert payload["positions"][0]["member_name"] == "Hj. Derta Rohidin"
    assert headers_of(record)["ce_region"] == "17"
    ended = await read_topic(
        kafka, "term.ended", until=lambda rec: rec.key == old_city["id"].encode()
    )
    assert json.loads(ended.value)["successor_term_id"] == city["id"]
    assert (await _status(client, old_city["id"]) or {}).get("status") == "ended"


async def test_a_repeated_inauguration_changes_and_publishes_nothing(
    service: Service, client: httpx.AsyncClient
) -> None:
    await council(client, "17.03")
    # periods before the demo's 2021 boards: other deployments' agendas on the same broker see
    # these terms too, and refuse inaugurating a term older than an inaugurated one
    term = await draft(client, "17.03", date(2011, 3, 23), date(2016, 3, 23))
    ceremony = _concluded([term["id"]])
    await _send(service.stack, ceremony, source="/dekranasda/17/events")
    await eventually(lambda: _status(client, term["id"]))
    await eventually(lambda: service.published(term["id"]))
    revision = (await service.stored_term(term["id"]))["revision"]

    # The same news again under a new ce_id (a republish the inbox cannot recognise).
    repeat = await _send(service.stack, ceremony, source="/dekranasda/17/events")
    await eventually(lambda: _applied(service, repeat))
    assert (await service.stored_term(term["id"]))["revision"] == revision
    successor = await draft(client, "17.03", date(2016, 3, 23), date(2021, 3, 23))
    await _send(service.stack, _concluded([successor["id"]]), source="/dekranasda/17/events")
    await eventually(lambda: _status(client, successor["id"]))
    again = await _send(service.stack, ceremony, source="/dekranasda/17/events")
    await eventually(lambda: _applied(service, again))  # ended since: still nothing to do

    assert (await service.stored_term(term["id"]))["status"] == "ended"
    records = await records_with_key(service.stack.kafka, "term.inaugurated", term["id"])
    assert len(records) == 1


async def test_other_concluded_events_leave_terms_alone(
    service: Service, client: httpx.AsyncClient
) -> None:
    await council(client, "17.04")
    term = await draft(client, "17.04", date(2021, 3, 23), date(2024, 3, 23))
    rakerda = _concluded([term["id"]], kind="rakerda")
    ce_id = await _send(service.stack, rakerda, source="/dekranasda/17/events")
    await eventually(lambda: _applied(service, ce_id))
    assert await _status(client, term["id"]) is None  # still a draft


def _nib() -> str:
    return str(uuid.uuid4().int)[:13].rjust(13, "1")


async def _business(client: httpx.AsyncClient, nib: str) -> dict[str, Any] | None:
    r = await client.get("/members", params={"q": nib}, headers=token("ID", "viewer"))
    items: list[dict[str, Any]] = r.json()["items"]
    return items[0] if items else None


async def test_a_trade_registration_creates_then_updates_the_business(
    service: Service, client: httpx.AsyncClient
) -> None:
    nib = _nib()
    first = TradeUkmRegistered(council="33.75", nib=nib, name="Batik Jlamprang", category="batik")
    await _send(service.stack, first, source="/trade/oss")
    created = await eventually(lambda: _business(client, nib))
    assert created["kind"] == "business" and created["council"] == "33.75"

    renamed = first.model_copy(update={"name": "Batik Jlamprang Asli", "owner_name": "Pak Rofiq"})
    await _send(service.stack, renamed, source="/trade/oss")

    async def updated() -> dict[str, Any] | None:
        found = await _business(client, nib)
        return found if found and found["name"] == "Batik Jlamprang Asli" else None

    member = await eventually(updated)
    assert member["id"] == created["id"] and member["owner_name"] == "Pak Rofiq"
    kafka, key = service.stack.kafka, created["id"].encode()
    registered = await read_topic(kafka, "member.registered", until=lambda r: r.key == key)
    assert json.loads(registered.value)["nib"] == nib
    changed = await read_topic(kafka, "member.updated", until=lambda r: r.key == key)
    assert json.loads(changed.value)["revision"] == 2


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b'{"council": "33.75", "nib": "12345", "name": "Tenun"}', "nib"),
        (b'{"council": "99.99", "nib": "9999999999999", "name": "Tenun"}', "99.99"),
    ],
    ids=["bad-nib", "unknown-region"],
)
async def test_a_malformed_registration_goes_to_the_dead_letters_with_its_reason(
    service: Service, value: bytes, reason: str
) -> None:
    record = json.loads(value)
    envelope = Envelope(
        type=TradeUkmRegistered.topic,
        source="/trade/oss",
        subject=record["nib"],
        dataschema="urn:dekranasda:schema:trade.ukm.registered:v1",
        region=record["council"],
    )
    await produce(service.stack.kafka, TradeUkmRegistered.topic, value, headers=envelope.headers())
    dead = await read_topic(
        service.stack.kafka,
        "dlq.membership",
        until=lambda r: headers_of(r).get("ce_id") == envelope.id,
    )
    headers = headers_of(dead)
    assert dead.value == value and headers["dlq_topic"] == TradeUkmRegistered.topic
    assert reason in headers["dlq_error"]
