"""Documents from the console: exports and printouts streamed with the person's token."""

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.console.conftest import DESKTOP, RunningConsole, open_page, sign_in
from tests.pdftext import pdf_text

pytestmark = pytest.mark.timeout(900)
COUNCIL = "33.75"
SECRETARIAT = "sekretariat@pekalongan.dekranasda.id"


def test_a_pekalongan_secretariat_downloads_members_as_xlsx_without_a_bengkulu_row(
    console: RunningConsole, browser: Browser, tmp_path: Path
) -> None:
    page = open_page(browser, DESKTOP)
    sign_in(page, console.url, SECRETARIAT)
    page.goto(f"{console.url}/anggota")
    page.get_by_label("Sertakan data kontak").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh XLSX").click()
    saved = tmp_path / download.value.suggested_filename
    assert saved.suffix == ".xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved, read_only=True).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert "phone" in header and "email" in header  # contact data, asked for and allowed
    council = header.index("council")
    assert rows and {r[council] for r in rows} == {COUNCIL}
    assert not any("Bengkulu" in str(cell) for row in rows for cell in row if cell)
    members = console.api("membership", "/members", COUNCIL, council=COUNCIL, size=1)
    assert len(rows) == members["total"]


def test_the_board_roster_pdf_through_the_console_names_every_position(
    console: RunningConsole, browser: Browser
) -> None:
    term = console.api("membership", "/terms", COUNCIL, council=COUNCIL, status="inaugurated")
    term_id = term["items"][0]["id"]
    positions = [p["title"] for p in term["items"][0]["positions"]]
    assert positions
    page = open_page(browser, DESKTOP)
    sign_in(page, console.url, SECRETARIAT)
    page.goto(f"{console.url}/pengurus/{term_id}")
    link = page.get_by_role("link", name="Susunan pengurus (PDF)")
    expect(link).to_be_visible()
    response = page.request.get(f"{console.url}{link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "filename=" in response.headers["content-disposition"]
    text = pdf_text(response.body())
    assert "SUSUNAN PENGURUS" in text
    missing = [title for title in positions if " ".join(title.split()) not in text]
    assert not missing, missing
