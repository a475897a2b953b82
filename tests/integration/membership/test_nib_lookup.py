"""The business holding an NIB is found by bare `_id` look-ups (its claim, then the member).

A query on `nib` makes FerretDB v1 decode the whole member collection; the registry intake
looks up every record's NIB, so such a query made the intake slower with every member stored
(issue 17, W6).
"""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from services.membership.domain import Member
from services.membership.repository import Members
from shared.persistence import Document
from shared.store import AggregateStore
from tests.stack import Stack

NOW = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)
NIB, OTHER_NIB = "9120001234567", "9120001234568"


class Finds(monitoring.CommandListener):
    """The filters of every `find` sent."""

    def __init__(self) -> None:
        self.filters: list[tuple[str, Document]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "find":
            self.filters.append((event.command["find"], dict(event.command.get("filter", {}))))

    def succeeded(self, event: Any) -> None:
        pass

    def failed(self, event: Any) -> None:
        pass


@pytest.fixture
async def members(stack: Stack) -> AsyncIterator[tuple[Members, Finds]]:
    finds = Finds()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        stack.mongodb, tz_aware=True, event_listeners=[finds]
    )
    db = client[f"t{uuid.uuid4().hex[:10]}"]
    yield Members(AggregateStore(db["members"], source="/test")), finds
    await client.drop_database(db.name)
    await client.close()


async def test_the_holder_of_an_nib_is_found_by_id_only(
    members: tuple[Members, Finds],
) -> None:
    repo, finds = members
    member = Member.register(council="33.75", kind="business", name="Batik", now=NOW, nib=NIB)
    await repo.add(member)
    finds.filters.clear()
    found = await repo.by_nib(NIB)
    assert found is not None and found.id == member.id
    assert await repo.by_nib(OTHER_NIB) is None
    assert finds.filters and all(list(f) == ["_id"] for _, f in finds.filters), finds.filters


async def test_a_changed_nib_is_found_under_the_new_one_only(
    members: tuple[Members, Finds],
) -> None:
    repo, _ = members
    member = Member.register(council="33.75", kind="business", name="Batik", now=NOW, nib=NIB)
    await repo.add(member)
    member.update(now=NOW, nib=OTHER_NIB)
    await repo.save(member, previous_nib=NIB)
    assert await repo.by_nib(NIB) is None
    found = await repo.by_nib(OTHER_NIB)
    assert found is not None and found.id == member.id
