"""A shared phone at the door: sign-out sends or discards the queue, then leaves no names behind."""

import uuid

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import token
from tests.e2e.console.conftest import PASSWORD, PHONE, RunningConsole, open_page, sign_in
from tests.e2e.console.test_door_offline import COUNCIL, _training_with_four

pytestmark = pytest.mark.timeout(900)
FIRST = "sekretariat@pekalongan.dekranasda.id"
KEPT = """async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    const rows = !names.includes("dk-door") ? [] : await new Promise((ok) => {
        const open = indexedDB.open("dk-door");
        open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("queue")) { db.close(); return ok([]); }
            const all = db.transaction("queue").objectStore("queue").getAll();
            all.onsuccess = () => { db.close(); ok(all.result); };
        };
    });
    const pages = [];
    for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys()) {
            pages.push(await (await (await caches.open(key)).match(request)).text());
        }
    }
    return { caches: await caches.keys(), rows, pages };
}"""


def _second_secretariat(console: RunningConsole) -> str:
    """Another secretariat account of the same council: the next person on the phone."""
    email = f"sekretariat-{uuid.uuid4().hex[:6]}@pekalongan.dekranasda.id"
    body = {"email": email, "name": "Sekretariat Dua", "password": PASSWORD}
    body |= {"council": COUNCIL, "role": "secretariat"}
    operator = token("ID", "admin", sub="operator")
    r = httpx.post(
        f"{console.platform.urls['membership']}/accounts", json=body, headers=operator, timeout=15
    )
    assert r.status_code == 201, r.text
    return email


def _queue_one_unsent(page: Page, name: str) -> None:
    """A check-in tapped offline whose sync then fails: it waits on the phone."""
    page.route("**/antrean", lambda route: route.abort())
    page.context.set_offline(True)
    row = page.locator(".door li", has_text=name)
    row.get_by_role("button", name="Hadir").click()
    expect(row).to_contain_text("Menunggu dikirim")
    page.context.set_offline(False)
    page.evaluate("window.dkDoor.flush()")
    expect(page.locator("#door-count")).to_have_text("Menunggu dikirim: 1")


def _checked_in(console: RunningConsole, event_id: str) -> set[str]:
    event = console.api("events", f"/events/{event_id}", COUNCIL)
    return {r["member_id"] for r in event["registrations"] if r["checked_in_at"]}


def test_the_queue_is_sent_only_by_its_maker_and_sign_out_leaves_no_names(
    console: RunningConsole, browser: Browser
) -> None:
    event_id, names = _training_with_four(console)
    second, door = _second_secretariat(console), f"{console.url}/agenda/{event_id}/hadir"
    page = open_page(browser, PHONE)
    sign_in(page, console.url, FIRST)
    page.goto(door)
    page.evaluate("window.dkDoor.ready")
    _queue_one_unsent(page, names[0])
    # the first session ends without a sign-out; the next person signs in on the same phone
    page.context.clear_cookies()
    page.unroute("**/antrean")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if r.url.endswith("/antrean") else None)
    sign_in(page, console.url, second)
    page.goto(door)
    page.evaluate("window.dkDoor.flush()")
    expect(page.locator("#door-count")).to_have_text("Semua kehadiran sudah terkirim.")
    assert sent == [] and _checked_in(console, event_id) == set()
    page.get_by_role("button", name="Keluar").click()  # nothing of theirs waits: out at once
    page.wait_for_url("**/masuk")
    left = page.evaluate(KEPT)
    assert [r["name"] for r in left["rows"]] == [names[0]]  # the first person's is not lost
    assert not any(names[0] in kept for kept in left["pages"])
    # the first person again: sign-out warns of the unsent check-in and sends it first
    sign_in(page, console.url, FIRST)
    page.route("**/antrean", lambda route: route.abort())
    page.goto(door)
    expect(page.locator("#door-count")).to_have_text("Menunggu dikirim: 1")
    page.get_by_role("button", name="Keluar").click()
    expect(page.locator("#signout-queue")).to_contain_text("1 check-in belum terkirim")
    assert page.url == door
    page.unroute("**/antrean")
    with page.expect_response(lambda r: r.url.endswith("/keluar")) as out:
        page.get_by_role("button", name="Kirim dulu").click()
    assert out.value.all_headers().get("clear-site-data") == '"cache", "storage"'
    page.wait_for_url("**/masuk")
    assert len(_checked_in(console, event_id)) == 1  # sent under its maker's session
    left = page.evaluate(KEPT)
    assert left["caches"] == [] and left["rows"] == [] and left["pages"] == []
