"""The console against the real stack: services and console as processes, Debian's Chromium."""

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from rich.console import Console

from ops.demo import load
from ops.demo_api import Api
from tests.conftest import SECRET, token
from tests.platform import Platform, _wait_ready, free_port, platform
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


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after 30 s."""
    proc.send_signal(signal.SIGTERM)
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


@contextmanager
def console_process(p: Platform, name: str, **settings: str) -> Iterator[str]:
    """A console in front of the platform, `settings` as CONSOLE_* variables; its URL when ready."""
    port, logs = free_port(), ROOT / "var" / "log" / "e2e"
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
    running = Platform(p.deployment, p.region, urls={name: f"http://127.0.0.1:{port}"})
    with (logs / f"{p.deployment}-{name}-{port}.log").open("wb") as log:
        running.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "console"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_ready(running, logs, timeout=120)  # the services' start-up wait, for the console
        yield running.urls[name]
    finally:
        _stop(running.procs[name])


@pytest.fixture(scope="package")
def console(stack: Stack) -> Iterator[RunningConsole]:
    """Services with the demo data loaded, and the console in front of them."""
    name = f"con{uuid.uuid4().hex[:8]}"
    with platform(stack, name, fresh=True) as running:  # not other tests' events
        asyncio.run(load(base="", console=Console(quiet=True), api=Api(dict(running.urls), SECRET)))
        _accounts(running)
        with console_process(running, "console") as url:
            yield RunningConsole(url=url, platform=running)


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
