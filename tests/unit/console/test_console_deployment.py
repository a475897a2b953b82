"""The console in compose, the image and the local runner (no engine runs them here)."""

from pathlib import Path

import yaml

from console.settings import ConsoleSettings
from ops import local

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_runs_the_console_on_8000_in_front_of_the_three_services() -> None:
    spec = COMPOSE["services"]["console"]
    assert spec["command"] == ["python", "-m", "console"]
    published = spec.get("ports", []) + spec.get("expose", [])
    assert published[0].split(":")[-1] == "8000" and ConsoleSettings.default_port == 8000
    env = spec["environment"]
    for service in ("membership", "programs", "events"):
        assert env[f"CONSOLE_{service.upper()}_URL"].startswith(f"http://{service}:")
        assert spec["depends_on"][service] == {"condition": "service_healthy"}
    assert env["CONSOLE_SECRET_KEY"].startswith("${CONSOLE_SECRET_KEY:?")
    assert "healthcheck" in spec and spec["env_file"] == [{"path": "deploy.env", "required": True}]


def test_the_image_carries_the_console_and_listens_on_all_interfaces() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY console ./console" in dockerfile and "CONSOLE_HTTP_HOST=0.0.0.0" in dockerfile
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert 'console = ["templates/*.html"' in pyproject


def test_dekranasda_up_starts_the_console_against_the_local_services() -> None:
    console = next(p for p in local.processes() if p.name == "console")
    assert console.module == "console" and console.url == "http://127.0.0.1:8000"
    env = local._console_env(console)
    assert env["CONSOLE_MEMBERSHIP_URL"] == "http://127.0.0.1:8001"
    assert env["CONSOLE_DEPLOYMENT_NAME"] == "local"
