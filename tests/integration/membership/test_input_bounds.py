"""Bad input over HTTP on the real stack: problem answers, never a server error (issue 11)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from services.membership.app import MembershipSettings, create_app
from shared.pagination import MAX_PAGE
from tests.apps import running, settings_for
from tests.conftest import token
from tests.integration.membership.support import council
from tests.stack import Stack

CITY = "33.75"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
async def membership(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    settings = settings_for(MembershipSettings, stack, "tbounds" + str(id(stack))[-6:])
    app = create_app(settings)

    @app.get("/boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("a bug")

    async with running(app) as client:
        await council(client, CITY)
        yield client


def problem(r: httpx.Response, status: int) -> str:
    """The detail of a problem answer with this status."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM
    assert r.json()["status"] == status
    return str(r.json()["detail"])


@pytest.mark.parametrize("path", ["/councils", "/members", "/terms"])
async def test_a_huge_page_number_is_refused(membership: httpx.AsyncClient, path: str) -> None:
    r = await membership.get(
        path, params={"page": 1148499317172060288, "size": 95}, headers=token("ID", "admin")
    )
    assert problem(r, 422) == f"page: must be at most {MAX_PAGE}"


async def test_null_digital_channels_clear_them(membership: httpx.AsyncClient) -> None:
    body = {
        "council": CITY,
        "kind": "business",
        "name": "Batik Jetayu",
        "digital_channels": ["instagram"],
    }
    created = await membership.post("/members", json=body, headers=token(CITY))
    assert created.status_code == 201, created.text
    r = await membership.patch(
        f"/members/{created.json()['id']}", json={"digital_channels": None}, headers=token(CITY)
    )
    assert r.status_code == 200, r.text
    assert r.json()["digital_channels"] == []


async def test_malformed_json_is_a_422_problem_naming_the_body(
    membership: httpx.AsyncClient,
) -> None:
    r = await membership.post(
        "/members",
        content=b'{"council": "33.75",',
        headers={**token(CITY), "content-type": "application/json"},
    )
    assert problem(r, 422).startswith("body: is not valid JSON")


async def test_a_body_over_the_limit_is_refused_with_413(membership: httpx.AsyncClient) -> None:
    channels = ",".join(['"c"'] * 1_200_000)
    big = (
        f'{{"council": "33.75", "kind": "business", "name": "X", "digital_channels": [{channels}]}}'
    )
    r = await membership.post(
        "/members",
        content=big.encode(),
        headers={**token(CITY), "content-type": "application/json"},
    )
    assert "1000000 bytes" in problem(r, 413)

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"council": "33.75", "kind": "person", "name": "'
        for _ in range(200):
            yield b"n" * 10_000
        yield b'"}'

    r = await membership.post(
        "/members", content=streamed(), headers={**token(CITY), "content-type": "application/json"}
    )
    assert "content-length" not in r.request.headers
    problem(r, 413)


async def test_control_characters_and_patterns_are_refused_in_words(
    membership: httpx.AsyncClient,
) -> None:
    body = {"council": CITY, "kind": "business", "name": "Batik\u001fJetayu", "nib": "12"}
    r = await membership.post("/members", json=body, headers=token(CITY))
    detail = problem(r, 422)
    assert "name: must be a single line without control characters" in detail
    assert "nib: an NIB is exactly 13 digits" in detail


async def test_an_unexpected_error_is_a_500_problem(membership: httpx.AsyncClient) -> None:
    r = await membership.get("/boom", headers={"x-correlation-id": "c-500"})
    assert problem(r, 500) == "an unexpected error; it was logged"
    assert r.headers["x-correlation-id"] == "c-500"


async def test_a_body_that_is_not_utf8_is_a_422_problem_not_an_undocumented_400(
    membership: httpx.AsyncClient,
) -> None:
    r = await membership.post(
        "/councils",
        content=b"\x80\x81",
        headers={**token("ID", "admin"), "content-type": "application/json"},
    )
    assert problem(r, 422) == "body: is not valid JSON (it cannot be read as UTF-8 text)"


async def test_a_method_not_allowed_names_every_allowed_method(
    membership: httpx.AsyncClient,
) -> None:
    r = await membership.request("OPTIONS", "/councils", headers=token("ID", "admin"))
    problem(r, 405)
    assert r.headers["allow"] == "GET, POST"
