"""Members over HTTP against the real stack: registration publishes `member.registered`."""

import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from services.membership.app import MembershipSettings, create_app
from tests.apps import running, settings_for
from tests.conftest import token
from tests.helpers import headers_of, read_topic
from tests.integration.membership.support import council
from tests.stack import Stack

pytestmark = pytest.mark.integration


@pytest.fixture
async def membership(stack: Stack, deployment: str) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings_for(MembershipSettings, stack, deployment)
    async with running(create_app(settings)) as client:
        for code in ("33.75", "17", "17.71"):
            await council(client, code)
        yield client


async def test_registering_a_business_publishes_member_registered(
    stack: Stack, membership: httpx.AsyncClient
) -> None:
    nib = str(uuid.uuid4().int)[:13]
    body = {
        "council": "33.75",
        "kind": "business",
        "name": "Batik Pesisir Jetayu",
        "nib": nib,
        "category": "batik",
        "phone": "081234567890",
        "email": "jetayu@batik.co.id",
        "capital": 300_000_000,
    }
    r = await membership.post(
        "/members", json=body, headers={**token("33.75"), "X-Correlation-ID": "corr-123"}
    )
    assert r.status_code == 201, r.text
    member = r.json()
    assert member["scale"] == "mikro" and member["phone"] == "081234567890"

    record = await read_topic(
        stack.kafka, "member.registered", until=lambda rec: rec.key == member["id"].encode()
    )
    headers = headers_of(record)
    payload = json.loads(record.value)
    assert payload["nib"] == nib and payload["council"] == "33.75"
    assert "081234567890" not in record.value.decode()
    assert "jetayu@batik.co.id" not in record.value.decode()
    assert headers["ce_type"] == "member.registered" and headers["ce_specversion"] == "1.0"
    assert headers["ce_subject"] == member["id"] and headers["ce_region"] == "33.75"
    assert headers["ce_correlationid"] == "corr-123"
    assert headers["content-type"] == "application/json"


async def test_duplicate_nib_is_a_conflict_naming_the_holder(membership: httpx.AsyncClient) -> None:
    nib = str(uuid.uuid4().int)[:13]
    body = {"council": "33.75", "kind": "business", "name": "Tenun A", "nib": nib}
    first = await membership.post("/members", json=body, headers=token("33.75"))
    second = await membership.post(
        "/members", json={**body, "name": "Tenun B"}, headers=token("33.75")
    )
    assert second.status_code == 409
    assert second.headers["content-type"] == "application/problem+json"
    assert first.json()["id"] in second.json()["detail"]


async def test_a_city_cannot_see_or_write_another_councils_members(
    membership: httpx.AsyncClient,
) -> None:
    r = await membership.post(
        "/members",
        json={"council": "17.71", "kind": "person", "name": "Ibu Ketua"},
        headers=token("17"),
    )
    assert r.status_code == 201
    member_id = r.json()["id"]
    assert (
        await membership.get(f"/members/{member_id}", headers=token("33.75"))
    ).status_code == 404
    assert (await membership.get(f"/members/{member_id}", headers=token("17"))).status_code == 200
    patch = await membership.patch(
        f"/members/{member_id}", json={"name": "X"}, headers=token("33.75")
    )
    assert patch.status_code == 404
    write = await membership.post(
        "/members", json={"council": "17.71", "kind": "person", "name": "Y"}, headers=token("33.75")
    )
    assert write.status_code == 403
    listed = await membership.get("/members", headers=token("33.75"))
    assert member_id not in [m["id"] for m in listed.json()["items"]]


async def test_invalid_body_names_the_field(membership: httpx.AsyncClient) -> None:
    r = await membership.post(
        "/members",
        json={"council": "33.75", "kind": "business", "name": "X", "nib": "123"},
        headers=token("33.75"),
    )
    assert r.status_code == 422
    assert r.json()["detail"].startswith("nib:")
