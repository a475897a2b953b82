"""A registration whose process died after claiming the NIB: its retry succeeds at once, and no
409 names a member that does not exist (issue 11.6)."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from shared.store import AggregateStore
from tests.conftest import token
from tests.integration.membership.support import Service, council, membership_service
from tests.stack import Stack

pytestmark = pytest.mark.integration


class Killed(BaseException):
    """The process dies here: nothing after this point runs, no clean-up either."""


@pytest.fixture
async def membership(stack: Stack) -> AsyncIterator[Service]:
    async with membership_service(stack) as service:
        await council(service.client, "33.75")
        yield service


def business(nib: str, name: str = "Batik Pesisir") -> dict[str, Any]:
    return {"council": "33.75", "kind": "business", "name": name, "nib": nib}


async def test_retry_after_a_crash_between_claim_and_member_succeeds_at_once(
    membership: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    nib = str(uuid.uuid4().int)[:13]
    insert = AggregateStore.insert

    async def dies_before_the_member(self: AggregateStore, doc: Any, events: Any) -> None:
        if self.collection.name == "members" and doc.get("nib") == nib:
            raise Killed
        await insert(self, doc, events)

    monkeypatch.setattr(AggregateStore, "insert", dies_before_the_member)
    with pytest.raises(BaseException):  # noqa: B017 - the dying request, as the ASGI app ends it
        await membership.client.post("/members", json=business(nib), headers=token("33.75"))
    monkeypatch.undo()
    assert await membership.runtime.db["nibs"].find_one({"_id": nib}) is not None  # orphan claim

    retry = await membership.client.post("/members", json=business(nib), headers=token("33.75"))
    assert retry.status_code == 201, retry.text
    member_id = retry.json()["id"]
    shown = await membership.client.get(f"/members/{member_id}", headers=token("33.75"))
    assert shown.status_code == 200 and shown.json()["nib"] == nib

    other = await membership.client.post(
        "/members", json=business(nib, "Tenun Lain"), headers=token("33.75")
    )
    assert other.status_code == 409 and other.json()["detail"].startswith("nib:")
    assert member_id in other.json()["detail"]


async def test_a_conflict_never_names_a_member_that_does_not_exist(membership: Service) -> None:
    nib, ghost = str(uuid.uuid4().int)[:13], uuid.uuid4().hex
    nibs = membership.runtime.db["nibs"]
    await nibs.insert_one({"_id": nib, "member_id": ghost, "at": datetime.now(UTC)})

    busy = await membership.client.post("/members", json=business(nib), headers=token("33.75"))
    assert busy.status_code == 409 and busy.json()["detail"].startswith("nib:")
    assert ghost not in busy.json()["detail"]
    assert "retry" in busy.json()["detail"]

    stale = datetime.now(UTC) - timedelta(minutes=3)
    await nibs.update_one({"_id": nib}, {"$set": {"at": stale}})
    taken = await membership.client.post("/members", json=business(nib), headers=token("33.75"))
    assert taken.status_code == 201, taken.text
