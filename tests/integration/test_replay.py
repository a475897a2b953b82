"""`dekranasda replay`: a read model rebuilt from offset 0 holds the same state as before."""

import uuid

from pymongo import AsyncMongoClient

from ops.replay import rebuild
from services.events.app import EventsSettings, create_app
from shared.contracts import Envelope, MemberRegistered, MemberUpdated
from tests.apps import running, settings_for
from tests.helpers import eventually, produce
from tests.stack import Stack


async def _send(stack: Stack, event: MemberRegistered | MemberUpdated) -> None:
    envelope = Envelope(
        type=event.topic,
        source="/dekranasda/33.75/membership",
        subject=event.member_id,
        dataschema=event.dataschema(),
        region="33.75",
    )
    await produce(
        stack.kafka,
        event.topic,
        event.model_dump_json().encode(),
        key=event.member_id.encode(),
        headers=envelope.headers(),
    )


async def test_replay_rebuilds_the_member_read_model(stack: Stack, deployment: str) -> None:
    settings = settings_for(EventsSettings, stack, deployment)
    app = create_app(settings)
    ids = [uuid.uuid4().hex for _ in range(5)]
    views = app.state.runtime.db["member_views"]
    async with running(app):
        for member_id in ids:
            await _send(
                stack,
                MemberRegistered(
                    council="33.75", member_id=member_id, kind="business", name="Lama", revision=1
                ),
            )
            await _send(
                stack,
                MemberUpdated(
                    council="33.75", member_id=member_id, kind="business", name="Baru", revision=2
                ),
            )
        await eventually(lambda: _count(views, ids), timeout=90)
        before = {d["_id"]: d async for d in views.find({"_id": {"$in": ids}})}
        await views.delete_many({"_id": {"$in": ids[:2]}})  # damage it

    counts = await rebuild("events", settings=settings)

    assert counts["members"] >= 10  # every member event on the topic, ours among them
    client = AsyncMongoClient(stack.mongodb, tz_aware=True)
    try:
        fresh = client[settings.database]["member_views"]
        after = {d["_id"]: d async for d in fresh.find({"_id": {"$in": ids}})}
    finally:
        await client.close()
    assert after == before
    assert {d["name"] for d in after.values()} == {"Baru"}


async def _count(views, ids: list[str]) -> bool:  # type: ignore[no-untyped-def]
    return await views.count_documents({"_id": {"$in": ids}, "revision": 2}) == len(ids)
