"""Reads the secretariat console needs, on the real stack: the councils below a code, and a
member search that ignores case and accents."""

import uuid
from collections.abc import AsyncIterator

import pytest

from tests.conftest import token
from tests.integration.membership.support import ADMIN, Service, council, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in ("17", "17.01", "17.71", "33", "33.75"):
            await council(running.client, code)
        yield running


async def test_councils_below_a_code_within_the_scope(service: Service) -> None:
    client = service.client
    r = await client.get("/councils", params={"parent": "17"}, headers=ADMIN)
    assert r.status_code == 200, r.text
    below = {c["code"] for c in r.json()["items"]}
    assert {"17.01", "17.71"} <= below and all(c["parent"] == "17" for c in r.json()["items"])
    assert r.json()["total"] == len(below)

    provinces = await client.get("/councils", params={"parent": "ID", "size": 200}, headers=ADMIN)
    assert {"17", "33"} <= {c["code"] for c in provinces.json()["items"]}
    assert all("." not in c["code"] for c in provinces.json()["items"])

    city = await client.get("/councils", params={"parent": "17"}, headers=token("17.71"))
    assert [c["code"] for c in city.json()["items"]] == ["17.71"]
    other = await client.get("/councils", params={"parent": "17"}, headers=token("33.75"))
    assert other.json() == {"items": [], "page": 1, "size": 50, "total": 0}

    bad = await client.get("/councils", params={"parent": "Bengkulu"}, headers=ADMIN)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "parent"


async def test_member_search_ignores_case_and_accents(service: Service) -> None:
    client = service.client
    tag = uuid.uuid4().hex[:6]
    body = {"council": "33.75", "kind": "business", "name": f"Batik Sékar Jagad {tag}"}
    created = await client.post("/members", json=body, headers=token("33.75"))
    assert created.status_code == 201, created.text
    owner = {"council": "33.75", "kind": "business", "name": f"Tenun {tag}", "owner_name": "Dédé"}
    assert (await client.post("/members", json=owner, headers=token("33.75"))).status_code == 201

    async def names(q: str) -> list[str]:
        r = await client.get("/members", params={"q": q}, headers=token("33.75"))
        assert r.status_code == 200, r.text
        return [m["name"] for m in r.json()["items"] if tag in m["name"]]

    assert await names("sekar") == [f"Batik Sékar Jagad {tag}"]
    assert await names("SÉKAR jagad") == [f"Batik Sékar Jagad {tag}"]
    assert await names(f"batik sekar jagad {tag.upper()}") == [f"Batik Sékar Jagad {tag}"]
    assert await names("dede") == [f"Tenun {tag}"]
    assert await names("sekat") == []

    renamed = await client.patch(
        f"/members/{created.json()['id']}",
        json={"name": f"Batik Sekar Arum {tag}"},
        headers=token("33.75"),
    )
    assert renamed.status_code == 200, renamed.text
    assert await names("sékar arum") == [f"Batik Sekar Arum {tag}"]
    assert await names("jagad") == []


async def test_members_are_filtered_by_business_scale(service: Service) -> None:
    client = service.client
    tag = uuid.uuid4().hex[:6]
    for name, capital in (("Mikro", 300_000_000), ("Kecil", 3_000_000_000)):
        body = {"council": "33.75", "kind": "business", "name": f"{name} {tag}", "capital": capital}
        assert (await client.post("/members", json=body, headers=token("33.75"))).is_success
    for scale, expected in (("mikro", [f"Mikro {tag}"]), ("kecil", [f"Kecil {tag}"])):
        r = await client.get("/members", params={"q": tag, "scale": scale}, headers=token("33.75"))
        assert r.status_code == 200, r.text
        assert [m["name"] for m in r.json()["items"]] == expected
    bad = await client.get("/members", params={"scale": "besar"}, headers=token("33.75"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "scale"
