"""The one list of services (services/__init__.py) is what every part of the platform uses."""

import importlib

from console.settings import ConsoleSettings
from ops import demo_api, docs, local
from services import SERVICES
from shared.settings import ServiceSettings


def test_each_service_listens_by_default_on_its_listed_port() -> None:
    for name, port in SERVICES.items():
        app = importlib.import_module(f"services.{name}.app")
        settings = next(
            v
            for v in vars(app).values()
            if isinstance(v, type) and issubclass(v, ServiceSettings) and v is not ServiceSettings
        )
        assert (settings.service, settings.default_port) == (name, port)


def test_local_runs_and_the_demo_reach_the_listed_ports() -> None:
    urls = {p.name: p.url for p in local.processes() if p.name in SERVICES}
    assert urls == {name: f"http://127.0.0.1:{port}" for name, port in SERVICES.items()}
    assert [p.module for p in local.processes()][: len(SERVICES)] == [
        f"services.{name}" for name in SERVICES
    ]
    api = demo_api.Api.local()
    assert {n: str(c.base_url) for n, c in api._clients.items()} == {
        name: f"http://127.0.0.1:{port}" for name, port in SERVICES.items()
    }


def test_the_console_and_the_platform_keys_default_to_the_listed_ports() -> None:
    console = ConsoleSettings()
    for name, port in SERVICES.items():
        assert getattr(console, f"{name}_url") == f"http://127.0.0.1:{port}"
    membership = f"http://127.0.0.1:{SERVICES['membership']}/"
    assert (ServiceSettings().platform_jwks_url or "").startswith(membership)


def test_the_documents_name_the_listed_services_and_their_producers() -> None:
    producers = docs.producers()
    for name in SERVICES:
        published = importlib.import_module(f"services.{name}.app").PUBLISHES
        assert published and all(producers[topic] == name for topic in published)
