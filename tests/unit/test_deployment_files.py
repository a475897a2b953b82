"""The compose file, the env file and the services' settings agree (no engine runs it here)."""

import importlib
from pathlib import Path

import pytest
import yaml

from shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = {
    "membership": "MembershipSettings",
    "programs": "ProgramsSettings",
    "events": "EventsSettings",
}


def _settings(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"services.{service}.app")
    cls: type[ServiceSettings] = getattr(module, SERVICES[service])
    return cls


def test_each_service_runs_its_own_module_on_its_own_port() -> None:
    for service in SERVICES:
        spec = COMPOSE["services"][service]
        assert spec["command"] == ["python", "-m", f"services.{service}"]
        settings = _settings(service)
        assert settings.service == service
        assert spec["ports"] == [f"{settings.default_port}:{settings.default_port}"]
        assert spec["environment"]["PORT"] == str(settings.default_port)
        assert (ROOT / "services" / service / "__main__.py").exists()


def test_every_variable_in_the_env_file_is_a_setting() -> None:
    fields = {name.upper() for name in ServiceSettings.model_fields}
    lines = (ROOT / "deploy.env.example").read_text().splitlines()
    names = {line.split("=", 1)[0] for line in lines if line and not line.startswith("#")}
    assert names, "the env file names no variable"
    assert names <= fields, f"not settings: {sorted(names - fields)}"
    assert {"KAFKA_BOOTSTRAP_SERVERS", "MONGODB_URL", "DEPLOYMENT_REGION"} <= names


def test_env_file_points_the_services_at_the_compose_infrastructure() -> None:
    env = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["KAFKA_BOOTSTRAP_SERVERS"].split(":")[0] in COMPOSE["services"]
    assert "mongo:27017" in env["MONGODB_URL"] and "replicaSet=rs0" in env["MONGODB_URL"]
    assert "--replSet" in COMPOSE["services"]["mongo"]["command"]


def test_infrastructure_has_health_checks_and_named_volumes() -> None:
    for name in ("kafka", "mongo", *SERVICES):
        assert "healthcheck" in COMPOSE["services"][name], name
    assert set(COMPOSE["volumes"]) == {"kafka-data", "mongo-data"}
    assert COMPOSE["services"]["kafka"]["image"].startswith("apache/kafka:4")
    assert COMPOSE["services"]["mongo"]["image"] == "mongo:8"


def test_settings_read_the_env_file_names_with_and_without_the_service_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("PROGRAMS_KAFKA_BOOTSTRAP_SERVERS", "other:9092")
    monkeypatch.setenv("DEPLOYMENT_NAME", "bengkulu")
    assert _settings("membership")().kafka_bootstrap_servers == "kafka:9092"
    programs = _settings("programs")()
    assert programs.kafka_bootstrap_servers == "other:9092"
    assert programs.group_prefix == "dekranasda.bengkulu.programs"


def test_compose_reads_the_operators_env_file_only_never_the_example() -> None:
    for name in SERVICES:
        files = COMPOSE["services"][name]["env_file"]
        assert files == [{"path": "deploy.env", "required": True}], files


def test_the_env_file_starts_no_deployment_on_a_default_secret() -> None:
    from shared.auth import check_secret

    env = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["JWT_SECRET"] == ""  # HS256 off unless the operator sets a secret of their own
    check_secret(env["JWT_SECRET"], deployment=env["DEPLOYMENT_NAME"])
    assert env["PLATFORM_JWKS_URL"].startswith("http://membership:8001/")
