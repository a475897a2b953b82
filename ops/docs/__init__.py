"""Documents generated from the code: JSON Schemas and the AsyncAPI document of every topic,
and the OpenAPI document of every service. `dekranasda docs` writes them under `docs/`."""

import importlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from ops.docs.asyncapi import Topology, document
from services import SERVICES, module
from shared.contracts import CONTRACTS

OUTSIDE = "trade systems (integrators)"  # who publishes the topics no service publishes


def producers() -> dict[str, str]:
    """Who publishes each topic: the service whose `PUBLISHES` names it, else integrators."""
    own = {
        topic: service
        for service in SERVICES
        for topic in importlib.import_module(f"{module(service)}.app").PUBLISHES
    }
    return {topic: own.get(topic, OUTSIDE) for topic in CONTRACTS}


def json_schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every topic's payload, by topic."""
    out: dict[str, dict[str, Any]] = {}
    for topic, model in sorted(CONTRACTS.items()):
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = model.dataschema()
        schema["title"] = topic
        out[topic] = schema
    return out


@cache
def _consumers() -> dict[str, list[str]]:
    """Which service's subscriptions consume each topic, e.g. `programs (attendance)`."""
    found: dict[str, list[str]] = {}
    for service in SERVICES:
        for sub in _app(service).state.runtime.subscriptions:
            for topic in sub.topics:
                found.setdefault(topic, []).append(f"{service} ({sub.name})")
    return found


def asyncapi() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of every topic and dead-letter topic (see `ops.docs.asyncapi`)."""
    topology = Topology(producer_of=producers(), services=SERVICES, consumers=_consumers())
    return document(topology)


@cache
def _app(service: str) -> Any:
    """A service's app, built without connecting to anything."""
    return importlib.import_module(f"{module(service)}.app").create_app()


def openapi(service: str) -> dict[str, Any]:
    """The OpenAPI document of a service."""
    doc: dict[str, Any] = _app(service).openapi()
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
