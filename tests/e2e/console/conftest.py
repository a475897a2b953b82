"""The console against the real stack: services and console as processes, Debian's Chromium."""

import asyncio
import importlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from rich.console import Console

from ops.demo import load
from ops.demo_api import Api
from tests.conftest import SECRET, token
from tests.helpers import skip_history_of
from tests.platform import SERVICES, Platform, _env, _wait_ready, free_port
from tests.stack import ROOT, Stack

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "dekranasda-demo-2026"
ACCOUNTS = {  # the demo sign-ins (auth contract)
    "admin@bengkulu.dekranasda.id": ("17", "admin"),
    "sekretariat@bengkulu.dekranasda.id": ("17", "secretariat"),
    "sekretariat@pekalongan.dekranasda.id": ("33.75", "secretariat"),
    "viewer@pekalongan.dekranasda.id": ("33.75", "viewer"),
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Assertions wait as long as actions: the machine that runs CI also runs the whole stack.
expect.set_options(timeout=20_000)


@dataclass
class RunningConsole:
    """The running console and the platform behind it."""

    url: str
    platform: Platform

    def api(self, service: str, path: str, region: str = "ID", **params: Any) -> Any:
        """Read a service directly (to find ids the test needs), as an admin of the region."""
        url = f"{self.platform.urls[service]}{path}"
        r = httpx.get(url, params=params, headers=token(region, "admin"), timeout=15)
        r.raise_for_status()
        return r.json()


async def _skip_history(stack: Stack, deployment: str) -> None:
    """Start the new deployment's consumer groups at the topics' ends: not other tests' events."""
    for service in SERVICES:
        module = importlib.import_module(f"services.{service}.app")
        settings_cls = next(
            v for k, v in vars(module).items() if k.endswith("Settings") and k != "ServiceSettings"
        )
        settings = settings_cls(
            kafka_bootstrap_servers=stack.kafka,
            mongodb_url=stack.mongodb,
            deployment_name=deployment,
            jwt_secret=SECRET,
        )
        app = module.create_app(settings)
        await skip_history_of(app, stack.kafka)
        await app.state.runtime.client.close()


@contextmanager
def _services(stack: Stack, deployment: str) -> Iterator[Platform]:
    """The three services, trusting membership's sign-in keys (its port is random here)."""
    ports = {s: free_port() for s in SERVICES}
    env = _env(stack, deployment, "ID", ports)
    env["PLATFORM_JWKS_URL"] = f"http://127.0.0.1:{ports['membership']}/.well-known/jwks.json"
    running, logs = Platform(deployment=deployment, region="ID"), ROOT / "var" / "log" / "e2e"
    asyncio.run(_skip_history(stack, deployment))
    logs.mkdir(parents=True, exist_ok=True)
    try:
        for service in SERVICES:
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
        stop(list(running.procs.values()))


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _accounts(p: Platform) -> None:
    """The demo sign-ins, unless the demo loader made them already."""
    operator = token("ID", "admin", sub="operator")
    for email, (council, role) in ACCOUNTS.items():
        body = {"email": email, "name": email.split("@")[0].title(), "password": PASSWORD}
        body |= {"council": council, "role": role}
        r = httpx.post(f"{p.urls['membership']}/accounts", json=body, headers=operator, timeout=15)
        assert r.status_code in (201, 409), r.text


def start_console(
    p: Platform, log_path: str, **settings: str
) -> tuple[subprocess.Popen[bytes], str]:
    """A console process in front of the platform; `settings` as CONSOLE_* variables."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CONSOLE_HTTP_PORT": str(port),
        "CONSOLE_DEPLOYMENT_NAME": "local",
        "CONSOLE_MEMBERSHIP_URL": p.urls["membership"],
        "CONSOLE_PROGRAMS_URL": p.urls["programs"],
        "CONSOLE_EVENTS_URL": p.urls["events"],
        **{f"CONSOLE_{k.upper()}": v for k, v in settings.items()},
    }
    log = open(log_path, "wb")  # noqa: SIM115 - the process writes to it until it stops
    proc = subprocess.Popen(
        [sys.executable, "-m", "console"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(Path(log_path).read_text()[-3000:])
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("console not ready within 120 s")


@pytest.fixture(scope="package")
def console(stack: Stack) -> Iterator[RunningConsole]:
    """Services with the demo data loaded, and the console in front of them."""
    name = f"con{uuid.uuid4().hex[:8]}"
    with _services(stack, name) as running:
        asyncio.run(load(base="", console=Console(quiet=True), api=Api(dict(running.urls), SECRET)))
        _accounts(running)
        logs = ROOT / "var" / "log" / "e2e"
        proc, url = start_console(running, str(logs / f"{name}-console.log"))
        try:
            yield RunningConsole(url=url, platform=running)
        finally:
            stop([proc])


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (no browser download)."""
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, viewport: dict[str, int]) -> Page:
    """A fresh browser context (no cookies) in Indonesian at the given size."""
    context = browser.new_context(viewport=viewport, locale="id-ID", timezone_id="Asia/Jakarta")
    context.set_default_timeout(30_000)
    return context.new_page()


def sign_in(page: Page, base: str, email: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{base}/")
    page.get_by_label("Surel").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Beranda").wait_for()
