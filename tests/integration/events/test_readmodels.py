"""The read models on the real stack: newest revision wins, and large batches stay writable."""

import uuid

import pytest

from services.events.projections import MEMBERS
from shared.contracts import Envelope, MemberRegistered, MemberUpdated
from shared.messaging import Delivery
from shared.readmodels import Projection, member_document, member_revision
from tests.integration.events.harness import EventsService

pytestmark = pytest.mark.integration


def _delivery(member_id: str, revision: int, name: str) -> Delivery:
    kind = MemberRegistered if revision == 1 else MemberUpdated
    event = kind(council="17", member_id=member_id, kind="person", name=name, revision=revision)
    envelope = Envelope(
        type=event.topic, source="/test", subject=member_id, dataschema="", region="17"
    )
    return Delivery(envelope=envelope, event=event)


async def test_an_older_revision_never_overwrites_a_newer_one(events: EventsService) -> None:
    member_id = f"m-{uuid.uuid4().hex[:12]}"
    await events.feed.send(_delivery(member_id, 1, "Ibu Ani").event, service="membership")
    await events.feed.send(_delivery(member_id, 3, "Ibu Ani Lestari").event, service="membership")
    await events.feed.known(MEMBERS, [member_id], revision=3)
    stale = await events.feed.send(_delivery(member_id, 2, "Ibu A.").event, service="membership")
    await events.feed.applied("members", stale)
    doc = await events.db[MEMBERS].find_one({"_id": member_id})
    assert doc is not None and doc["name"] == "Ibu Ani Lestari" and doc["revision"] == 3


async def test_a_replay_of_many_changes_applies_in_slices(events: EventsService) -> None:
    projection = Projection(
        events.db[f"replay_{uuid.uuid4().hex[:6]}"],
        shape=member_document,
        revision_of=member_revision,
    )
    ids = [f"m-{uuid.uuid4().hex[:12]}" for _ in range(150)]
    assert await projection.apply([_delivery(i, 1, "Anggota") for i in ids]) == 150
    updates = [_delivery(i, 2, "Anggota baru") for i in ids]  # 150 updates of stored documents
    assert await projection.apply([*updates, _delivery(ids[0], 1, "lama")]) == 150
    assert await projection.apply(updates) == 0  # a redelivery changes nothing
    assert await projection.collection.count_documents({"name": "Anggota baru"}) == 150
    await projection.clear()
    assert await projection.collection.count_documents({}) == 0
