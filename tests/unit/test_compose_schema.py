"""docker-compose.yml (and any override file) is valid against the Compose Specification's own
JSON schema, as `docker compose` would check it (the schema ships in compose-go; see the
fixture's ORIGIN note)."""

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import yaml  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = FIXTURES / "compose-spec.json"
COMPOSE_FILES = sorted(
    {*ROOT.glob("docker-compose*.y*ml"), *ROOT.glob("compose*.y*ml")}, key=lambda p: p.name
)


def _validator() -> Any:
    return jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()))


def _errors(document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in _validator().iter_errors(document)
    ]


def test_the_schema_is_the_one_the_origin_note_names() -> None:
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest in (FIXTURES / "compose-spec.ORIGIN.md").read_text()


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_the_compose_file_follows_the_compose_specification(path: Path) -> None:
    assert not _errors(yaml.safe_load(path.read_text()))


def test_a_misspelt_key_would_be_caught() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    broken = copy.deepcopy(compose)
    broken["services"]["kafka"]["healthcheck"]["retry"] = 3
    assert any("retry" in error for error in _errors(broken))
