"""The trade intake's policy on the real stack: a record from another council never renames a
business silently (it waits as a pending change for the home council), and a record for a
council this deployment does not keep is refused like HTTP refuses it (dead letter)."""

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from shared.contracts import Envelope, TradeUkmRegistered
from tests.conftest import token
from tests.helpers import eventually, headers_of, produce, read_topic
from tests.integration.membership.support import Service, council, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in ("17", "33", "33.75"):
            await council(running.client, code)
        yield running


def _nib() -> str:
    return str(uuid.uuid4().int)[:13].rjust(13, "3")


async def _trade(service: Service, record: TradeUkmRegistered) -> str:
    """Produce a registry record as an integrator would; returns its ce_id."""
    envelope = Envelope(
        type=record.topic,
        source="/kemendag/oss",
        subject=record.nib,
        dataschema=record.dataschema(),
        region=record.council,
    )
    value = record.model_dump_json().encode()
    await produce(
        service.stack.kafka,
        record.topic,
        value,
        key=record.nib.encode(),
        headers=envelope.headers(),
    )
    return envelope.id


async def _applied(service: Service, ce_id: str) -> bool:
    inbox = service.runtime.db["inbox"]
    return await inbox.find_one({"_id": f"trade-registry:{ce_id}"}) is not None


async def _business(client: httpx.AsyncClient, nib: str) -> dict[str, Any]:
    body = {
        "council": "33.75",
        "kind": "business",
        "name": "Batik Jlamprang",
        "nib": nib,
        "category": "batik",
    }
    r = await client.post("/members", json=body, headers=token("33.75"))
    assert r.status_code == 201, r.text
    member: dict[str, Any] = r.json()
    return member


async def _member(client: httpx.AsyncClient, member_id: str) -> dict[str, Any]:
    r = await client.get(f"/members/{member_id}", headers=token("33.75"))
    assert r.status_code == 200, r.text
    member: dict[str, Any] = r.json()
    return member


async def test_another_councils_record_waits_for_the_home_council_to_accept_it(
    service: Service,
) -> None:
    client, nib = service.client, _nib()
    member = await _business(client, nib)
    record = TradeUkmRegistered(council="17", nib=nib, name="Besurek Raflesia", owner_name="Pak A")
    ce_id = await _trade(service, record)
    await eventually(lambda: _applied(service, ce_id))

    stored = await _member(client, member["id"])
    assert (stored["name"], stored["council"], stored["revision"]) == (
        "Batik Jlamprang",
        "33.75",
        1,
    )
    (change,) = stored["pending_changes"]
    assert change["council"] == "17" and change["ce_id"] == ce_id
    assert change["source"] == "/kemendag/oss" and change["received_at"]
    assert change["changes"] == {"name": "Besurek Raflesia", "owner_name": "Pak A"}

    again = await _trade(service, record)  # the same news again: still one pending change
    await eventually(lambda: _applied(service, again))
    assert len((await _member(client, member["id"]))["pending_changes"]) == 1

    path = f"/members/{member['id']}/pending-changes/{change['id']}"
    r = await client.post(f"{path}/accept", headers=token("17"))
    assert r.status_code == 404  # the proposing council does not decide: it cannot see it
    r = await client.post(f"{path}/accept", headers=token("33.75", "viewer"))
    assert r.status_code == 403
    r = await client.post(f"{path}/accept", headers=token("33.75"))
    assert r.status_code == 200, r.text
    accepted = r.json()
    assert (accepted["name"], accepted["owner_name"]) == ("Besurek Raflesia", "Pak A")
    assert accepted["council"] == "33.75" and accepted["revision"] == 2
    assert accepted["pending_changes"] == []
    r = await client.post(f"{path}/reject", headers=token("33.75"))
    assert r.status_code == 404 and "pending change" in r.json()["detail"]


async def test_a_rejected_change_leaves_the_business_as_it_was(service: Service) -> None:
    client, nib = service.client, _nib()
    member = await _business(client, nib)
    ce_id = await _trade(service, TradeUkmRegistered(council="33", nib=nib, name="Lain"))
    await eventually(lambda: _applied(service, ce_id))
    (change,) = (await _member(client, member["id"]))["pending_changes"]
    assert change["changes"] == {"name": "Lain"}  # "other" keeps the specific category
    path = f"/members/{member['id']}/pending-changes/{change['id']}/reject"
    r = await client.post(path, headers=token("33.75"))
    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["revision"], r.json()["pending_changes"]) == (
        "Batik Jlamprang",
        1,
        [],
    )


async def test_the_home_councils_own_record_still_updates_at_once(service: Service) -> None:
    client, nib = service.client, _nib()
    member = await _business(client, nib)
    ce_id = await _trade(service, TradeUkmRegistered(council="33.75", nib=nib, name="Batik Baru"))
    await eventually(lambda: _applied(service, ce_id))
    stored = await _member(client, member["id"])
    assert (stored["name"], stored["revision"], stored["pending_changes"]) == ("Batik Baru", 2, [])


async def test_a_record_for_a_council_not_registered_here_is_dead_lettered(
    service: Service,
) -> None:
    nib = _nib()
    ce_id = await _trade(service, TradeUkmRegistered(council="63.72", nib=nib, name="Sasirangan"))
    dead = await read_topic(
        service.stack.kafka,
        "dlq.membership",
        until=lambda r: headers_of(r).get("ce_id") == ce_id,
    )
    assert "council 63.72 is not registered here" in headers_of(dead)["dlq_error"]
    r = await service.client.get("/councils/63.72", headers=token("ID", "admin"))
    assert r.status_code == 404  # HTTP refuses members of it; the feed creates nothing either
    r = await service.client.get("/members", params={"q": nib}, headers=token("ID", "viewer"))
    assert r.json()["items"] == []
