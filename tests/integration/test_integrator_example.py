"""The integrators' example works: a plain-client trade registration becomes a member."""

import importlib.util
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.membership.app import MembershipSettings, create_app
from tests.apps import running, settings_for
from tests.conftest import token
from tests.helpers import eventually, skip_history, skip_history_of
from tests.stack import ROOT, Stack

spec = importlib.util.spec_from_file_location("integrator", ROOT / "docs/examples/integrator.py")
assert spec and spec.loader
integrator: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(integrator)


@pytest.fixture
async def membership(stack: Stack, deployment: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings_for(MembershipSettings, stack, deployment))
    await skip_history_of(app, stack.kafka)  # earlier runs' records are not this test's
    async with running(app) as client:
        yield client


async def test_trade_registration_in_a_plain_client_becomes_a_member_event(
    stack: Stack, deployment: str, membership: httpx.AsyncClient
) -> None:
    nib = str(uuid.uuid4().int)[:13]
    # the council must be registered in the deployment first: a record for another is refused
    admin = token("ID", "admin")
    r = await membership.post("/councils", json={"code": "33.75"}, headers=admin)
    assert r.status_code == 201, r.text
    # the example's group reads from the earliest offset; the shared broker's history of
    # earlier runs is not this test's, so the group starts at the topic's end
    group = f"it-{deployment}"
    await skip_history(stack.kafka, group=group, topics=("member.registered",))
    await integrator.publish_trade_registration(
        stack.kafka,
        nib=nib,
        name="Batik Jetayu",
        region="33.75",
        category="batik",
        owner_name="Ibu Sari",
    )
    seen: dict[str, Any] = {}

    async def on_event(headers: dict[str, str], data: dict[str, Any]) -> bool:
        if data.get("nib") == nib:
            seen.update(data, ce_type=headers["ce_type"])
            return False
        return True

    await integrator.follow(
        stack.kafka, group=group, topics=["member.registered"], on_event=on_event
    )
    assert seen["ce_type"] == "member.registered" and seen["name"] == "Batik Jetayu"

    async def found() -> list[dict[str, Any]]:  # another deployment on the broker may be first
        r = await membership.get("/members", params={"q": nib}, headers=token("33.75"))
        items: list[dict[str, Any]] = r.json()["items"]
        return items

    items = await eventually(found)
    assert [m["nib"] for m in items] == [nib] and items[0]["council"] == "33.75"
