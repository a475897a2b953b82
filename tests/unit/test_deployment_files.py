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
        assert "ports" not in spec, "services are reached through the proxy only"
        assert spec["expose"] == [str(settings.default_port)]
        assert spec["environment"]["PORT"] == str(settings.default_port)
        assert spec["environment"]["HTTP_ROOT_PATH"] == f"/{service}"
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
    assert set(COMPOSE["volumes"]) == {"kafka-data", "mongo-data", "caddy-data"}
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
    from shared.tokens import check_secret

    env = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert env["JWT_SECRET"] == ""  # HS256 off unless the operator sets a secret of their own
    check_secret(env["JWT_SECRET"], deployment=env["DEPLOYMENT_NAME"])
    assert env["PLATFORM_JWKS_URL"].startswith("http://membership:8001/")


def test_only_the_proxy_and_kafkas_external_listener_are_published() -> None:
    published = {
        name: spec["ports"]
        for name, spec in COMPOSE["services"].items()
        if "ports" in spec and "monitoring" not in spec.get("profiles", [])
    }
    assert published == {"proxy": ["443:443", "80:80"], "kafka": ["9094:9094"]}
    for name in ("prometheus", "grafana"):  # the optional profile: on loopback only
        assert all(p.startswith("127.0.0.1:") for p in COMPOSE["services"][name]["ports"])
    assert COMPOSE["services"]["proxy"]["image"].startswith("caddy:")


def test_the_proxy_routes_each_service_under_its_prefix_and_the_console_at_the_root() -> None:
    caddyfile = (ROOT / "ops" / "Caddyfile").read_text()
    mounts = COMPOSE["services"]["proxy"]["volumes"]
    assert "./ops/Caddyfile:/etc/caddy/Caddyfile:ro" in mounts
    assert "tls {$CADDY_TLS}" in caddyfile
    for service in SERVICES:
        port = _settings(service).default_port
        route = caddyfile.split(f"handle_path /{service}/* {{", 1)[1].split("}\n\t}", 1)[0]
        assert f"reverse_proxy {{${service.upper()}_UPSTREAM:{service}:{port}}}" in route, service
        assert f"header_up X-Forwarded-Prefix /{service}" in route, service
    assert "handle {\n\t\treverse_proxy {$CONSOLE_UPSTREAM:console:8000}" in caddyfile


def test_kafka_has_an_internal_listener_and_an_external_sasl_ssl_one() -> None:
    env = COMPOSE["services"]["kafka"]["environment"]
    protocols = dict(p.split(":") for p in env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(","))
    assert protocols == {"INTERNAL": "PLAINTEXT", "CONTROLLER": "PLAINTEXT", "EXTERNAL": "SASL_SSL"}
    assert env["KAFKA_INTER_BROKER_LISTENER_NAME"] == "INTERNAL"
    assert "INTERNAL://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_SASL_ENABLED_MECHANISMS"] == "SCRAM-SHA-512"
    jaas = "KAFKA_LISTENER_NAME_EXTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG"
    assert "ScramLoginModule required" in env[jaas]
    assert (
        env["KAFKA_LISTENER_NAME_EXTERNAL_SSL_KEYSTORE_LOCATION"] == "/run/secrets/kafka-keystore"
    )
    assert COMPOSE["secrets"]["kafka-keystore"]["file"] == "./deploy/secrets/kafka-keystore.pem"


def test_mongodb_requires_authentication_and_a_replica_set_key_file() -> None:
    mongo = COMPOSE["services"]["mongo"]
    assert "--keyFile" in mongo["command"] and "mongo-keyfile" in mongo["secrets"]
    assert {"MONGO_INITDB_ROOT_USERNAME", "MONGO_INITDB_ROOT_PASSWORD"} <= set(mongo["environment"])
    assert "authSource=admin" in _env_file()["MONGODB_URL"]


def test_the_kafka_security_settings_are_settings_and_the_env_file_names_them() -> None:
    names = {"protocol", "sasl_mechanism", "sasl_username", "sasl_password", "ssl_cafile"}
    expected = {f"kafka_{'security_' if n == 'protocol' else ''}{n}" for n in names}
    assert expected <= set(ServiceSettings.model_fields)
    assert _env_file()["KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT"  # the internal listener


def test_the_local_certificate_script_makes_what_compose_mounts(tmp_path: Path) -> None:
    import subprocess

    script = ROOT / "ops" / "make-local-certs.sh"
    subprocess.run([str(script), "dekranasda.test", str(tmp_path)], check=True, capture_output=True)
    for name in ("ca.pem", "site.pem", "site-key.pem", "kafka-keystore.pem", "mongo-keyfile"):
        assert (tmp_path / name).stat().st_size > 0, name
    keystore = (tmp_path / "kafka-keystore.pem").read_text()
    assert keystore.startswith("-----BEGIN ENCRYPTED PRIVATE KEY-----")  # Kafka's PEM keystore
    verify = ["openssl", "verify", "-CAfile", str(tmp_path / "ca.pem"), str(tmp_path / "site.pem")]
    assert subprocess.run(verify, capture_output=True).returncode == 0


def _env_file() -> dict[str, str]:
    lines = (ROOT / "deploy.env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
