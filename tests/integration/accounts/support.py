"""What the accounts tests share: a membership service with sign-in, accounts, sign-ins."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from services.membership.app import MembershipSettings, create_app
from tests.apps import running, settings_for
from tests.conftest import token
from tests.integration.membership.support import Service
from tests.stack import Stack

OPERATOR = token("ID", "admin", sub="operator")  # `dekranasda token`: HS256, local and tests
PASSWORD = "correct horse battery"


@asynccontextmanager
async def accounts_service(stack: Stack, **extra: Any) -> AsyncIterator[Service]:
    """A membership service in a fresh deployment; `extra` overrides sign-in settings."""
    settings = settings_for(
        MembershipSettings, stack, f"t{uuid.uuid4().hex[:10]}", **{"sign_in_delay_s": 0.01, **extra}
    )
    app = create_app(settings)
    async with running(app) as client:
        yield Service(client=client, runtime=app.state.runtime, stack=stack)


def email(label: str = "person") -> str:
    """An address no other test uses."""
    return f"{label}.{uuid.uuid4().hex[:8]}@example.id"


async def create_account(
    client: httpx.AsyncClient,
    council: str,
    role: str,
    *,
    address: str | None = None,
    password: str = PASSWORD,
    by: dict[str, str] = OPERATOR,
) -> dict[str, Any]:
    """An account with one grant, created by an admin; returns it as the API shows it."""
    body = {
        "email": address or email(role),
        "name": f"{role.title()} {council}",
        "password": password,
        "council": council,
        "role": role,
    }
    r = await client.post("/accounts", json=body, headers=by)
    assert r.status_code == 201, r.text
    account: dict[str, Any] = r.json()
    return account


async def sign_in(
    client: httpx.AsyncClient, address: str, password: str = PASSWORD, council: str | None = None
) -> httpx.Response:
    """POST /auth/token."""
    body = {"email": address, "password": password, "council": council}
    return await client.post("/auth/token", json=body)


async def bearer(
    client: httpx.AsyncClient, address: str, council: str | None = None
) -> dict[str, str]:
    """Authorization headers of a fresh sign-in."""
    r = await sign_in(client, address, council=council)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
