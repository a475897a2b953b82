"""The compose deployment's reverse proxy for real: Caddy with `ops/Caddyfile` and the local
certificates of `ops/make-local-certs.sh` in front of the three services as processes."""

import os
import signal
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import token
from tests.platform import Platform, free_port, platform
from tests.stack import ROOT, Stack

SERVICES = ("membership", "programs", "events")


@pytest.fixture(scope="module")
def services(stack: Stack) -> Iterator[Platform]:
    with pytest.MonkeyPatch.context() as env:
        for service in SERVICES:
            env.setenv(f"{service.upper()}_HTTP_ROOT_PATH", f"/{service}")
        with platform(stack, f"e2e{uuid.uuid4().hex[:8]}", fresh=True) as running:
            yield running


@pytest.fixture(scope="module")
def proxy(services: Platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    work = tmp_path_factory.mktemp("proxy")
    certs = work / "certs"
    script = ROOT / "ops" / "make-local-certs.sh"
    subprocess.run([str(script), "localhost", str(certs)], check=True, capture_output=True)
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(work),
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "DEKRANASDA_HOST": f"localhost:{port}",
        "CADDY_TLS": f"{certs / 'site.pem'} {certs / 'site-key.pem'}",
        "CADDY_HTTP_PORT": str(free_port()),
        "CADDY_HTTPS_PORT": str(port),
        "CONSOLE_UPSTREAM": _hostport(services, "events"),  # stands in for the console here
        **{f"{s.upper()}_UPSTREAM": _hostport(services, s) for s in SERVICES},
    }
    command = [
        "caddy",
        "run",
        "--config",
        str(ROOT / "ops" / "Caddyfile"),
        "--adapter",
        "caddyfile",
    ]
    log = (work / "caddy.log").open("wb")
    caddy = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    trust = ssl.create_default_context(cafile=certs / "ca.pem")  # the local CA only
    client = httpx.Client(base_url=f"https://localhost:{port}", verify=trust)
    try:
        _wait(client, caddy, work / "caddy.log")
        yield client
    finally:
        client.close()
        caddy.send_signal(signal.SIGTERM)
        caddy.wait(timeout=15)


def _hostport(services: Platform, service: str) -> str:
    return services.urls[service].removeprefix("http://")


def _wait(client: httpx.Client, caddy: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert caddy.poll() is None, log.read_text()
        try:
            client.get("/membership/health")
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(log.read_text())


def test_each_service_answers_under_its_prefix_over_tls_and_the_console_at_the_root(
    proxy: httpx.Client,
) -> None:
    for service in SERVICES:
        r = proxy.get(f"/{service}/health")
        assert r.status_code == 200 and r.json()["service"] == service, r.text
    assert proxy.get("/health").json()["service"] == "events"  # the root goes to the console
    council = proxy.post(
        "/membership/councils", json={"code": "33.75"}, headers=token("ID", "admin")
    )
    assert council.status_code in (201, 409), council.text
    listed = proxy.get("/events/events", params={"council": "33.75"}, headers=token("33.75"))
    assert listed.status_code == 200, listed.text  # the service's own /events, under /events/


def test_the_api_pages_work_under_the_public_path(proxy: httpx.Client) -> None:
    for service in SERVICES:
        docs = proxy.get(f"/{service}/docs").text
        assert f"/{service}/openapi.json" in docs
        assert proxy.get(f"/{service}/docs/assets/swagger-ui-bundle.js").status_code == 200
        spec = proxy.get(f"/{service}/openapi.json").json()
        assert spec["servers"] == [{"url": f"/{service}"}]


def test_plain_http_is_not_served_on_the_tls_port(proxy: httpx.Client) -> None:
    plain = str(proxy.base_url).replace("https://", "http://")
    r = httpx.get(f"{plain}/membership/health")
    assert r.status_code == 400  # Caddy: "Client sent an HTTP request to an HTTPS server"
