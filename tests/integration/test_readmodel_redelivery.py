"""A redelivered batch costs what an insert costs: nothing is written again, and what is written
is addressed by bare `_id` (the only filter FerretDB v1 does not answer by decoding every
stored document; issue 11.4)."""

import uuid
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from shared.contracts import Envelope, MemberRegistered, MemberUpdated
from shared.messaging import Delivery
from shared.readmodels import Projection, member_document, member_revision
from tests.stack import Stack

pytestmark = pytest.mark.integration


class Commands(monitoring.CommandListener):
    """Records the commands a client sends."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent.append((event.command_name, event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def updates(self) -> list[Any]:
        """Every update statement (its filter) sent."""
        return [u["q"] for name, cmd in self.sent if name == "update" for u in cmd["updates"]]

    def filters(self, name: str) -> list[Any]:
        """The filters of every `name` command sent."""
        return [cmd.get("filter") for sent, cmd in self.sent if sent == name]


def delivery(member_id: str, revision: int, name: str) -> Delivery:
    kind = MemberRegistered if revision == 1 else MemberUpdated
    event = kind(council="17", member_id=member_id, kind="person", name=name, revision=revision)
    envelope = Envelope(
        type=event.topic, source="/test", subject=member_id, dataschema="", region="17"
    )
    return Delivery(envelope=envelope, event=event)


@pytest.mark.parametrize("size", [5, 60])  # a few are looked up one by one, many at once
async def test_a_redelivered_batch_writes_nothing_and_a_newer_revision_applies(
    stack: Stack, size: int
) -> None:
    commands = Commands()
    client: AsyncMongoClient[Any] = AsyncMongoClient(stack.mongodb, event_listeners=[commands])
    try:
        projection = Projection(
            client[f"t{uuid.uuid4().hex[:8]}"]["members"],
            shape=member_document,
            revision_of=member_revision,
        )
        ids = [f"m-{uuid.uuid4().hex[:12]}" for _ in range(size)]
        assert await projection.apply([delivery(i, 2, "Anggota") for i in ids]) == size
        commands.sent.clear()

        redelivered = [delivery(i, 2, "Anggota") for i in ids]
        older = [delivery(i, 1, "lama") for i in ids]
        assert await projection.apply([*redelivered, *older]) == 0
        assert commands.updates() == []  # nothing written again, not even a guarded no-op
        assert await projection.collection.count_documents({"name": "Anggota"}) == size

        commands.sent.clear()
        assert await projection.apply([*redelivered, delivery(ids[-1], 3, "Anggota baru")]) == 1
        assert commands.updates() == [{"_id": ids[-1]}]
        lookups = commands.filters("find")
        assert lookups and all(set(f) == {"_id"} for f in lookups)
        doc = await projection.get(ids[-1])
        assert doc is not None and doc["name"] == "Anggota baru" and doc["revision"] == 3
    finally:
        await client.drop_database(projection.collection.database.name)
        await client.close()
