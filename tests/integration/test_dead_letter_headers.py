"""A dead-lettered record keeps the event's correlation id in both of its headers."""

import uuid
from collections.abc import AsyncIterator, Sequence

import pytest

from shared.contracts import Envelope, TradeUkmRegistered
from shared.messaging import Delivery, Subscription
from shared.service import Runtime
from shared.settings import ServiceSettings
from tests.helpers import headers_of, produce, read_topic
from tests.stack import Stack

pytestmark = pytest.mark.integration
TOPIC = TradeUkmRegistered.topic


class DeadLetterSettings(ServiceSettings):
    service = "dlqtest"


@pytest.fixture
async def accepting(stack: Stack, deployment: str) -> AsyncIterator[Runtime]:
    """A running service that accepts every readable record; an unreadable one is dead-lettered."""
    settings = DeadLetterSettings(
        kafka_bootstrap_servers=stack.kafka,
        mongodb_url=stack.mongodb,
        deployment_name=deployment,
        consumer_retry_base_s=0.05,
        consumer_max_retries=1,
    )
    runtime = Runtime.create(settings, outbox_collections=[])

    async def handle(batch: Sequence[Delivery]) -> None:
        return None

    runtime.subscribe(Subscription(name="accepter", topics=(TOPIC,), handler=handle))
    await runtime.start()
    yield runtime
    await runtime.stop()


@pytest.mark.usefixtures("accepting")
async def test_the_dead_letter_keeps_the_correlation_id_of_the_event(stack: Stack) -> None:
    correlation, ce_id = str(uuid.uuid4()), str(uuid.uuid4())
    envelope = Envelope(
        type=TOPIC,
        source="/trade/oss",
        subject="poison",
        dataschema=TradeUkmRegistered.dataschema(),
        region="33.75",
        id=ce_id,
        correlationid=correlation,
    )
    # as a trade system sends it: CloudEvents headers only, no broker `correlation_id`
    await produce(stack.kafka, TOPIC, b"{not json", key=b"poison", headers=envelope.headers())
    dead = await read_topic(
        stack.kafka, "dlq.dlqtest", until=lambda r: headers_of(r).get("ce_id") == ce_id
    )
    dead_headers = headers_of(dead)
    assert dead_headers["ce_correlationid"] == correlation
    assert dead_headers["correlation_id"] == correlation
