"""The aggregate store on the real MongoDB-wire server: no lost update, idempotent indexes."""

import asyncio
import uuid

import pytest
from pymongo import ASCENDING, AsyncMongoClient, IndexModel

from shared.aggregate import StaleRevision
from shared.contracts import TradeUkmRegistered
from shared.persistence import OUTBOX, document_lock, ensure_indexes
from shared.store import AggregateStore
from tests.stack import Stack


async def test_concurrent_saves_of_one_revision_keep_one_and_refuse_the_other(stack: Stack) -> None:
    client = AsyncMongoClient(stack.mongodb, tz_aware=True)
    try:
        store = AggregateStore(client[f"t{uuid.uuid4().hex[:8]}"]["things"], source="/test")
        await store.insert({"_id": "a", "a": 0, "b": 0}, [])
        results = await asyncio.gather(
            store.update("a", 1, {"a": 1}, []),
            store.update("a", 1, {"b": 1}, []),
            return_exceptions=True,
        )
        assert sum(isinstance(r, StaleRevision) for r in results) == 1
        doc = await store.collection.find_one({"_id": "a"})
        assert doc is not None and doc["revision"] == 2 and doc["a"] + doc["b"] == 1
    finally:
        await client.close()


async def test_a_save_and_the_relay_removing_published_events_lose_nothing(
    stack: Stack,
) -> None:
    # Unguarded, FerretDB v1 loses about 80 of 100 such concurrent update pairs.
    client = AsyncMongoClient(stack.mongodb, tz_aware=True, maxPoolSize=50)
    try:
        store = AggregateStore(client[f"t{uuid.uuid4().hex[:8]}"]["things"], source="/test")
        event = TradeUkmRegistered(council="33.75", nib="1234567890123", name="X")
        ids = [f"a{n}" for n in range(100)]
        for doc_id in ids:
            await store.insert({"_id": doc_id, "kpi": 0}, [event])
        pending = {d["_id"]: d[OUTBOX] async for d in store.collection.find({})}

        async def relay_removes(doc_id: str) -> None:  # as OutboxRelay does after publishing
            async with document_lock(store.collection, doc_id):
                await store.collection.update_one(
                    {"_id": doc_id}, {"$pullAll": {OUTBOX: pending[doc_id]}}
                )

        await asyncio.gather(
            *(t for i in ids for t in (relay_removes(i), store.update(i, 1, {"kpi": 40}, [])))
        )
        docs = await store.collection.find({}).to_list(None)
        assert [d["kpi"] for d in docs] == [40] * 100  # no save was overwritten
        assert all(d[OUTBOX] == [] for d in docs)  # and every removal happened
    finally:
        await client.close()


@pytest.mark.parametrize("times", [2])
async def test_index_setup_runs_again_on_a_database_that_has_them(stack: Stack, times: int) -> None:
    client = AsyncMongoClient(stack.mongodb)
    try:
        db = client[f"t{uuid.uuid4().hex[:8]}"]
        wanted = {
            "members": [
                IndexModel([("council", ASCENDING), ("kind", ASCENDING)]),
                IndexModel([("nib", ASCENDING)]),
            ]
        }
        for _ in range(times):  # a restart, or a second replica
            await ensure_indexes(db, wanted)
        names = {ix["name"] async for ix in await db["members"].list_indexes()}
        assert {"council_1_kind_1", "nib_1"} <= names
    finally:
        await client.close()
