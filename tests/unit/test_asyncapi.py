"""The AsyncAPI document tells integrators the truth: direction, fields, dead letters, servers.

The document is checked against the AsyncAPI 3.0.0 JSON Schema (`fixtures/`: the bundled schema
of the `@asyncapi/specs` package 6.11.1, Apache-2.0, without `$id`).
"""

import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from ops import docs
from shared.contracts import CONTRACTS

SPEC = Path(__file__).parent / "fixtures" / "asyncapi-3.0.0.schema.json"
PLATFORM = {t for t, producer in docs.producers().items() if producer in docs.SERVICES}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return docs.asyncapi()


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref} points outside the document"
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_the_document_is_valid_asyncapi_3(document: dict[str, Any]) -> None:
    validator = jsonschema_rs.validator_for(json.loads(SPEC.read_text()))
    errors = [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    broken = dict(document, operations={"x": {"action": "publish", "channel": {"$ref": "#/x"}}})
    assert not validator.is_valid(broken)  # the check has teeth


def test_the_platform_sends_what_it_publishes_and_receives_what_integrators_publish(
    document: dict[str, Any],
) -> None:
    actions: dict[str, set[str]] = {}
    for operation in document["operations"].values():
        address = _resolve(document, operation["channel"]["$ref"])["address"]
        actions.setdefault(address, set()).add(operation["action"])
    for topic in CONTRACTS:
        assert actions[topic] == ({"send"} if topic in PLATFORM else {"receive"}), topic
    assert actions["trade.ukm.registered"] == {"receive"}
    assert len(PLATFORM) == len(CONTRACTS) - 1  # every topic but the trade registry's
    assert actions["member.registered"] == {"send"} and actions["ukm.evaluated"] == {"send"}
    assert "send" in document["info"]["description"]  # the convention is written down


def test_every_payload_shows_its_fields_in_the_document(document: dict[str, Any]) -> None:
    assert all(ref.startswith("#/") for ref in _refs(document))
    for ref in _refs(document):
        _resolve(document, ref)  # every reference resolves within the document
    for topic in CONTRACTS:
        channel = next(c for c in document["channels"].values() if c["address"] == topic)
        [message_ref] = [m["$ref"] for m in channel["messages"].values()]
        payload = _resolve(document, message_ref)["payload"]
        assert set(CONTRACTS[topic].model_fields) == set(payload["properties"]), topic
    approved = document["components"]["messages"]["program_approved"]["payload"]
    assert approved["properties"]["kpis"]["items"] == {"$ref": "#/components/schemas/Kpi"}


def test_dead_letter_topics_are_documented_with_their_headers(document: dict[str, Any]) -> None:
    addresses = {c["address"] for c in document["channels"].values()}
    assert {f"dlq.{service}" for service in docs.SERVICES} <= addresses
    message = document["components"]["messages"]["dlq_programs"]
    headers = _resolve(document, message["headers"]["$ref"])["properties"]
    assert {
        "dlq_error",
        "dlq_topic",
        "dlq_partition",
        "dlq_offset",
        "dlq_consumer",
        "dlq_at",
    } <= set(headers)
    assert {"ce_id", "ce_correlationid", "correlation_id"} <= set(headers)


def test_a_production_server_says_what_security_operators_provide(
    document: dict[str, Any],
) -> None:
    servers = document["servers"]
    assert servers["local"]["host"] == "127.0.0.1:9092"
    production = servers["production"]
    assert production["protocol"] == "kafka-secure"
    [security] = [_resolve(document, s["$ref"]) for s in production["security"]]
    assert security["type"] == "scramSha512"
    assert "SASL_SSL" in security["description"] and "operators" in security["description"]
