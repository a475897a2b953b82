"""The AsyncAPI 3.0 document of the platform's topics, from the platform's point of view.

`send` marks a topic the platform publishes, `receive` one it consumes from outside. Payloads
are inline (shared parts in `components.schemas`), so the document alone shows every field;
each service's dead-letter topic `dlq.<service>` is documented with its headers.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic.json_schema import models_json_schema

from shared.contracts import CONTRACTS
from shared.contracts.envelope import SPEC_VERSION

Entries = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]


@dataclass(frozen=True)
class Topology:
    """Who publishes each topic, which services belong to the platform, who consumes what."""

    producer_of: Mapping[str, str]
    services: Collection[str]
    consumers: Mapping[str, list[str]]


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
_DLQ_HEADERS: dict[str, tuple[str, str | None]] = {
    "dlq_error": ("Why the record could not be applied (at most 2,000 characters)", None),
    "dlq_topic": ("The topic the record was read from", None),
    "dlq_partition": ("Its partition", None),
    "dlq_offset": ("Its offset", None),
    "dlq_consumer": ("The consumer group that gave up on it", None),
    "dlq_at": ("When, RFC 3339, UTC", None),
    "correlation_id": ("Equals the record's ce_correlationid, when it had one", None),
    **{
        name: (f"As the original record had it: {text}", None)
        for name, (text, _) in _HEADERS.items()
    },
}
_SCHEMAS = "#/components/schemas/"
_DESCRIPTION = (
    "One topic per event type. CloudEvents 1.0 in Kafka binary mode: key = aggregate id,"
    " value = JSON payload, attributes in `ce_*` headers. v1 payloads only gain optional"
    " fields.\n\nOperations are from the platform's point of view: `send` marks a topic the"
    " platform publishes (integrators consume it), `receive` a topic the platform consumes"
    " from outside (integrators publish it). A topic one service publishes and another"
    " consumes is `send`; its channel names the services that consume it.\n\nWhat a service"
    " cannot decode, validate or apply goes to its dead-letter topic `dlq.<service>`,"
    " unchanged, with the reason in `dlq_*` headers."
)
_SCRAM = {
    "type": "scramSha512",
    "description": (
        "SASL_SSL with SCRAM-SHA-512. The operators of a deployment provide the bootstrap"
        " servers, a user name and password for each integrator, the CA certificate of the"
        " brokers, and the topics (and consumer group prefix) that user may use."
    ),
}
_SERVERS = {
    "local": {
        "host": "127.0.0.1:9092",
        "protocol": "kafka",
        "description": "The devstack broker: PLAINTEXT, no authentication.",
    },
    "production": {
        "host": "{bootstrap}",
        "protocol": "kafka-secure",
        "description": "A deployment's brokers, reached over TLS with SASL SCRAM-SHA-512.",
        "variables": {
            "bootstrap": {"description": "host:port of a bootstrap server, from the operators"}
        },
        "security": [{"$ref": "#/components/securitySchemes/scram"}],
    },
}


def _headers_schema(headers: dict[str, tuple[str, str | None]], required: list[str]) -> Any:
    props: dict[str, Any] = {}
    for name, (description, const) in headers.items():
        props[name] = {"type": "string", "description": description}
        if const:
            props[name]["const"] = const
    return {"type": "object", "required": required, "properties": props}


def _payloads() -> tuple[dict[str, Any], dict[str, Any]]:
    """Every topic's payload schema inline, and the shared parts it refers to, by name."""
    models = {topic: CONTRACTS[topic] for topic in sorted(CONTRACTS)}
    _, top = models_json_schema(
        [(m, "serialization") for m in models.values()], ref_template=f"{_SCHEMAS}{{model}}"
    )
    defs: dict[str, Any] = top["$defs"]
    payloads = {topic: {**defs.pop(m.__name__), "title": topic} for topic, m in models.items()}
    return payloads, defs


def _topic_entries(topic: str, payload: dict[str, Any], topology: Topology) -> Entries:
    """The message, channel and operation of one topic, from the platform's point of view."""
    model = CONTRACTS[topic]
    producer = topology.producer_of[topic]
    sent = producer in topology.services
    consumers = ", ".join(topology.consumers.get(topic, []))
    message = {
        "name": topic,
        "title": topic,
        "summary": (model.__doc__ or "").strip().split("\n")[0],
        "description": f"`ce_dataschema`: `{model.dataschema()}`.",
        "contentType": "application/json",
        "headers": {"$ref": f"{_SCHEMAS}CloudEventHeaders"},
        "payload": payload,
        "bindings": {
            "kafka": {"key": {"type": "string", "description": f"{model.key_field} (aggregate id)"}}
        },
    }
    channel = {
        "address": topic,
        "description": f"Published by {producer}. "
        + (f"Consumed in the platform by {consumers}." if consumers else "No service consumes it."),
    }
    operation = {
        "action": "send" if sent else "receive",
        "summary": f"The platform publishes {topic}" if sent else f"The platform consumes {topic}",
    }
    return message, channel, operation


def _dead_letter_entries(service: str) -> Entries:
    """The message, channel and operation of a service's dead-letter topic."""
    message = {
        "name": f"dlq.{service}",
        "title": f"Dead letter of {service}",
        "summary": "A record the service could not apply, as it arrived, with the reason.",
        "description": (
            "Key and value are the original record's, byte for byte (the value may not be"
            " JSON: that can be why it is here). The original headers are kept"
            " (`ce_*` as far as the record had them) and the `dlq_*` headers added."
        ),
        "headers": {"$ref": f"{_SCHEMAS}DeadLetterHeaders"},
        "payload": {"description": "The original record's value, unchanged"},
    }
    channel = {
        "address": f"dlq.{service}",
        "description": f"Records that {service} could not decode, validate or apply.",
    }
    operation = {"action": "send", "summary": f"{service} dead-letters a record it cannot apply"}
    return message, channel, operation


def document(topology: Topology) -> dict[str, Any]:
    """An AsyncAPI 3.0 document: one channel per topic and per dead-letter topic, inline payloads.

    Operations are from the platform's point of view: `send` for a topic the platform
    publishes, `receive` for one it consumes from outside.
    """
    payloads, shared_schemas = _payloads()
    entries = {t.replace(".", "_"): _topic_entries(t, payloads[t], topology) for t in payloads}
    for service in topology.services:
        if any(name.startswith(service) for names in topology.consumers.values() for name in names):
            entries[f"dlq_{service}"] = _dead_letter_entries(service)
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for key, (message, channel, operation) in entries.items():
        messages[key] = message
        channels[key] = {**channel, "messages": {key: {"$ref": f"#/components/messages/{key}"}}}
        operations[f"{operation['action']}_{key}"] = {
            **operation,
            "channel": {"$ref": f"#/channels/{key}"},
            "messages": [{"$ref": f"#/channels/{key}/messages/{key}"}],
        }
    schemas = {
        "CloudEventHeaders": _headers_schema(
            _HEADERS, [n for n in _HEADERS if n != "ce_correlationid"]
        ),
        "DeadLetterHeaders": _headers_schema(_DLQ_HEADERS, list(_DLQ_HEADERS)[:6]),
        **shared_schemas,
    }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Dekranasda platform events",
            "version": "1.0.0",
            "description": _DESCRIPTION,
        },
        "defaultContentType": "application/json",
        "servers": _SERVERS,
        "channels": channels,
        "operations": operations,
        "components": {
            "messages": messages,
            "schemas": schemas,
            "securitySchemes": {"scram": _SCRAM},
        },
    }
