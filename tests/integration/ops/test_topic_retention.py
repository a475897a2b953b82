"""Topics are created with the retention their role needs, and a wrong one is reported."""

import logging
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from shared.messaging.broker import ensure_topics, topic_configs
from shared.service import topic_policy
from shared.settings import ServiceSettings
from tests.stack import Stack

pytestmark = pytest.mark.integration


async def _configs(stack: Stack, topics: list[str]) -> dict[str, dict[str, str]]:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka)
    await admin.start()
    try:
        return await topic_configs(admin, topics)
    finally:
        await admin.close()


async def test_event_topics_keep_everything_and_dead_letters_expire(stack: Stack) -> None:
    suffix = uuid.uuid4().hex[:10]
    event, dead = f"t{suffix}.program.completed", f"dlq.t{suffix}"
    settings = ServiceSettings(dead_letter_retention_days=2, topic_min_insync_replicas=1)
    await ensure_topics(stack.kafka, [event, dead], partitions=1, policy=topic_policy(settings))
    configs = await _configs(stack, [event, dead])
    assert configs[event]["retention.ms"] == "-1"
    assert configs[dead]["retention.ms"] == str(2 * 86_400_000)
    assert configs[event]["min.insync.replicas"] == "1"


async def test_an_event_topic_with_a_finite_retention_is_reported_at_start(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    topic = f"t{uuid.uuid4().hex[:10]}.member.registered"
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.kafka)
    await admin.start()
    try:  # as compose's Kafka made it before: the broker's default week
        await admin.create_topics(
            [NewTopic(topic, 1, 1, topic_configs={"retention.ms": "604800000"})]
        )
    finally:
        await admin.close()
    with caplog.at_level(logging.WARNING, logger="shared.messaging.broker"):
        await ensure_topics(stack.kafka, [topic], partitions=1)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(topic in w and "retention.ms=604800000" in w for w in warnings), warnings
