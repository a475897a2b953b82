"""Check-in at the door with the connection down: queued on the phone, sent twice, counted once."""

import os
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import token
from tests.e2e.console.conftest import PHONE, RunningConsole, open_page, sign_in
from tests.stack import ROOT

pytestmark = pytest.mark.timeout(900)
COUNCIL = "33.75"


def _training_with_four(console: RunningConsole) -> tuple[str, list[str]]:
    """A training of today with four confirmed registrants; its id and their names."""
    events, auth = console.platform.urls["events"], token(COUNCIL, "secretariat")
    now = datetime.now(UTC)
    body = {
        "council": COUNCIL,
        "type": "training",
        "title": f"Pelatihan di balai {uuid.uuid4().hex[:5]}",
    }
    body |= {
        "starts_at": (now - timedelta(hours=1)).isoformat(),
        "ends_at": (now + timedelta(hours=3)).isoformat(),
    }
    r = httpx.post(f"{events}/events", json=body, headers=auth, timeout=15)
    assert r.status_code == 201, r.text
    event_id = r.json()["id"]
    members = console.api("membership", "/members", COUNCIL, council=COUNCIL, size=50)["items"]
    names = []
    for member in members:
        r = httpx.post(
            f"{events}/events/{event_id}/registrations",
            json={"member_id": member["id"]},
            headers=auth,
            timeout=15,
        )
        if r.status_code in (200, 201):
            names.append(member["name"])
        if len(names) == 4:
            return event_id, names
    raise AssertionError("fewer than four members could register")


def _shot(page: Any, tmp_path: Path) -> None:
    folder = (
        ROOT / "docs" / "screenshots" if os.environ.get("CONSOLE_SCREENSHOTS") == "1" else tmp_path
    )
    page.screenshot(path=str(folder / "14-hadir-luring.png"), full_page=True)


def test_three_check_ins_offline_are_sent_twice_and_kept_once_with_the_door_times(
    console: RunningConsole, browser: Browser, tmp_path: Path
) -> None:
    event_id, names = _training_with_four(console)
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@pekalongan.dekranasda.id")
    page.goto(f"{console.url}/agenda/{event_id}/hadir")
    page.evaluate("window.dkDoor.ready")  # the worker and the kept page
    page.context.set_offline(True)
    for name in names[:3]:
        row = page.locator(".door li", has_text=name)
        row.get_by_role("button", name="Hadir").click()
        expect(row).to_contain_text("Menunggu dikirim")
    expect(page.locator("#door-count")).to_have_text("Menunggu dikirim: 3")
    kept = page.reload()  # offline: the worker answers with the kept page, the queue is still there
    assert kept is not None and kept.from_service_worker
    expect(page.locator("#door-count")).to_have_text("Menunggu dikirim: 3")
    _shot(page, tmp_path)
    queued = page.evaluate("window.dkDoor.pending()")
    door_times = {q["member_id"]: datetime.fromisoformat(q["checked_in_at"]) for q in queued}
    page.wait_for_timeout(1500)  # the sync comes later than the door
    with page.expect_request(lambda r: r.url.endswith("/antrean")) as sent:
        page.context.set_offline(False)
    expect(page.locator("#door-count")).to_have_text("Semua kehadiran sudah terkirim.")
    replay = page.evaluate(
        """async (body) => {
            const csrf = document.getElementById("door-queue").dataset.csrf;
            const r = await fetch(location.pathname.replace(/hadir$/, "antrean"), {method: "POST",
                headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf}, body});
            return r.json();
        }""",
        sent.value.post_data,
    )
    assert [r["status"] for r in replay["results"]] == ["sent"] * 3
    event = console.api("events", f"/events/{event_id}", COUNCIL)
    present = {
        r["member_id"]: r["checked_in_at"] for r in event["registrations"] if r["checked_in_at"]
    }
    assert {k: datetime.fromisoformat(v) for k, v in present.items()} == door_times
    # the event is concluded meanwhile: a later check-in is refused, shown with its name, and kept
    events, auth = console.platform.urls["events"], token(COUNCIL, "secretariat")
    r = httpx.post(f"{events}/events/{event_id}/conclude", headers=auth, timeout=15)
    assert r.status_code == 200, r.text
    page.locator(".door li", has_text=names[3]).get_by_role("button", name="Hadir").click()
    refused = page.locator("#door-refused")
    expect(refused).to_contain_text(names[3])
    expect(refused).to_contain_text("Ditolak")
    page.reload()
    expect(refused).to_contain_text(names[3])
