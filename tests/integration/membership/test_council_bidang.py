"""A council's bidang over HTTP: `bidang` is the field; `divisions`, its old name, is still
accepted on input and answered on output (deprecated) for one version."""

from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio

from tests.conftest import token
from tests.integration.membership.support import ADMIN, Service, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration
BIDANG = ["Bidang Pemasaran", "Bidang Pelatihan"]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as running:
        yield running


@pytest.fixture
def client(service: Service) -> httpx.AsyncClient:
    return service.client


async def test_a_council_created_with_bidang_answers_bidang_and_its_old_name(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/councils", json={"code": "17", "bidang": BIDANG}, headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["bidang"] == r.json()["divisions"] == BIDANG
    got = await client.get("/councils/17", headers=token("17"))
    assert got.json()["bidang"] == got.json()["divisions"] == BIDANG


async def test_the_old_name_divisions_is_still_accepted_and_answered_as_bidang(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/councils", json={"code": "33", "divisions": BIDANG}, headers=ADMIN)
    assert r.status_code == 201, r.text
    assert r.json()["bidang"] == BIDANG
    r = await client.patch("/councils/33", json={"divisions": ["Bidang Promosi"]}, headers=ADMIN)
    assert r.status_code == 200, r.text
    got = await client.get("/councils/33", headers=token("33"))
    assert got.json()["bidang"] == ["Bidang Promosi"]


async def test_bidang_and_divisions_together_must_agree(client: httpx.AsyncClient) -> None:
    r = await client.post("/councils", json={"code": "35", "bidang": BIDANG}, headers=ADMIN)
    assert r.status_code == 201, r.text
    same = {"bidang": ["Bidang Promosi"], "divisions": ["Bidang Promosi"]}
    r = await client.patch("/councils/35", json=same, headers=ADMIN)
    assert r.status_code == 200 and r.json()["bidang"] == ["Bidang Promosi"], r.text
    differing = {"bidang": ["Bidang Promosi"], "divisions": ["Bidang Kuliner"]}
    r = await client.patch("/councils/35", json=differing, headers=ADMIN)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"] == (
        "divisions: differs from bidang; send bidang alone (divisions is its old name)"
    )
    r = await client.post("/councils", json={"code": "36", **differing}, headers=ADMIN)
    assert r.status_code == 422 and r.json()["detail"].startswith("divisions: differs"), r.text
    got = await client.get("/councils/35", headers=token("35"))
    assert got.json()["bidang"] == ["Bidang Promosi"]  # the refused edit changed nothing
