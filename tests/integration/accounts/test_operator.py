"""The operator's commands: the first admin of a fresh deployment, account changes, and a
signing-key rotation that no signed-in person notices."""

import asyncio
import uuid
from typing import Any

import jwt
import pytest
from typer.testing import CliRunner, Result

from ops import cli as commands
from ops.cli import app as cli
from services.membership.accounts.keys import PUBLISH_AHEAD
from tests.integration.accounts.support import PASSWORD, accounts_service, email, sign_in
from tests.stack import Stack

pytestmark = pytest.mark.integration


async def _cli(stack: Stack, deployment: str, *args: str, **env: str) -> Result:
    environment = {
        "MONGODB_URL": stack.mongodb,
        "DEPLOYMENT_NAME": deployment,
        "DEPLOYMENT_REGION": "ID",
        **env,
    }
    commands.console.width = 200  # tables unwrapped, as on a wide terminal
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, cli, list(args), env=environment)


async def test_the_first_admin_comes_from_the_command_line(stack: Stack) -> None:
    async with accounts_service(stack) as service:
        deployment = service.runtime.settings.deployment_name
        admin = email("admin")
        done = await _cli(
            stack,
            deployment,
            "account",
            "create",
            admin,
            "--name",
            "Admin Bengkulu",
            "--council",
            "17",
            "--role",
            "admin",
            DEKRANASDA_PASSWORD=PASSWORD,
        )
        assert done.exit_code == 0, done.output
        assert f"{admin} (Admin Bengkulu): active; admin 17" in done.output

        r = await sign_in(service.client, admin)
        assert r.status_code == 200, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        body = {
            "email": email(),
            "name": "Staff",
            "password": PASSWORD,
            "council": "17.71",
            "role": "secretariat",
        }
        assert (await service.client.post("/accounts", json=body, headers=auth)).status_code == 201

        done = await _cli(stack, deployment, "account", "list")
        assert admin in done.output and body["email"] in done.output
        done = await _cli(
            stack,
            deployment,
            "account",
            "grant",
            body["email"],
            "--council",
            "17",
            "--role",
            "viewer",
        )
        assert "secretariat 17.71, viewer 17" in done.output, done.output
        done = await _cli(stack, deployment, "account", "revoke", body["email"], "--council", "17")
        assert done.exit_code == 0 and "viewer 17" not in done.output
        done = await _cli(stack, deployment, "account", "disable", admin)
        assert "disabled" in done.output
        assert (await sign_in(service.client, admin)).status_code == 401


async def test_bad_operator_input_is_named_and_exits_1(stack: Stack) -> None:
    deployment = f"t{uuid.uuid4().hex[:10]}"
    done = await _cli(
        stack,
        deployment,
        "account",
        "create",
        email(),
        "--name",
        "X",
        "--council",
        "17",
        DEKRANASDA_PASSWORD="short",
    )
    assert done.exit_code == 1 and "password: must have at least 10 characters" in done.output
    done = await _cli(stack, deployment, "account", "disable", "nobody@example.id")
    assert done.exit_code == 1 and "no account has the e-mail" in done.output
    done = await _cli(
        stack,
        deployment,
        "account",
        "create",
        email(),
        "--name",
        "X",
        "--council",
        "17",
        "--role",
        "owner",
        DEKRANASDA_PASSWORD=PASSWORD,
    )
    assert done.exit_code != 0 and "must be one of admin, secretariat, viewer" in done.output


def _kid(token: str) -> str:
    return str(jwt.get_unverified_header(token)["kid"])


async def test_a_key_rotation_keeps_signed_in_people_signed_in(stack: Stack) -> None:
    async with accounts_service(stack) as service:
        client, deployment = service.client, service.runtime.settings.deployment_name
        account: dict[str, Any] = (
            await client.post(
                "/accounts",
                json={
                    "email": email(),
                    "name": "P",
                    "password": PASSWORD,
                    "council": "17",
                    "role": "viewer",
                },
                headers={"Authorization": "Bearer " + _operator()},
            )
        ).json()
        before = (await sign_in(client, account["email"])).json()["access_token"]
        done = await _cli(stack, deployment, "keys", "rotate")
        assert done.exit_code == 0 and "signing with" in done.output, done.output

        await asyncio.sleep(6)  # membership's cache of its keys (5 s)
        keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
        assert len(keys) == 2 and _kid(before) in {k["kid"] for k in keys}
        meanwhile = (await sign_in(client, account["email"])).json()["access_token"]
        assert _kid(meanwhile) == _kid(before)  # the new key is published before it signs
        await asyncio.sleep(PUBLISH_AHEAD.total_seconds() - 5)
        after = (await sign_in(client, account["email"])).json()["access_token"]
        assert _kid(after) != _kid(before)
        for token in (before, after):  # both verify during the rotation
            r = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200, r.text
        listed = await _cli(stack, deployment, "keys", "list")
        assert "signing" in listed.output and "published until" in listed.output


def _operator() -> str:
    from tests.conftest import token

    return token("ID", "admin")["Authorization"].split()[1]
