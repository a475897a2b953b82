"""The runtime every service shares: MongoDB, the broker, the relay, start-up and shutdown.

A service's composition root (`services/<name>/app.py`) builds a `Runtime`, wires its own
repositories, handlers, routes and subscriptions onto it, and calls `shared.webapp.build_app`.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

from shared.messaging import (
    OutboxRelay,
    Policy,
    Publisher,
    Subscription,
    create_broker,
    ensure_topics,
)
from shared.messaging.broker import DAY_MS, TopicPolicy, partitions_of
from shared.messaging.worker import subscribe
from shared.migrations import Migration, migrate, move_collection, schema_version
from shared.observability import (
    CONSUMER_LAG,
    DEAD_LETTER_RECORDS,
    SERVICE_READY,
)
from shared.persistence import Document, create_client, ensure_indexes
from shared.settings import ServiceSettings
from shared.store import AggregateStore

log = logging.getLogger(__name__)
INBOX = "inbox"


@dataclass
class Runtime:
    """The infrastructure of one service process."""

    settings: ServiceSettings
    client: AsyncMongoClient[Document]
    broker: KafkaBroker
    outbox_collections: Sequence[str]
    indexes: dict[str, list[IndexModel]] = field(default_factory=dict)
    topics: set[str] = field(default_factory=set)
    relay: OutboxRelay = field(init=False)
    _lag_task: "asyncio.Task[None] | None" = field(default=None, init=False)
    subscribers: list[Any] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)
    migrations: list[Migration] = field(default_factory=list)
    moves: dict[str, str] = field(default_factory=dict)  # renamed collections: old -> new

    def __post_init__(self) -> None:
        s = self.settings
        publisher = Publisher(
            s.kafka_bootstrap_servers,
            client_id=f"{s.group_prefix}.relay",
            timeout_s=s.relay_publish_timeout_s,
            security=s.kafka_security,
        )
        self.relay = OutboxRelay(
            publisher,
            self.db,
            self.outbox_collections,
            service=s.service,
            interval_s=s.relay_interval_s,
            stall_s=s.relay_stall_s,
            sweep_s=s.relay_sweep_s,
        )
        self.topics.add(f"dlq.{self.settings.service}")

    @classmethod
    def create(
        cls,
        settings: ServiceSettings,
        *,
        outbox_collections: Sequence[str],
        publishes: Sequence[str] = (),
    ) -> "Runtime":
        """Connect nothing yet: clients connect lazily, the lifespan starts the rest."""
        broker = create_broker(
            settings.kafka_bootstrap_servers,
            client_id=settings.group_prefix,
            graceful_timeout=settings.graceful_timeout_s,
            security=settings.kafka_security,
        )
        return cls(
            settings=settings,
            client=create_client(
                settings.mongodb_url,
                timeout_ms=settings.mongodb_timeout_ms,
                server_selection_timeout_ms=settings.mongodb_server_selection_timeout_ms,
            ),
            broker=broker,
            outbox_collections=outbox_collections,
            topics=set(publishes),
        )

    @property
    def db(self) -> AsyncDatabase[Document]:
        """The service's own database."""
        return self.client[self.settings.database]

    def store(self, collection: str) -> AggregateStore:
        """An aggregate store whose saves hand their documents to this process's relay."""
        return AggregateStore(
            self.db[collection],
            source=self.settings.source,
            on_pending=self.relay.pending,
            schema=lambda: schema_version(self.migrations, collection),
        )

    def subscribe(self, sub: Subscription) -> None:
        """Listen to topics with the shared delivery semantics (see `shared.messaging`)."""
        s = self.settings
        policy = Policy(
            service=s.service,
            group_prefix=s.group_prefix,
            max_retries=s.consumer_max_retries,
            retry_base_s=s.consumer_retry_base_s,
        )
        self.subscribers.append(subscribe(self.broker, sub, policy, self.db[INBOX]))
        self.subscriptions.append(sub)
        self.topics.update(sub.topics)

    async def start(self) -> None:
        """Moved collections, indexes, migrations of older documents, topics, broker, relay."""
        await _with_retries(lambda: _moved(self.db, self.moves), "collection moves")
        await _with_retries(lambda: ensure_indexes(self.db, self.indexes), "indexes")
        await _with_retries(lambda: _migrated(self.db, self.migrations), "migrations")
        await _with_retries(
            lambda: ensure_topics(
                self.settings.kafka_bootstrap_servers,
                self.topics,
                partitions=self.settings.topic_partitions,
                policy=topic_policy(self.settings),
                security=self.settings.kafka_security,
            ),
            "topics",
        )
        await self.broker.start()
        self.relay.start()
        self._lag_task = asyncio.create_task(self._measure_lag(), name="consumer-lag")

    async def stop(self) -> None:
        """Stop taking messages, finish what is in flight, publish what is pending, close.

        Each step is bounded and runs even when one before it failed: a relay that cannot
        publish or a broker that is away must not leave Kafka's or MongoDB's clients open.
        """
        if self._lag_task is not None:
            self._lag_task.cancel()
        s = self.settings
        await asyncio.gather(
            *(
                _bounded("consumer", sub.stop(), s.graceful_timeout_s + 10)
                for sub in self.subscribers
            )
        )
        flush = s.relay_publish_timeout_s
        await _bounded("outbox relay", self.relay.stop(timeout_s=flush), flush + 15)
        await _bounded("broker", self.broker.stop(), 15)
        await _bounded("database client", self.client.close(), 5)
        log.info("runtime stopped: consumers, outbox relay, broker and database client closed")

    async def _measure_lag(self, every_s: float = 5.0) -> None:
        """Keep the `consumer_lag` gauge: high watermark minus position, per group and topic."""
        while True:
            await asyncio.sleep(every_s)
            for sub in self.subscribers:
                consumer = getattr(sub, "consumer", None)
                if consumer is None:
                    continue
                lags: dict[str, int] = {}
                for tp in consumer.assignment():
                    high = consumer.highwater(tp)
                    if high is not None:
                        lags[tp.topic] = lags.get(tp.topic, 0) + max(
                            high - await consumer.position(tp), 0
                        )
                for topic, lag in lags.items():
                    CONSUMER_LAG.labels(self.settings.service, sub.group_id, topic).set(lag)
            await self._count_dead_letters()
            SERVICE_READY.labels(self.settings.service).set(all((await self.ready()).values()))

    async def _count_dead_letters(self) -> None:
        """Keep the `dead_letter_records` gauge of this service's dead-letter topic."""
        consumer = next((c for s in self.subscribers if (c := getattr(s, "consumer", None))), None)
        if consumer is None:
            return
        topic = f"dlq.{self.settings.service}"
        try:
            parts = await partitions_of(consumer, [topic])
            ends = await consumer.end_offsets(parts)
            starts = await consumer.beginning_offsets(parts)
        except Exception as exc:  # a measurement; the next pass tries again
            log.debug("dead letters not counted: %s", exc)
            return
        DEAD_LETTER_RECORDS.labels(topic).set(sum(ends[tp] - starts[tp] for tp in parts))

    async def ready(self) -> dict[str, bool]:
        """Whether MongoDB and Kafka answer, and the outbox relay is not stalled."""
        checks = {"mongodb": False, "kafka": False, "outbox": not self.relay.stalled}
        try:
            await asyncio.wait_for(self.db.command("ping"), timeout=2)
            checks["mongodb"] = True
        except Exception:
            log.warning("mongodb not reachable")
        try:
            checks["kafka"] = await self.broker.ping(timeout=2)
        except Exception:
            log.warning("kafka not reachable")
        return checks


async def _migrated(db: AsyncDatabase[Document], migrations: list[Migration]) -> None:
    await migrate(db, migrations)


async def _moved(db: AsyncDatabase[Document], moves: dict[str, str]) -> None:
    for old, new in moves.items():
        await move_collection(db, old, new)


def topic_policy(settings: ServiceSettings) -> TopicPolicy:
    """Replication and dead-letter retention of the topics a service creates, from settings."""
    return TopicPolicy(
        replication_factor=settings.topic_replication_factor,
        min_insync_replicas=settings.topic_min_insync_replicas,
        dead_letter_retention_ms=round(settings.dead_letter_retention_days * DAY_MS),
    )


async def _bounded(what: str, step: Awaitable[Any], timeout_s: float) -> None:
    """One shutdown step: logged, never raised, given up after `timeout_s`."""
    try:
        await asyncio.wait_for(step, timeout=timeout_s)
    except TimeoutError:
        log.warning("shutdown: the %s did not stop within %ss", what, timeout_s)
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():  # the shutdown itself is cancelled
            raise
        # aiokafka's consumer lets its fetcher's cancellation escape `stop` when Kafka is away
        log.warning("shutdown: stopping the %s was cancelled from within; going on", what)
    except Exception:
        log.exception("shutdown: stopping the %s failed", what)


async def _with_retries(step: Callable[[], Awaitable[None]], what: str, attempts: int = 8) -> None:
    """Start-up steps wait for MongoDB and Kafka to answer (as they may not yet, in compose)."""
    for attempt in range(attempts):
        try:
            await step()
            return
        except Exception as exc:
            if attempt == attempts - 1:
                raise
            log.warning("start-up: %s not ready (%s); retrying", what, exc)
            await asyncio.sleep(min(0.5 * 2**attempt, 10))
