"""The outbox relay replaces a producer that can no longer deliver (real Kafka and FerretDB).

A broker restart can leave aiokafka's idempotent producer answering every send with
`OutOfOrderSequenceNumber` for good (aiokafka #1017). That state is injected here, since a
restart reproduces it only in some runs (`test_relay_liveness.py` restarts a private broker).
"""

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import OutOfOrderSequenceNumber
from pymongo import AsyncMongoClient

from shared.contracts import TradeUkmRegistered
from shared.messaging import OutboxRelay, Publisher
from shared.persistence import OUTBOX
from shared.store import AggregateStore
from tests.helpers import eventually, headers_of, read_topic
from tests.stack import Stack

pytestmark = pytest.mark.integration


class StuckOutOfOrder(AIOKafkaProducer):  # type: ignore[misc]
    """A real producer in the state aiokafka #1017 describes: every send fails, forever."""

    async def send(self, *args: Any, **kwargs: Any) -> "asyncio.Future[Any]":
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_exception(OutOfOrderSequenceNumber())
        return future


async def test_a_producer_stuck_out_of_order_is_replaced_and_publishing_resumes(
    stack: Stack, deployment: str
) -> None:
    made: list[AIOKafkaProducer] = []

    def producer() -> AIOKafkaProducer:
        kind = StuckOutOfOrder if not made else AIOKafkaProducer
        made.append(kind(bootstrap_servers=stack.kafka, acks="all", enable_idempotence=True))
        return made[-1]

    client: AsyncMongoClient[Any] = AsyncMongoClient(stack.mongodb, tz_aware=True)
    db = client[f"dekranasda_{deployment}_relaytest"]
    publisher = Publisher(stack.kafka, client_id=deployment, factory=producer)
    relay = OutboxRelay(publisher, db, ["things"], service="relaytest", interval_s=0.05)
    store = AggregateStore(
        db["things"], source="/dekranasda/ID/relaytest", on_pending=relay.pending
    )
    nib = str(uuid.uuid4().int)[:13]
    event = TradeUkmRegistered(council="17.71", nib=nib, name="Tenun Bengkulu")
    relay.start()
    try:
        await store.insert({"_id": nib, "name": event.name}, [event])
        stored = await db["things"].find_one({"_id": nib})
        assert stored is not None
        ce_id = stored[OUTBOX][0]["envelope"]["id"]
        record = await read_topic(
            stack.kafka, event.topic, until=lambda r: headers_of(r).get("ce_id") == ce_id
        )
        assert record.key == nib.encode()
        assert [type(p) for p in made] == [StuckOutOfOrder, AIOKafkaProducer]
        assert publisher.renewals == 1

        async def emptied() -> bool:
            doc = await db["things"].find_one({"_id": nib})
            return doc is not None and doc[OUTBOX] == []

        await eventually(emptied)
    finally:
        await relay.stop()
        await client.drop_database(db.name)
        await client.close()
