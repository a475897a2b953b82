"""The generic aggregate repository on the real MongoDB-wire server, and its in-memory twin.

The same scenario runs against both, so the fakes unit tests use cannot drift from the rules
the services' repositories keep: revision 1 after add, +1 per save, a stale save refused, the
events stored with the change and the object's pending list emptied.
"""

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from pymongo import AsyncMongoClient

from shared.aggregate import Aggregate, Conflict, StaleRevision
from shared.contracts import TradeUkmRegistered
from shared.persistence import OUTBOX, Document
from shared.repository import Aggregates, Store
from shared.store import AggregateStore
from tests.fakes import InMemory
from tests.stack import Stack


@dataclass(kw_only=True)
class Thing(Aggregate):
    name: str


def _doc(thing: Thing) -> Document:
    return {"_id": thing.id, "name": thing.name}


def _thing(doc: Document) -> Thing:
    return Thing(id=doc["_id"], name=doc["name"], revision=doc["revision"])


def _event() -> TradeUkmRegistered:
    return TradeUkmRegistered(council="33.75", nib="1234567890123", name="X")


@pytest.fixture(params=["mongodb", "in-memory"])
async def things(request: pytest.FixtureRequest, stack: Stack) -> AsyncIterator[Store[Thing]]:
    if request.param == "in-memory":
        yield InMemory[Thing]()
        return
    client: AsyncMongoClient[Document] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    collection = client[f"t{uuid.uuid4().hex[:8]}"]["things"]
    yield Aggregates(AggregateStore(collection, source="/test"), to_doc=_doc, from_doc=_thing)
    await client.drop_database(collection.database.name)
    await client.close()


async def test_revisions_follow_every_write_and_a_stale_save_is_refused(
    things: Store[Thing],
) -> None:
    thing = Thing(id="a", name="first")
    thing.record(_event())
    await things.add(thing)
    assert (thing.revision, thing.pending) == (1, [])

    loaded = await things.get("a")
    assert loaded is not None and (loaded.revision, loaded.name) == (1, "first")
    loaded.name = "second"
    await things.save(loaded)
    assert loaded.revision == 2

    thing.name = "late"  # still at revision 1: someone saved meanwhile
    with pytest.raises(StaleRevision):
        await things.save(thing)
    stored = await things.get("a")
    assert stored is not None and (stored.revision, stored.name) == (2, "second")


async def test_a_second_add_of_one_id_is_a_conflict_and_by_ids_skips_unknown(
    things: Store[Thing],
) -> None:
    await things.add(Thing(id="a", name="first"))
    with pytest.raises(Conflict):
        await things.add(Thing(id="a", name="again"))
    found = await things.by_ids(["a", "missing", "a"])
    assert list(found) == ["a"] and found["a"].name == "first"


async def test_the_events_of_a_change_are_stored_with_it(stack: Stack) -> None:
    client: AsyncMongoClient[Document] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    try:
        collection = client[f"t{uuid.uuid4().hex[:8]}"]["things"]
        things = Aggregates(
            AggregateStore(collection, source="/test"), to_doc=_doc, from_doc=_thing
        )
        thing = Thing(id="a", name="first")
        await things.add(thing)
        thing.record(_event())
        await things.save(thing)
        doc = await collection.find_one({"_id": "a"})
        assert doc is not None and len(doc[OUTBOX]) == 1
        assert doc[OUTBOX][0]["envelope"]["type"] == "trade.ukm.registered"
        page, total = await things.page({}, sort=[("_id", 1)], skip=0, limit=10)
        assert total == 1 and page[0].revision == 2
        await client.drop_database(collection.database.name)
    finally:
        await client.close()
