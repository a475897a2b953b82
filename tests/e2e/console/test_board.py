"""Kepengurusan in the console: draft a term, seat the board by name, inaugurate it."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.console.conftest import PHONE, RunningConsole, open_page, sign_in

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)


def test_a_secretariat_drafts_seats_and_inaugurates_a_board(
    console: RunningConsole, browser: Browser
) -> None:
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.get_by_role("link", name="Kepengurusan").click()
    page.get_by_role("link", name="Susun kepengurusan baru").click()
    page.get_by_label("Periode dari").fill("2024-03-23")
    page.get_by_label("Periode sampai").fill("2029-03-23")
    page.get_by_label("Nomor SK").fill("SK Gubernur Bengkulu 2024")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    expect(
        page.get_by_role("heading", name="Kepengurusan 23 Mar 2024 \u2013 23 Mar 2029")
    ).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("Draf")
    page.get_by_label("Jabatan", exact=True).fill("Ketua")
    page.get_by_label("Anggota").select_option(label="Derta Wahyulin Rohidin")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    seats = page.locator(".rows").first
    expect(seats).to_contain_text("Ketua")
    expect(seats).to_contain_text("Derta Wahyulin Rohidin")
    page.get_by_role("button", name="Kukuhkan sekarang").click()
    expect(page.locator(".facts")).to_contain_text("Dikukuhkan")
    # the history keeps the previous board, now ended
    page.get_by_role("link", name="Kepengurusan").click()
    expect(page.locator("main")).to_contain_text("Berakhir")
