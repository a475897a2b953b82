"""Kafka with SASL (SCRAM-SHA-512): a service publishes and consumes through an authenticated
listener of a private broker, with only its settings changed; a wrong password is refused."""

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError

from services.events.app import EventsSettings, create_app
from shared.contracts import Envelope, MemberRegistered
from shared.messaging.security import KafkaSecurity
from tests.apps import running
from tests.conftest import SECRET, token
from tests.helpers import eventually
from tests.integration.events.harness import body, unique
from tests.private_stack import SASL_PASSWORD, SASL_USER, private_stack


def _secure(password: str = SASL_PASSWORD) -> KafkaSecurity:
    return KafkaSecurity(protocol="SASL_PLAINTEXT", username=SASL_USER, password=password)


async def _register_member(bootstrap: str, member_id: str) -> None:
    event = MemberRegistered(
        council="33.75", member_id=member_id, kind="person", name="Sari", revision=1
    )
    envelope = Envelope(
        type=event.topic,
        source="/dekranasda/33.75/membership",
        subject=member_id,
        dataschema=event.dataschema(),
        region="33.75",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **_secure().client_options())
    await producer.start()
    try:
        headers = [(k, v.encode()) for k, v in envelope.headers().items()]
        await producer.send_and_wait(
            event.topic, event.model_dump_json().encode(), key=member_id.encode(), headers=headers
        )
    finally:
        await producer.stop()


async def _published(bootstrap: str, topic: str, key: str) -> dict[str, Any]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        **_secure().client_options(),
    )
    await consumer.start()
    try:
        async for record in consumer:
            if record.key == key.encode():
                found: dict[str, Any] = json.loads(record.value)
                return found
    finally:
        await consumer.stop()
    raise AssertionError("unreachable")


async def test_a_service_works_over_sasl_and_a_wrong_password_is_refused(
    tmp_path: Path, deployment: str
) -> None:
    with private_stack(tmp_path / "stack", sasl=True) as private:
        sasl = f"127.0.0.1:{private.sasl_port}"
        settings = EventsSettings(
            kafka_bootstrap_servers=sasl,
            kafka_security_protocol="SASL_PLAINTEXT",
            kafka_sasl_mechanism="SCRAM-SHA-512",
            kafka_sasl_username=SASL_USER,
            kafka_sasl_password=SASL_PASSWORD,
            mongodb_url=private.stack.mongodb,
            deployment_name=deployment,
            jwt_secret=SECRET,
            relay_interval_s=0.05,
            topic_partitions=1,
        )
        app = create_app(settings)
        views = app.state.runtime.db["member_views"]
        async with running(app) as client:
            member_id = uuid.uuid4().hex
            await _register_member(sasl, member_id)  # consumed over SASL
            await eventually(lambda: views.find_one({"_id": member_id}), timeout=60)

            new = body(
                "33.75", unique("Pameran"), "2026-03-02T09:00:00+07:00", "2026-03-02T12:00:00+07:00"
            )
            r = await client.post("/events", json=new, headers=token("33.75"))
            assert r.status_code == 201, r.text
            event_id = r.json()["id"]
            published = await _published(sasl, "event.scheduled", event_id)  # published over SASL
            assert published["event_id"] == event_id

        wrong = AIOKafkaProducer(
            bootstrap_servers=sasl, **_secure("not-the-password").client_options()
        )
        with pytest.raises(KafkaError):
            await wrong.start()
        await wrong.stop()
