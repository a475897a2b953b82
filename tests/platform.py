"""The three services as real processes (`python -m services.<name>`) on the real stack."""

import asyncio
import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.conftest import SECRET
from tests.helpers import skip_history_of
from tests.stack import ROOT, Stack

SERVICES = ("membership", "programs", "events")


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Platform:
    """A running deployment: base URLs by service, and its processes."""

    deployment: str
    region: str
    urls: dict[str, str] = field(default_factory=dict)
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def client(self, service: str) -> httpx.Client:
        """An HTTP client for one service."""
        return httpx.Client(base_url=self.urls[service], timeout=15)


def _env(stack: Stack, deployment: str, region: str, ports: dict[str, int]) -> dict[str, str]:
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": stack.kafka,
        "MONGODB_URL": stack.mongodb,
        "DEPLOYMENT_NAME": deployment,
        "DEPLOYMENT_REGION": region,
        "JWT_SECRET": SECRET,
        "RELAY_INTERVAL_S": "0.05",
        "CONSUMER_RETRY_BASE_S": "0.05",
        "TOPIC_PARTITIONS": "3",
        "PYTHONPATH": str(ROOT),
    }
    for service, port in ports.items():
        env[f"{service.upper()}_HTTP_PORT"] = str(port)
    if "membership" in ports:  # every service trusts the tokens of membership's sign-in
        env["PLATFORM_JWKS_URL"] = f"http://127.0.0.1:{ports['membership']}/.well-known/jwks.json"
    return env


@contextmanager
def platform(
    stack: Stack,
    deployment: str,
    region: str = "ID",
    *,
    services: tuple[str, ...] = SERVICES,
    log_dir: Path | None = None,
    fresh: bool = False,
) -> Iterator[Platform]:
    """Start the services, wait until each is ready, stop them with SIGTERM afterwards.

    `fresh`: the deployment's consumer groups start at the topics' ends, so a new deployment
    on the shared test broker does not first replay every earlier run's records.
    """
    if fresh:
        asyncio.run(_skip_history(stack, deployment, region, services))
    ports = {s: free_port() for s in services}
    env = _env(stack, deployment, region, ports)
    running = Platform(deployment=deployment, region=region)
    logs = log_dir or ROOT / "var" / "log" / "e2e"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        for service in services:
            log = (logs / f"{deployment}-{service}-{ports[service]}.log").open("wb")
            running.procs[service] = subprocess.Popen(
                [sys.executable, "-m", f"services.{service}"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            running.urls[service] = f"http://127.0.0.1:{ports[service]}"
        _wait_ready(running, logs)
        yield running
    finally:
        for proc in running.procs.values():
            proc.send_signal(signal.SIGTERM)
        for proc in running.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def _skip_history(
    stack: Stack, deployment: str, region: str, services: tuple[str, ...]
) -> None:
    for service in services:
        module = importlib.import_module(f"services.{service}.app")
        settings_cls = next(
            v for k, v in vars(module).items() if k.endswith("Settings") and k != "ServiceSettings"
        )
        app = module.create_app(
            settings_cls(
                kafka_bootstrap_servers=stack.kafka,
                mongodb_url=stack.mongodb,
                deployment_name=deployment,
                deployment_region=region,
                jwt_secret=SECRET,  # a deployment other than `local` refuses the development one
            )
        )
        await skip_history_of(app, stack.kafka)
        await app.state.runtime.client.close()


def _wait_ready(running: Platform, logs: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    waiting = set(running.urls)
    while waiting and time.monotonic() < deadline:
        for service in list(waiting):
            if running.procs[service].poll() is not None:
                port = running.urls[service].rsplit(":", 1)[1]
                log = logs / f"{running.deployment}-{service}-{port}.log"
                tail = log.read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{service} exited during start-up:\n{tail}")
            try:
                if httpx.get(f"{running.urls[service]}/ready", timeout=2).status_code == 200:
                    waiting.discard(service)
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    if waiting:
        raise RuntimeError(f"not ready within {timeout}s: {sorted(waiting)}")
