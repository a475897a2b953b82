"""Access in the console: a council sees only its own records; a viewer gets no write buttons."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.console.conftest import PHONE, RunningConsole, open_page, sign_in

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)


def test_a_pekalongan_person_never_sees_a_bengkulu_record(
    console: RunningConsole, browser: Browser
) -> None:
    bengkulu_member = console.api("membership", "/members", "17", council="17", size=1)["items"][0]
    bengkulu_event = console.api("events", "/events", "17", council="17", size=1)["items"][0]
    bengkulu_program = console.api("programs", "/programs", "17", council="17", size=1)["items"][0]
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@pekalongan.dekranasda.id")
    page.goto(f"{console.url}/anggota?q={bengkulu_member['name']}")
    expect(page.locator("#results")).not_to_contain_text(bengkulu_member["name"])
    for path, title in (
        (f"/anggota/{bengkulu_member['id']}", bengkulu_member["name"]),
        (f"/agenda/{bengkulu_event['id']}", bengkulu_event["title"]),
        (f"/program/{bengkulu_program['id']}", bengkulu_program["title"]),
    ):
        response = page.goto(f"{console.url}{path}")
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", name="Tidak ditemukan")).to_be_visible()
        expect(page.locator("main")).not_to_contain_text(title)
    page.goto(f"{console.url}/agenda?semua=1")
    expect(page.locator("main")).not_to_contain_text(bengkulu_event["title"])
    expect(page.locator("main")).not_to_contain_text("Bengkulu")


def test_a_viewer_sees_no_write_buttons(console: RunningConsole, browser: Browser) -> None:
    program = console.api("programs", "/programs", "33.75", council="33.75", size=1)["items"][0]
    event = console.api("events", "/events", "33.75", council="33.75", size=1)["items"][0]
    term = console.api("membership", "/terms", "33.75", council="33.75", size=1)["items"][0]
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "viewer@pekalongan.dekranasda.id")
    expect(page.locator("footer")).to_contain_text("Pemantau")
    for path in (
        "/",
        "/anggota",
        "/agenda",
        "/program",
        "/pengurus",
        f"/program/{program['id']}",
        f"/agenda/{event['id']}",
        f"/pengurus/{term['id']}",
    ):
        page.goto(f"{console.url}{path}")
        # the only form that posts is signing out
        expect(page.locator("main form[method=post]")).to_have_count(0)
        for label in ("Daftarkan anggota", "Program baru", "Jadwalkan kegiatan", "Setujui"):
            expect(page.get_by_text(label, exact=True)).to_have_count(0)
    response = page.goto(f"{console.url}/anggota/baru")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Anda tidak berwenang")).to_be_visible()
