"""The broker factory, topic creation, and reading a cluster's partitions and topics."""

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from shared.messaging.security import KafkaSecurity

log = logging.getLogger(__name__)


def create_broker(
    bootstrap_servers: str,
    *,
    client_id: str,
    graceful_timeout: float = 20.0,
    security: KafkaSecurity | None = None,
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
        security=(security or KafkaSecurity()).faststream(),
        logger=logging.getLogger(f"faststream.{client_id}"),
    )


DAY_MS = 86_400_000


@dataclass(frozen=True)
class TopicPolicy:
    """How topics are created: replication, and retention per kind of topic."""

    replication_factor: int = 1
    min_insync_replicas: int = 1
    dead_letter_retention_ms: int = 30 * DAY_MS

    def retention_ms(self, topic: str) -> int:
        """Event topics are the replay source and keep everything; dead letters expire."""
        return self.dead_letter_retention_ms if is_dead_letter_topic(topic) else -1

    def configs(self, topic: str) -> dict[str, str]:
        """The topic-level configs a new topic is created with."""
        configs = {
            "retention.ms": str(self.retention_ms(topic)),
            "min.insync.replicas": str(self.min_insync_replicas),
        }
        if topic == DLQ_ACTIONS:
            configs["cleanup.policy"] = "compact"
        return configs


DLQ_ACTIONS = "dlq.actions"


def is_dead_letter_topic(topic: str) -> bool:
    """Dead-letter topics (`dlq.<service>`) and the ledger of what was done with them."""
    return topic.startswith("dlq.")


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    partitions: int,
    policy: TopicPolicy | None = None,
    security: KafkaSecurity | None = None,
) -> None:
    """Create the topics a service uses, with enough partitions to scale out (idempotent).

    Topics that exist already keep their settings; one whose retention differs from the
    policy's is reported as a WARNING (replays need the whole history of an event topic).
    """
    policy = policy or TopicPolicy()
    options = (security or KafkaSecurity()).client_options()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **options)
    await admin.start()
    try:
        wanted = set(topics)
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                t,
                num_partitions=partitions,
                replication_factor=policy.replication_factor,
                topic_configs=policy.configs(t),
            )
            for t in sorted(wanted - existing)
        ]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another replica was first
                await admin.create_topics(missing)
        await _warn_on_retention(admin, sorted(wanted & existing), policy)
    finally:
        await admin.close()


async def topic_configs(admin: AIOKafkaAdminClient, topics: list[str]) -> dict[str, dict[str, str]]:
    """Each topic's effective configs (name -> value), as the cluster describes them."""
    if not topics:
        return {}
    responses = await admin.describe_configs(
        [ConfigResource(ConfigResourceType.TOPIC, t) for t in topics]
    )
    found: dict[str, dict[str, str]] = {}
    for response in responses:
        for _code, _message, _type, name, entries in response.resources:
            found[name] = {entry[0]: entry[1] for entry in entries}
    return found


async def _warn_on_retention(
    admin: AIOKafkaAdminClient, topics: list[str], policy: TopicPolicy
) -> None:
    for topic, configs in (await topic_configs(admin, topics)).items():
        actual = configs.get("retention.ms")
        if actual is not None and int(actual) != policy.retention_ms(topic):
            log.warning(
                "topic %s has retention.ms=%s; expected %s (%s)",
                topic,
                actual,
                policy.retention_ms(topic),
                "dead letters expire" if is_dead_letter_topic(topic) else "the replay source",
            )


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
