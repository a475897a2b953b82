"""The broker factory, topic creation, and reading a cluster's partitions and topics."""

import contextlib
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

log = logging.getLogger(__name__)


def create_broker(
    bootstrap_servers: str, *, client_id: str, graceful_timeout: float = 20.0
) -> KafkaBroker:
    """One broker per app: `acks=all` and an idempotent producer (aiokafka defaults to acks=1)."""
    logger = logging.getLogger(f"faststream.{client_id}")
    logger.setLevel(logging.WARNING)  # one line per message is noise; errors still show
    return KafkaBroker(
        bootstrap_servers,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        graceful_timeout=graceful_timeout,
        logger=logging.getLogger(f"faststream.{client_id}"),
    )


async def ensure_topics(bootstrap_servers: str, topics: Iterable[str], *, partitions: int) -> None:
    """Create the topics a service uses, with enough partitions to scale out (idempotent)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(t, num_partitions=partitions, replication_factor=1)
            for t in sorted(set(topics) - existing)
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another replica was first
                await admin.create_topics(missing)
    finally:
        await admin.close()


async def partitions_of(consumer: Any, topics: Iterable[str]) -> list[Any]:
    """Every partition of the topics, from fresh cluster metadata (no subscription needed)."""
    from aiokafka import TopicPartition

    cluster = await consumer._client.fetch_all_metadata()
    return [
        TopicPartition(t, p) for t in topics for p in sorted(cluster.partitions_for_topic(t) or ())
    ]


async def all_topics(consumer: Any) -> list[str]:
    """Every topic but Kafka's own."""
    cluster = await consumer._client.fetch_all_metadata()
    return sorted(t for t in cluster.topics() if not t.startswith("__"))
