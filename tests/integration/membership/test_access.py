"""Access rules over HTTP, one test per rule: roles, and the scope of a token's region."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest
import pytest_asyncio

from tests.conftest import token
from tests.integration.membership.support import Service, council, draft, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration
TERM = {"period_start": "2021-03-23", "period_end": "2024-03-23"}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        for code in ("17", "17.71", "33.75"):
            await council(running.client, code)
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bengkulu_term(service: Service) -> dict[str, Any]:
    """A draft board of Kota Bengkulu (17.71)."""
    return await draft(service.client, "17.71", date(2021, 3, 23), date(2024, 3, 23))


@pytest.fixture
def client(service: Service) -> httpx.AsyncClient:
    return service.client


async def test_a_viewer_reads_but_cannot_write(
    client: httpx.AsyncClient, bengkulu_term: dict[str, Any]
) -> None:
    viewer = token("17.71", "viewer")
    assert (await client.get(f"/terms/{bengkulu_term['id']}", headers=viewer)).status_code == 200
    attempts = [
        client.post("/terms", json={"council": "17.71", **TERM}, headers=viewer),
        client.post(f"/terms/{bengkulu_term['id']}/inaugurate", headers=viewer),
        client.put(
            f"/terms/{bengkulu_term['id']}/positions", json={"positions": []}, headers=viewer
        ),
    ]
    for attempt in attempts:
        assert (await attempt).status_code == 403


async def test_another_citys_term_does_not_exist_for_a_city_token(
    client: httpx.AsyncClient, bengkulu_term: dict[str, Any]
) -> None:
    pekalongan = token("33.75")
    url = f"/terms/{bengkulu_term['id']}"
    assert (await client.get(url, headers=pekalongan)).status_code == 404
    assert (await client.post(f"{url}/inaugurate", headers=pekalongan)).status_code == 404
    listed = await client.get("/terms", params={"council": "17.71"}, headers=pekalongan)
    assert listed.json()["total"] == 0


async def test_a_province_token_reaches_its_cities(
    client: httpx.AsyncClient, bengkulu_term: dict[str, Any]
) -> None:
    province = token("17")
    assert (await client.get(f"/terms/{bengkulu_term['id']}", headers=province)).status_code == 200
    listed = await client.get("/terms", headers=province)
    assert bengkulu_term["id"] in [t["id"] for t in listed.json()["items"]]
    r = await client.put(
        f"/terms/{bengkulu_term['id']}/positions", json={"positions": []}, headers=province
    )
    assert r.status_code == 200


async def test_a_city_token_does_not_reach_its_province(client: httpx.AsyncClient) -> None:
    province_term = await draft(client, "17", date(2021, 3, 23), date(2024, 3, 23))
    city = token("17.71")
    assert (await client.get(f"/terms/{province_term['id']}", headers=city)).status_code == 404


async def test_only_an_admin_creates_councils(client: httpx.AsyncClient) -> None:
    for role in ("secretariat", "viewer"):
        r = await client.post("/councils", json={"code": "17.01"}, headers=token("17", role))
        assert r.status_code == 403
    assert (
        await client.post("/councils", json={"code": "17.01"}, headers=token("ID", "admin"))
    ).status_code == 201


async def test_a_body_naming_a_council_outside_the_scope_is_forbidden(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/terms", json={"council": "17.71", **TERM}, headers=token("33.75"))
    assert r.status_code == 403
    assert r.json()["errors"][0]["field"] == "council"


async def test_no_token_is_unauthorised(client: httpx.AsyncClient) -> None:
    r = await client.get("/terms")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
