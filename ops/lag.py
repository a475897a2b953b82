"""Topics and the lag of every consumer group on them."""

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from rich.table import Column, Table

from shared.messaging.broker import all_topics, partitions_of
from shared.messaging.security import KafkaSecurity


async def group_lag(
    bootstrap: str, security: KafkaSecurity | None = None
) -> dict[tuple[str, str], int]:
    """(group, topic) -> messages not yet committed, for every consumer group."""
    options = (security or KafkaSecurity()).client_options()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, **options)
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **options)
    await admin.start()
    await consumer.start()
    try:
        lags: dict[tuple[str, str], int] = {}
        groups = [g[0] for g in await admin.list_consumer_groups()]
        for group in sorted(groups):
            offsets = await admin.list_consumer_group_offsets(group)
            if not offsets:
                continue
            ends = await consumer.end_offsets(list(offsets))
            for tp, meta in offsets.items():
                key = (group, tp.topic)
                lags[key] = lags.get(key, 0) + max(ends[tp] - meta.offset, 0)
        return lags
    finally:
        await consumer.stop()
        await admin.close()


async def topic_sizes(bootstrap: str, security: KafkaSecurity | None = None) -> dict[str, int]:
    """Messages on each topic (sum of end offsets)."""
    options = (security or KafkaSecurity()).client_options()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, **options)
    await consumer.start()
    try:
        parts = await partitions_of(consumer, await all_topics(consumer))
        ends = await consumer.end_offsets(parts)
        sizes: dict[str, int] = {}
        for tp, end in ends.items():
            sizes[tp.topic] = sizes.get(tp.topic, 0) + end
        return sizes
    finally:
        await consumer.stop()


async def lag_table(bootstrap: str, security: KafkaSecurity | None = None) -> Table:
    """A table of topics, their size, and each consumer group's lag."""
    sizes = await topic_sizes(bootstrap, security)
    lags = await group_lag(bootstrap, security)
    return render_lag(sizes, lags)


def render_lag(sizes: dict[str, int], lags: dict[tuple[str, str], int]) -> Table:
    """Topics, sizes and lags as a table whose names are never wrapped or cut."""
    table = Table(
        Column("topic", no_wrap=True),
        "messages",
        Column("consumer group", no_wrap=True),
        "lag",
    )
    for topic, size in sizes.items():
        groups = sorted((g, lag) for (g, t), lag in lags.items() if t == topic)
        if not groups:
            table.add_row(topic, str(size), "-", "-")
        for index, (group, lag) in enumerate(groups):
            table.add_row(
                topic if index == 0 else "", str(size) if index == 0 else "", group, str(lag)
            )
    return table
