"""The shared messaging kit against the real Kafka broker and MongoDB-wire server."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest

from shared.contracts import Envelope, TradeUkmRegistered
from shared.messaging import Delivery, Subscription
from shared.persistence import OUTBOX
from shared.service import Runtime
from shared.settings import ServiceSettings
from shared.store import pending_entry
from tests.helpers import eventually, headers_of, produce, read_topic
from tests.stack import Stack

pytestmark = pytest.mark.integration
TOPIC = TradeUkmRegistered.topic


class KitSettings(ServiceSettings):
    service = "kittest"


def _settings(stack: Stack, deployment: str) -> KitSettings:
    return KitSettings(
        kafka_bootstrap_servers=stack.kafka,
        mongodb_url=stack.mongodb,
        deployment_name=deployment,
        consumer_retry_base_s=0.05,
        consumer_max_retries=2,
    )


def _record(nib: str, *, ce_id: str | None = None) -> tuple[bytes, dict[str, str]]:
    event = TradeUkmRegistered(council="33.75", nib=nib, name=f"Batik {nib}", category="batik")
    envelope = Envelope(
        type=TOPIC,
        source="/trade/oss",
        subject=nib,
        dataschema=event.dataschema(),
        region="33.75",
        id=ce_id or str(uuid.uuid4()),
    )
    return event.model_dump_json().encode(), envelope.headers()


def _nib() -> str:
    return str(uuid.uuid4().int)[:13].rjust(13, "1")


@pytest.fixture
async def counting(stack: Stack, deployment: str) -> AsyncIterator[Runtime]:
    """A running service whose handler counts applications per NIB with `$inc`."""
    runtime = Runtime.create(_settings(stack, deployment), outbox_collections=["things"])
    counts = runtime.db["counts"]

    async def handle(batch: Sequence[Delivery]) -> None:
        for delivery in batch:
            event = delivery.event
            assert isinstance(event, TradeUkmRegistered)
            if event.name.startswith("fail"):
                raise RuntimeError("the database is having a bad day")
            await counts.update_one({"_id": event.nib}, {"$inc": {"n": 1}}, upsert=True)

    runtime.subscribe(Subscription(name="counter", topics=(TOPIC,), handler=handle))
    await runtime.start()
    yield runtime
    await runtime.stop()


async def _count(runtime: Runtime, nib: str) -> int:
    doc = await runtime.db["counts"].find_one({"_id": nib})
    return int(doc["n"]) if doc else 0


async def test_duplicate_delivery_is_applied_once(stack: Stack, counting: Runtime) -> None:
    nib, ce_id = _nib(), str(uuid.uuid4())
    value, headers = _record(nib, ce_id=ce_id)
    await produce(stack.kafka, TOPIC, value, key=nib.encode(), headers=headers)
    await produce(stack.kafka, TOPIC, value, key=nib.encode(), headers=headers)
    marker, marker_headers = _record(_nib())
    # keyed like the copies: the same partition, so it is applied after both of them
    await produce(stack.kafka, TOPIC, marker, key=nib.encode(), headers=marker_headers)
    await eventually(lambda: _count(counting, json.loads(marker)["nib"]))
    assert await _count(counting, nib) == 1


async def test_poison_message_goes_to_dead_letters_and_the_rest_flows(
    stack: Stack, counting: Runtime
) -> None:
    poison_id = str(uuid.uuid4())
    _, headers = _record("0000000000000", ce_id=poison_id)
    await produce(stack.kafka, TOPIC, b"{not json", key=b"poison", headers=headers)
    good_value, bad_headers = _record("1234567890123")
    bad_value = good_value.replace(b'"1234567890123"', b'"12345"')  # an NIB has 13 digits
    await produce(stack.kafka, TOPIC, bad_value, headers=bad_headers)
    nib = _nib()
    value, good = _record(nib)
    await produce(stack.kafka, TOPIC, value, key=nib.encode(), headers=good)

    await eventually(lambda: _count(counting, nib))
    dead = await read_topic(
        stack.kafka, "dlq.kittest", until=lambda r: headers_of(r).get("ce_id") == poison_id
    )
    dead_headers = headers_of(dead)
    assert dead.value == b"{not json"
    assert dead.key == b"poison"
    assert dead_headers["ce_type"] == TOPIC and dead_headers["ce_source"] == "/trade/oss"
    assert "invalid trade.ukm.registered payload" in dead_headers["dlq_error"]
    assert dead_headers["dlq_topic"] == TOPIC
    invalid = await read_topic(
        stack.kafka, "dlq.kittest", until=lambda r: headers_of(r)["ce_id"] == bad_headers["ce_id"]
    )
    assert "nib" in headers_of(invalid)["dlq_error"]


async def test_exhausted_retries_dead_letter_only_the_failing_message(
    stack: Stack, counting: Runtime
) -> None:
    event = TradeUkmRegistered(council="33.75", nib=_nib(), name="fail always")
    envelope = Envelope(
        type=TOPIC,
        source="/trade/oss",
        subject=event.nib,
        dataschema=event.dataschema(),
        region="33.75",
    )
    await produce(stack.kafka, TOPIC, event.model_dump_json().encode(), headers=envelope.headers())
    nib = _nib()
    value, headers = _record(nib)
    await produce(stack.kafka, TOPIC, value, headers=headers)

    await eventually(lambda: _count(counting, nib))
    dead = await read_topic(
        stack.kafka, "dlq.kittest", until=lambda r: headers_of(r)["ce_id"] == envelope.id
    )
    assert "gave up after 3 attempts" in headers_of(dead)["dlq_error"]


async def test_event_stored_before_a_relay_crash_is_published_after_restart(
    stack: Stack, deployment: str
) -> None:
    settings = _settings(stack, deployment)
    writer = Runtime.create(settings, outbox_collections=["things"])  # never starts a relay
    nib = _nib()
    event = TradeUkmRegistered(council="17.71", nib=nib, name="Tenun Bengkulu")
    await writer.store("things").insert({"_id": nib, "name": event.name}, [event])
    stored = await writer.db["things"].find_one({"_id": nib})
    ce_id = stored[OUTBOX][0]["envelope"]["id"]
    await writer.client.close()

    restarted = Runtime.create(settings, outbox_collections=["things"])
    await restarted.broker.start()
    try:
        # the save's hand-over died with the writer: the start-up sweep finds the events
        assert await restarted.relay.drain() == 0
        assert await restarted.relay.sweep() >= 1
        assert await restarted.relay.drain() >= 1
        record = await read_topic(
            stack.kafka, TOPIC, until=lambda r: headers_of(r).get("ce_id") == ce_id
        )
        assert record.key == nib.encode()
        assert json.loads(record.value)["name"] == "Tenun Bengkulu"
        assert headers_of(record)["ce_source"] == "/dekranasda/ID/kittest"
        after = await restarted.db["things"].find_one({"_id": nib})
        assert after[OUTBOX] == []
        assert await restarted.relay.drain() == 0  # published once, then removed
    finally:
        await restarted.relay.stop()  # closes the relay's own producer
        await restarted.broker.stop()
        await restarted.client.close()


async def test_an_event_whose_save_left_no_marker_is_published_by_the_next_sweep(
    stack: Stack, deployment: str
) -> None:
    settings = _settings(stack, deployment).model_copy(update={"relay_sweep_s": 1.0})
    running = Runtime.create(settings, outbox_collections=["things"])
    running.relay.start()
    try:
        await asyncio.sleep(0.5)  # past the start-up sweep
        nib = _nib()
        event = TradeUkmRegistered(council="17.71", nib=nib, name="Songket Rejang")
        entry = pending_entry(event, source="/dekranasda/ID/kittest")
        # the save landed, its marker did not (the process died, or the write failed)
        await running.db["things"].insert_one({"_id": nib, "revision": 1, OUTBOX: [entry]})
        record = await read_topic(
            stack.kafka,
            TOPIC,
            until=lambda r: headers_of(r).get("ce_id") == entry["envelope"]["id"],
            timeout=20,
        )
        assert json.loads(record.value)["name"] == "Songket Rejang"
        assert await eventually(lambda: _published(running, nib), timeout=10)
    finally:
        await running.relay.stop()
        await running.client.close()


async def _published(runtime: Runtime, doc_id: str) -> bool:
    """The document's events are gone from its outbox: the relay published and removed them."""
    doc = await runtime.db["things"].find_one({"_id": doc_id})
    return doc is not None and doc.get(OUTBOX) == []


async def test_a_new_document_saved_again_before_a_pass_publishes_both_events_once_in_order(
    stack: Stack, deployment: str
) -> None:
    # a new document's events reach the relay in memory; a second save must make it read them
    runtime = Runtime.create(_settings(stack, deployment), outbox_collections=["things"])
    await runtime.broker.start()
    store = runtime.store("things")
    nib = _nib()
    first = TradeUkmRegistered(council="17.71", nib=nib, name="Batik Besurek")
    second = TradeUkmRegistered(council="17.71", nib=nib, name="Batik Besurek Kaganga")
    try:
        await store.insert({"_id": nib, "name": first.name}, [first])
        await store.update(nib, 1, {"name": second.name}, [second])
        assert await runtime.relay.drain() == 2
        assert await runtime.relay.drain() == 0  # nothing left to publish twice
        doc = await runtime.db["things"].find_one({"_id": nib})
        assert doc is not None and doc[OUTBOX] == [] and doc["revision"] == 2
        names: list[str] = []

        def collect(record: object) -> bool:
            if getattr(record, "key", None) == nib.encode():
                names.append(json.loads(getattr(record, "value", b"{}"))["name"])
            return len(names) == 2

        await read_topic(stack.kafka, TOPIC, until=collect)
        assert names == ["Batik Besurek", "Batik Besurek Kaganga"]
    finally:
        await runtime.relay.stop()
        await runtime.broker.stop()
        await runtime.client.close()


async def test_new_documents_beyond_those_held_in_memory_are_read_and_published_once(
    stack: Stack, deployment: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shared.messaging.markers.HELD_EVENTS", 2)
    runtime = Runtime.create(_settings(stack, deployment), outbox_collections=["things"])
    await runtime.broker.start()
    store = runtime.store("things")
    nibs = [_nib() for _ in range(5)]
    try:
        await store.insert_many(
            [
                ({"_id": nib}, [TradeUkmRegistered(council="17.71", nib=nib, name=f"Kopi {nib}")])
                for nib in nibs
            ]
        )
        assert await runtime.relay.drain() == 5
        assert await runtime.relay.drain() == 0
        for nib in nibs:
            assert await _published(runtime, nib)
    finally:
        await runtime.relay.stop()
        await runtime.broker.stop()
        await runtime.client.close()
