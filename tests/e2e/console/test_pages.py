"""Every main page at phone width: it renders, stays light, and is photographed for the README."""

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Response

from tests.conftest import token
from tests.e2e.console.conftest import PHONE, RunningConsole, open_page, sign_in
from tests.stack import ROOT

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)

BUDGET_BYTES = 300_000  # a page and its assets, as a slow link fetches them the first time


def _shots(tmp_path: Path) -> Path:
    """docs/screenshots when CONSOLE_SCREENSHOTS=1 (to refresh the README's), else a temp dir."""
    if os.environ.get("CONSOLE_SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path


def _upcoming_exhibition(console: RunningConsole) -> None:
    """Something on the coming agenda, as a council always has."""
    start = (datetime.now(UTC) + timedelta(days=7)).replace(hour=2, minute=0, second=0)
    body = {
        "council": "33.75",
        "type": "exhibition",
        "title": "Pameran batik di Museum Batik Pekalongan",
        "venue": "Museum Batik Pekalongan",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=6)).isoformat(),
        "capacity": 40,
    }
    url = f"{console.platform.urls['events']}/events"
    answer = httpx.post(url, json=body, headers=token("33.75", "secretariat"), timeout=15)
    assert answer.status_code == 201, answer.text


def test_main_pages_at_phone_width(
    console: RunningConsole, browser: Browser, tmp_path: Path
) -> None:
    council = "33.75"
    program = console.api("programs", "/programs", council, council=council, category="training")
    event = console.api("events", "/events", council, council=council, type="training")
    term = console.api("membership", "/terms", council, council=council, status="inaugurated")
    member = next(
        m
        for m in console.api("membership", "/members", council, council=council, size=200)["items"]
        if m["kind"] == "business" and m.get("category") == "batik"
    )
    _upcoming_exhibition(console)
    pages = {
        "01-masuk": "/masuk",
        "02-beranda": "/",
        "03-anggota": "/anggota",
        "04-anggota-baru": "/anggota/baru",
        "05-anggota-detail": f"/anggota/{member['id']}",
        "06-agenda": "/agenda?semua=1",
        "07-kegiatan": f"/agenda/{event['items'][0]['id']}",
        "08-daftar-hadir": f"/agenda/{event['items'][0]['id']}/hadir",
        "09-program-kerja": "/program",
        "10-program-baru": "/program/baru",
        "11-program-detail": f"/program/{program['items'][0]['id']}",
        "12-rencana-kerja": f"/rencana/{term['items'][0]['id']}",
        "13-kepengurusan": f"/pengurus/{term['items'][0]['id']}",
    }
    folder = _shots(tmp_path)
    page = open_page(browser, PHONE)
    page.goto(f"{console.url}/masuk")
    page.screenshot(path=str(folder / "01-masuk.png"))
    sign_in(page, console.url, "sekretariat@pekalongan.dekranasda.id")
    for name, path in list(pages.items())[1:]:
        fetched: list[Response] = []

        def listener(response: Response, into: list[Response] = fetched) -> None:
            into.append(response)

        page.on("response", listener)
        response = page.goto(f"{console.url}{path}")
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", listener)
        assert response is not None and response.status == 200, (name, response)
        weight = sum(len(r.body()) for r in fetched if r.ok)
        assert weight < BUDGET_BYTES, f"{name}: {weight} bytes"
        assert all(r.url.startswith(console.url) for r in fetched), name  # nothing from a CDN
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways: {width}px"
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
