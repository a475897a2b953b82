"""Documents generated from the code: JSON Schemas and the AsyncAPI document of every topic,
and the OpenAPI document of every service. `dekranasda docs` writes them under `docs/`."""

import importlib
import json
from pathlib import Path
from typing import Any

from shared.contracts import CONTRACTS
from shared.contracts.envelope import SPEC_VERSION

SERVICES = {"membership": 8001, "programs": 8002, "events": 8003}
PRODUCERS = {
    "membership": [
        "member.registered",
        "member.updated",
        "term.created",
        "term.inaugurated",
        "term.ended",
    ],
    "programs": ["program.approved", "program.completed", "ukm.enrolled", "ukm.evaluated"],
    "events": ["event.scheduled", "event.rescheduled", "event.cancelled", "event.concluded"],
    "trade systems (integrators)": ["trade.ukm.registered"],
}
_HEADERS = {
    "ce_specversion": ("CloudEvents version", SPEC_VERSION),
    "ce_id": ("Unique per event; fixed when recorded, kept on republish", None),
    "ce_type": ("The topic name", None),
    "ce_source": ("/dekranasda/<region>/<service>", None),
    "ce_time": ("RFC 3339, UTC", None),
    "ce_subject": ("The aggregate id (also the key)", None),
    "ce_dataschema": ("urn:dekranasda:schema:<type>:v<version>", None),
    "ce_region": ("Council code of the aggregate", None),
    "ce_correlationid": ("Carried from the request or event that caused this one", None),
    "content-type": ("Always application/json", "application/json"),
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every topic's payload, by topic."""
    out: dict[str, dict[str, Any]] = {}
    for topic, model in sorted(CONTRACTS.items()):
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = model.dataschema()
        schema["title"] = topic
        out[topic] = schema
    return out


def _headers_schema() -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, (description, const) in _HEADERS.items():
        props[name] = {"type": "string", "description": description}
        if const:
            props[name]["const"] = const
    return {
        "type": "object",
        "required": [n for n in _HEADERS if n != "ce_correlationid"],
        "properties": props,
    }


def asyncapi() -> dict[str, Any]:
    """An AsyncAPI 3.0 document: one channel per topic, CloudEvents binary-mode headers."""
    producer_of = {t: p for p, topics in PRODUCERS.items() for t in topics}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic, model in sorted(CONTRACTS.items()):
        key = topic.replace(".", "_")
        messages[key] = {
            "name": topic,
            "title": topic,
            "summary": (model.__doc__ or "").strip().split("\n")[0],
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"schemas/{topic}.json"},
            "bindings": {
                "kafka": {
                    "key": {"type": "string", "description": f"{model.key_field} (aggregate id)"}
                }
            },
        }
        channels[key] = {
            "address": topic,
            "description": f"Produced by {producer_of[topic]}.",
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
        }
        operations[f"receive_{key}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{key}"},
            "summary": f"Consume {topic}",
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Dekranasda platform events",
            "version": "1.0.0",
            "description": (
                "One topic per event type. CloudEvents 1.0 in Kafka binary mode:"
                " key = aggregate id, value = JSON payload, attributes in "
                "`ce_*` headers. v1 payloads only gain optional fields. "
                "Unreadable messages go to `dlq.<service>`."
            ),
        },
        "defaultContentType": "application/json",
        "servers": {
            "local": {
                "host": "127.0.0.1:9092",
                "protocol": "kafka",
                "description": "The devstack broker",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": {"CloudEventHeaders": _headers_schema()}},
    }


def openapi(service: str) -> dict[str, Any]:
    """The OpenAPI document of a service, built without connecting to anything."""
    module = importlib.import_module(f"services.{service}.app")
    app = module.create_app()
    doc: dict[str, Any] = app.openapi()
    return doc


def render() -> dict[str, str]:
    """Every generated document as text, by path under docs/."""
    files = {f"schemas/{topic}.json": _dump(schema) for topic, schema in json_schemas().items()}
    files["asyncapi.json"] = _dump(asyncapi())
    for service in SERVICES:
        files[f"openapi/{service}.json"] = _dump(openapi(service))
    return files


def write(root: Path) -> list[str]:
    """Write the documents under `root`; returns the paths that changed."""
    changed = []
    for path, text in render().items():
        target = root / path
        if not target.exists() or target.read_text() != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            changed.append(path)
    return changed


def _dump(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
