"""Kafka with SASL (SCRAM-SHA-512): a service publishes and consumes through an authenticated
listener of a private broker, plain (SASL_PLAINTEXT) or with TLS (SASL_SSL, certificates of
`ops/make-local-certs.sh`), with only its settings changed; a wrong password is refused."""

import json
import uuid
from collections.abc import Iterator
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
from tests.private_stack import SASL_PASSWORD, SASL_USER, PrivateStack, private_stack

PROTOCOLS = ("SASL_PLAINTEXT", "SASL_SSL")


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateStack]:
    with private_stack(tmp_path_factory.mktemp("sasl"), sasl=True) as running:
        yield running


def _listener(
    broker: PrivateStack, protocol: str, password: str = SASL_PASSWORD
) -> tuple[str, KafkaSecurity]:
    """The bootstrap address of a listener and the client settings that reach it."""
    tls = protocol == "SASL_SSL"
    port = broker.sasl_ssl_port if tls else broker.sasl_port
    assert port is not None and broker.certs is not None
    security = KafkaSecurity(
        protocol="SASL_SSL" if tls else "SASL_PLAINTEXT",
        username=SASL_USER,
        password=password,
        cafile=str(broker.certs / "ca.pem") if tls else None,
    )
    return f"{'localhost' if tls else '127.0.0.1'}:{port}", security


async def _register_member(bootstrap: str, security: KafkaSecurity, member_id: str) -> None:
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
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **security.client_options())
    await producer.start()
    try:
        headers = [(k, v.encode()) for k, v in envelope.headers().items()]
        await producer.send_and_wait(
            event.topic, event.model_dump_json().encode(), key=member_id.encode(), headers=headers
        )
    finally:
        await producer.stop()


async def _published(
    bootstrap: str, security: KafkaSecurity, topic: str, key: str
) -> dict[str, Any]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        **security.client_options(),
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


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_service_works_over_sasl(
    broker: PrivateStack, deployment: str, protocol: str
) -> None:
    bootstrap, security = _listener(broker, protocol)
    settings = EventsSettings(
        kafka_bootstrap_servers=bootstrap,
        kafka_security_protocol=protocol,
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_username=SASL_USER,
        kafka_sasl_password=SASL_PASSWORD,
        kafka_ssl_cafile=security.cafile,
        mongodb_url=broker.stack.mongodb,
        deployment_name=deployment,
        jwt_secret=SECRET,
        relay_interval_s=0.05,
        topic_partitions=1,
    )
    app = create_app(settings)
    views = app.state.runtime.db["member_views"]
    async with running(app) as client:
        member_id = uuid.uuid4().hex
        await _register_member(bootstrap, security, member_id)  # consumed through the listener
        await eventually(lambda: views.find_one({"_id": member_id}), timeout=60)

        new = body(
            "33.75", unique("Pameran"), "2026-03-02T09:00:00+07:00", "2026-03-02T12:00:00+07:00"
        )
        r = await client.post("/events", json=new, headers=token("33.75"))
        assert r.status_code == 201, r.text
        event_id = r.json()["id"]
        published = await _published(bootstrap, security, "event.scheduled", event_id)
        assert published["event_id"] == event_id


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_wrong_password_is_refused(
    broker: PrivateStack, protocol: str, caplog: pytest.LogCaptureFixture
) -> None:
    bootstrap, security = _listener(broker, protocol, password="not-the-password")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **security.client_options())
    with pytest.raises(KafkaError):
        await producer.start()
    await producer.stop()
    assert "SaslAuthenticationFailed" in caplog.text and "invalid credentials" in caplog.text


async def test_tls_refuses_a_broker_its_ca_did_not_sign(
    broker: PrivateStack, caplog: pytest.LogCaptureFixture
) -> None:
    bootstrap, _ = _listener(broker, "SASL_SSL")
    untrusted = KafkaSecurity(protocol="SASL_SSL", username=SASL_USER, password=SASL_PASSWORD)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, **untrusted.client_options())
    with pytest.raises(KafkaError):  # the system's CAs do not know the local CA
        await producer.start()
    await producer.stop()
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text
