"""The committed documents under docs/ are what the code generates (run `make docs`)."""

import json
from pathlib import Path

from ops import docs
from shared.contracts import CONTRACTS

ROOT = Path(__file__).resolve().parents[2]


def test_committed_documents_match_the_code() -> None:
    stale = [
        path
        for path, text in docs.render().items()
        if not (ROOT / "docs" / path).exists() or (ROOT / "docs" / path).read_text() != text
    ]
    assert not stale, f"regenerate with `make docs`: {stale}"


def test_asyncapi_has_a_channel_and_schema_for_every_topic() -> None:
    document = json.loads((ROOT / "docs" / "asyncapi.json").read_text())
    addresses = {c["address"] for c in document["channels"].values()}
    dead_letters = {f"dlq.{service}" for service in ("membership", "programs", "events")}
    assert addresses == set(CONTRACTS) | dead_letters
    headers = document["components"]["schemas"]["CloudEventHeaders"]["properties"]
    assert {
        "ce_id",
        "ce_type",
        "ce_source",
        "ce_time",
        "ce_subject",
        "ce_region",
        "ce_dataschema",
        "ce_correlationid",
        "ce_specversion",
    } <= set(headers)
    for topic in CONTRACTS:
        schema = json.loads((ROOT / "docs" / "schemas" / f"{topic}.json").read_text())
        assert "council" in schema["properties"]
        assert "phone" not in schema["properties"] and "email" not in schema["properties"]


def test_every_service_documents_its_api() -> None:
    for service in docs.SERVICES:
        spec = json.loads((ROOT / "docs" / "openapi" / f"{service}.json").read_text())
        assert "/health" in spec["paths"] and "/ready" in spec["paths"]
        assert len(spec["paths"]) > 3
