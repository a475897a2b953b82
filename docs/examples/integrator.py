"""How a trade-ministry system talks to the Dekranasda platform, with nothing but aiokafka.

    python docs/examples/integrator.py publish --nib 9120001234567 --name "Batik Jetayu" \
        --region 33.75 --category batik
    python docs/examples/integrator.py follow --group oss-sync

Produce `trade.ukm.registered`; consume the public events (`member.registered`, ...).
Messages are CloudEvents 1.0 in Kafka binary mode: JSON value, attributes in `ce_*` headers.
"""

import argparse
import asyncio
import json
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


def cloudevent_headers(*, type_: str, subject: str, region: str) -> list[tuple[str, bytes]]:
    """The CloudEvents headers every message carries."""
    headers = {
        "ce_specversion": "1.0",
        "ce_id": str(uuid.uuid4()),
        "ce_type": type_,
        "ce_source": "/kemendag/oss",
        "ce_time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "ce_subject": subject,
        "ce_dataschema": f"urn:dekranasda:schema:{type_}:v1",
        "ce_region": region,
        "ce_correlationid": str(uuid.uuid4()),
        "content-type": "application/json",
    }
    return [(k, v.encode()) for k, v in headers.items()]


async def publish_trade_registration(
    bootstrap: str,
    *,
    nib: str,
    name: str,
    region: str,
    category: str = "other",
    owner_name: str | None = None,
    scale: str | None = None,
) -> str:
    """Announce a business registered in the trade registry; returns the event's ce_id."""
    payload = {
        "council": region,
        "nib": nib,
        "name": name,
        "category": category,
        "owner_name": owner_name,
        "scale": scale,
    }
    headers = cloudevent_headers(type_="trade.ukm.registered", subject=nib, region=region)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        await producer.send_and_wait(
            "trade.ukm.registered", json.dumps(payload).encode(), key=nib.encode(), headers=headers
        )
    finally:
        await producer.stop()
    return dict(headers)["ce_id"].decode()


async def follow(
    bootstrap: str,
    *,
    group: str,
    topics: list[str],
    on_event: Callable[[dict[str, str], dict[str, Any]], Awaitable[bool]],
) -> None:
    """Consume public events; commit after handling; stop when `on_event` returns False.

    Deduplicate by `ce_id`: delivery is at-least-once.
    """
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        async for record in consumer:
            headers = {k: v.decode() for k, v in record.headers}
            keep_going = await on_event(headers, json.loads(record.value))
            await consumer.commit()
            if not keep_going:
                return
    finally:
        await consumer.stop()


async def _print(headers: dict[str, str], data: dict[str, Any]) -> bool:
    print(headers["ce_type"], headers["ce_subject"], json.dumps(data, ensure_ascii=False))
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    sub = parser.add_subparsers(dest="command", required=True)
    pub = sub.add_parser("publish")
    pub.add_argument("--nib", required=True)
    pub.add_argument("--name", required=True)
    pub.add_argument("--region", required=True)
    pub.add_argument("--category", default="other")
    fol = sub.add_parser("follow")
    fol.add_argument("--group", required=True)
    args = parser.parse_args()
    if args.command == "publish":
        print(
            asyncio.run(
                publish_trade_registration(
                    args.bootstrap,
                    nib=args.nib,
                    name=args.name,
                    region=args.region,
                    category=args.category,
                )
            )
        )
    else:
        asyncio.run(
            follow(
                args.bootstrap,
                group=args.group,
                on_event=_print,
                topics=["member.registered", "member.updated", "term.inaugurated"],
            )
        )


if __name__ == "__main__":
    main()
