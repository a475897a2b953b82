"""A person's way in: an admin makes the account, they sign in, work within their grants,
and are refused shortly after being disabled."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from tests.integration.accounts.support import (
    OPERATOR,
    PASSWORD,
    accounts_service,
    bearer,
    create_account,
    sign_in,
)
from tests.integration.membership.support import Service, council, person
from tests.stack import Stack

pytestmark = pytest.mark.integration
TTL_S = 3


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def service(stack: Stack) -> AsyncIterator[Service]:
    async with accounts_service(stack, access_token_ttl_s=TTL_S) as running:
        for code in ("17", "33.75"):
            await council(running.client, code)
        yield running


async def test_a_person_signs_in_and_works_within_their_grant(service: Service) -> None:
    client = service.client
    own, other = await person(client, "33.75", "Siti"), await person(client, "17", "Rahmat")
    account = await create_account(client, "33.75", "secretariat")

    r = await sign_in(client, account["email"].upper())  # addresses are case-insensitive
    assert r.status_code == 200, r.text
    session = r.json()
    assert session["token_type"] == "bearer" and session["expires_in"] == TTL_S
    assert (session["council"], session["role"]) == ("33.75", "secretariat")
    assert session["grants"] == [
        {"council": "33.75", "council_name": "Kota Pekalongan", "role": "secretariat"}
    ]
    auth = {"Authorization": f"Bearer {session['access_token']}"}
    me = (await client.get("/me", headers=auth)).json()
    assert (me["id"], me["email"], me["council"]) == (account["id"], account["email"], "33.75")
    assert (await client.get(f"/members/{own}", headers=auth)).status_code == 200
    assert (await client.get(f"/members/{other}", headers=auth)).status_code == 404
    body = {"council": "17", "kind": "person", "name": "Outside"}
    assert (await client.post("/members", json=body, headers=auth)).status_code == 403
    body = {"council": "33.75", "kind": "person", "name": "Inside"}
    assert (await client.post("/members", json=body, headers=auth)).status_code == 201


async def test_a_disabled_person_is_refused_within_one_token_lifetime(service: Service) -> None:
    client = service.client
    account = await create_account(client, "17", "viewer")
    session = (await sign_in(client, account["email"])).json()
    auth = {"Authorization": f"Bearer {session['access_token']}"}

    r = await client.post(f"/accounts/{account['id']}/disable", headers=OPERATOR)
    assert r.status_code == 200 and r.json()["status"] == "disabled", r.text

    refreshed = await client.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert refreshed.status_code == 401
    assert (await sign_in(client, account["email"])).status_code == 401
    await asyncio.sleep(TTL_S + 1)  # the access token it holds lapses
    r = await client.get("/councils/17", headers=auth)
    assert r.status_code == 401 and "expired" in r.json()["detail"]

    assert (await client.post(f"/accounts/{account['id']}/enable", headers=OPERATOR)).is_success
    assert (await sign_in(client, account["email"])).status_code == 200


async def test_a_revoked_grant_is_refused_at_the_next_refresh(service: Service) -> None:
    client = service.client
    account = await create_account(client, "17", "secretariat")
    r = await client.post(
        f"/accounts/{account['id']}/grants",
        json={"council": "33.75", "role": "viewer"},
        headers=OPERATOR,
    )
    assert [g["council"] for g in r.json()["grants"]] == ["17", "33.75"]
    session = (await sign_in(client, account["email"], council="33.75")).json()
    assert (session["council"], session["role"]) == ("33.75", "viewer")

    r = await client.delete(f"/accounts/{account['id']}/grants/33.75", headers=OPERATOR)
    assert [g["council"] for g in r.json()["grants"]] == ["17"]
    r = await client.post("/auth/refresh", json={"refresh_token": session["refresh_token"]})
    assert r.status_code == 401, r.text
    assert (await sign_in(client, account["email"], council="33.75")).status_code == 422
    assert (await sign_in(client, account["email"])).json()["council"] == "17"


async def test_refresh_tokens_rotate_and_a_reused_one_ends_the_session(service: Service) -> None:
    client = service.client
    account = await create_account(client, "33.75", "viewer")
    first = (await sign_in(client, account["email"])).json()["refresh_token"]
    r = await client.post("/auth/refresh", json={"refresh_token": first})
    assert r.status_code == 200, r.text
    second = r.json()["refresh_token"]
    assert second != first

    # the first token again (a stolen copy): refused, and the rotated one dies with it
    assert (await client.post("/auth/refresh", json={"refresh_token": first})).status_code == 401
    assert (await client.post("/auth/refresh", json={"refresh_token": second})).status_code == 401


async def test_signing_out_revokes_the_refresh_token(service: Service) -> None:
    client = service.client
    account = await create_account(client, "33.75", "viewer")
    refresh = (await sign_in(client, account["email"])).json()["refresh_token"]
    r = await client.post("/auth/logout", json={"refresh_token": refresh})
    assert r.status_code == 204
    assert (await client.post("/auth/refresh", json={"refresh_token": refresh})).status_code == 401


async def test_a_person_changes_their_password(service: Service) -> None:
    client = service.client
    account = await create_account(client, "33.75", "viewer")
    auth = await bearer(client, account["email"])
    body = {"current_password": "not the password", "new_password": "another long one"}
    assert (await client.post("/me/password", json=body, headers=auth)).status_code == 403
    body = {"current_password": PASSWORD, "new_password": "short"}
    r = await client.post("/me/password", json=body, headers=auth)
    assert r.status_code == 422 and "new_password" in r.json()["detail"]
    body = {"current_password": PASSWORD, "new_password": "another long one"}
    assert (await client.post("/me/password", json=body, headers=auth)).status_code == 204
    assert (await sign_in(client, account["email"], "another long one")).status_code == 200


async def test_expired_refresh_tokens_are_refused_and_cleared(stack: Stack) -> None:
    async with accounts_service(stack, refresh_token_ttl_s=1) as svc:
        account = await create_account(svc.client, "17", "viewer")
        old = (await sign_in(svc.client, account["email"])).json()["refresh_token"]
        await asyncio.sleep(1.5)
        r = await svc.client.post("/auth/refresh", json={"refresh_token": old})
        assert r.status_code == 401
        await sign_in(svc.client, account["email"])  # a new sign-in sweeps the expired ones
        stored = await svc.runtime.db["refresh_tokens"].count_documents({"account": account["id"]})
        assert stored == 1
