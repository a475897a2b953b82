"""Every value has a bound and a printable form; every refusal says in words what is expected."""

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from services.events.schemas import EventCreate
from services.membership.schemas import MemberCreate, MemberUpdate
from services.programs.schemas import ProgramCreate
from shared.contracts import CONTRACTS, EventScheduled, MemberRegistered
from shared.messages import PATTERNS, say

DOCS = Path(__file__).resolve().parents[2] / "docs"


def refusal(model: type[BaseModel], data: dict[str, Any]) -> list[str]:
    """What the model says about each invalid field, in the words a problem response uses."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [say(error) for error in caught.value.errors()]


def patterns_in(node: Any) -> set[str]:
    """Every `pattern` in a JSON document (an OpenAPI or JSON Schema document)."""
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(patterns_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(patterns_in(v) for v in node))
    return set()


def test_an_nib_error_says_that_an_nib_is_13_digits() -> None:
    said = refusal(MemberCreate, {"council": "33.75", "kind": "business", "name": "X", "nib": "12"})
    assert said == ["an NIB is exactly 13 digits"]


def test_a_council_code_error_says_what_a_code_looks_like() -> None:
    said = refusal(MemberCreate, {"council": "x35", "kind": "person", "name": "Sri"})
    assert said == [
        "must be a Kemendagri code: ID, a province (e.g. 33) or a regency or city (e.g. 33.75)"
    ]


def test_every_pattern_of_every_document_is_said_in_words() -> None:
    documents = [*DOCS.glob("openapi/*.json"), *DOCS.glob("schemas/*.json")]
    assert documents, "the generated docs are missing"
    found = set().union(*(patterns_in(json.loads(p.read_text())) for p in documents))
    found |= set().union(*(patterns_in(c.model_json_schema()) for c in CONTRACTS.values()))
    assert found and found <= set(PATTERNS), found - set(PATTERNS)


def test_control_characters_in_a_title_are_refused_in_words() -> None:
    body = {
        "council": "91",
        "type": "rakor",
        "title": "Rakor\u001fJayapura",
        "starts_at": "2026-03-01T09:00:00+09:00",
        "ends_at": "2026-03-01T12:00:00+09:00",
    }
    assert refusal(EventCreate, body) == ["must be a single line without control characters"]


def test_a_budget_line_above_any_budget_is_refused() -> None:
    body = {
        "council": "33.75",
        "term_id": "t-1",
        "title": "Pameran",
        "category": "exhibition",
        "budget": [{"source": "APBD", "amount": 9223372036854775808}],
    }
    assert refusal(ProgramCreate, body) == ["must be at most 1000000000000000"]


def test_null_digital_channels_on_an_update_mean_none() -> None:
    update = MemberUpdate.model_validate({"digital_channels": None})
    assert update.model_dump(exclude_unset=True) == {"digital_channels": []}


def test_lists_and_names_have_maxima_over_http() -> None:
    body = {"council": "33.75", "kind": "business", "name": "UMKM"}
    assert refusal(MemberCreate, {**body, "digital_channels": ["x"] * 21}) == [
        "must have at most 20 items"
    ]
    assert refusal(MemberCreate, {**body, "name": "n" * 201}) == ["must be at most 200 characters"]


def test_a_member_registered_with_a_921600_character_name_breaks_the_contract() -> None:
    record = {"council": "33.75", "member_id": "m-1", "kind": "person", "revision": 1}
    with pytest.raises(ValidationError):
        MemberRegistered.model_validate({**record, "name": "n" * 921_600})
    with pytest.raises(ValidationError):
        MemberRegistered.model_validate({**record, "name": "Sri", "digital_channels": ["x"] * 51})
    assert MemberRegistered.model_validate({**record, "name": "n" * 200}).name == "n" * 200


def test_contracts_refuse_control_characters_in_titles() -> None:
    record = {
        "council": "91",
        "event_id": "e-1",
        "type": "rakor",
        "starts_at": "2026-03-01T09:00:00+09:00",
        "ends_at": "2026-03-01T12:00:00+09:00",
    }
    with pytest.raises(ValidationError):
        EventScheduled.model_validate({**record, "title": "Rakor\u001fJayapura"})


def unbounded(doc: dict[str, Any], node: Any, where: str, seen: frozenset[str]) -> list[str]:
    """Strings without a maximum length (or a fixed form) and lists without a maximum size."""
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        target = doc["components"]["schemas"][name]
        return [] if name in seen else unbounded(doc, target, where, seen | {name})
    found = []
    fixed = {"maxLength", "enum", "const", "format", "pattern"} & set(node)
    if node.get("type") == "string" and not fixed:
        found.append(where)
    if node.get("type") == "array" and "maxItems" not in node:
        found.append(f"{where}[]")
    if node.get("type") == "object" and isinstance(node.get("additionalProperties"), dict):
        found += [f"{where}{{}}"] if "maxProperties" not in node else []
        found += unbounded(doc, node["additionalProperties"], f"{where}.*", seen)
    for name, sub in node.get("properties", {}).items():
        found += unbounded(doc, sub, f"{where}.{name}", seen)
    for sub in [node.get("items"), *node.get("anyOf", []), *node.get("allOf", [])]:
        found += unbounded(doc, sub, where, seen)
    return found


def test_every_request_body_and_query_of_every_service_is_bounded() -> None:
    found = []
    for path in sorted(DOCS.glob("openapi/*.json")):
        doc = json.loads(path.read_text())
        for route, operations in doc["paths"].items():
            for method, operation in operations.items():
                where = f"{path.stem} {method.upper()} {route}"
                content = operation.get("requestBody", {}).get("content", {})
                schema = content.get("application/json", {}).get("schema")
                found += unbounded(doc, schema, f"{where} body", frozenset())
                for param in operation.get("parameters", []):
                    if param["in"] == "query":
                        name = f"{where} ?{param['name']}"
                        found += unbounded(doc, param["schema"], name, frozenset())
    assert found == []
