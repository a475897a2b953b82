"""A secretariat's day in the console, in Indonesian, on a phone and on a desktop."""

import random
import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.console.conftest import DESKTOP, PHONE, RunningConsole, open_page, sign_in

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)

SECRETARIAT = "sekretariat@pekalongan.dekranasda.id"


def _register_business(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/anggota")
    page.get_by_role("link", name="Daftarkan anggota").click()
    page.get_by_label("Usaha (UMKM)").check()
    page.get_by_label("Nama", exact=True).fill(name)
    page.get_by_label("NIB (Nomor Induk Berusaha)").fill("12345")
    page.get_by_role("button", name="Simpan").click()
    # the error stands beside the field, in Indonesian, and the form keeps what was typed
    expect(page.locator("#e-nib")).to_have_text("NIB terdiri dari tepat 13 angka.")
    expect(page.get_by_label("Nama", exact=True)).to_have_value(name)
    nib = "".join(random.choices("0123456789", k=13))
    page.get_by_label("NIB (Nomor Induk Berusaha)").fill(nib)
    page.get_by_label("Pemilik (untuk usaha)").fill("Ibu Sekar")
    page.get_by_label("Kriya").select_option("batik")
    page.get_by_label("Skala").select_option("mikro")
    page.get_by_label("Modal (Rp)").fill("25.000.000")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_have_text("Anggota sudah terdaftar.")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_text("Rp 25.000.000")).to_be_visible()


def _create_program(page: Page, base: str, title: str) -> None:
    page.goto(f"{base}/program")
    page.get_by_role("link", name="Program baru").click()
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Kategori").select_option("training")
    page.get_by_label("Rencana mulai").fill("2026-01-05")
    page.get_by_label("Rencana selesai").fill("2026-10-20")
    page.get_by_label("Nama indikator 1").fill("Peserta pelatihan")
    page.get_by_label("Target 1").fill("20")
    page.get_by_label("Satuan 1").fill("orang")
    page.get_by_label("Sumber 1").select_option("APBD")
    page.get_by_label("Jumlah (Rp) 1").fill("50.000.000")
    page.get_by_label("Sumber 2").select_option("CSR")
    page.get_by_label("Jumlah (Rp) 2").fill("25.000.000")
    page.get_by_label("Catatan 2").fill("CSR Bank Jateng")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Rp 75.000.000")).to_be_visible()
    budget = page.locator("table")
    expect(budget).to_contain_text("APBD")
    expect(budget).to_contain_text("Rp 50.000.000")
    expect(budget).to_contain_text("CSR")
    expect(budget).to_contain_text("CSR Bank Jateng")
    page.get_by_role("button", name="Setujui").click()
    expect(page.locator(".facts")).to_contain_text("Disetujui")
    page.get_by_role("button", name="Mulai").click()
    expect(page.locator(".facts")).to_contain_text("Berjalan")


def _schedule_training(page: Page, title: str) -> None:
    page.get_by_role("link", name="Jadwalkan kegiatan").click()
    page.get_by_label("Jenis kegiatan").select_option("training")
    page.get_by_label("Judul").fill(title)
    page.get_by_label("Tempat").fill("Ruang Jetayu")
    page.get_by_label("Kuota").fill("30")
    page.get_by_role("button", name="Jadwalkan").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("WIB")


def _register_and_check_in(page: Page, business: str) -> None:
    page.wait_for_load_state()  # htmx listens once the page's deferred scripts have run
    with page.expect_response(lambda r: "/calon?q=" in r.url):
        page.get_by_placeholder("Cari nama").fill(business)
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.locator(".rows").first).to_contain_text(business)
    page.get_by_role("link", name="Daftar hadir di pintu").click()
    page.wait_for_load_state()
    with page.expect_response(lambda r: "/hadir?q=" in r.url):
        page.get_by_placeholder("Cari nama").fill(business[:12].lower())
    row = page.locator(".door li", has_text=business)
    row.get_by_role("button", name="Hadir").click()  # one tap
    expect(row).to_contain_text("✓ Hadir")
    page.get_by_role("link", name="Kembali ke kegiatan").click()
    expect(page.get_by_text("Hadir", exact=True)).to_be_visible()
    page.get_by_role("button", name="Tutup kegiatan").click()
    expect(page.locator(".facts")).to_contain_text("Selesai")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_secretariat_runs_a_training_cycle(
    console: RunningConsole, browser: Browser, viewport: dict[str, int]
) -> None:
    page = open_page(browser, viewport)
    tag = uuid.uuid4().hex[:5]
    business, program = f"Batik Sékar Arum {tag}", f"Pelatihan pewarna alam {tag}"
    sign_in(page, console.url, SECRETARIAT)
    _register_business(page, console.url, business)
    _create_program(page, console.url, program)
    _schedule_training(page, f"Pelatihan batik pewarna alam {tag}")
    _register_and_check_in(page, business)
    # the program counts the attendance (through the topics): its KPI moves
    page.get_by_role("link", name="Buka program").click()
    for _ in range(30):
        if "1 / 20 orang" in page.locator("main").inner_text():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.get_by_text("1 / 20 orang")).to_be_visible()
    # the member is found by name (without the accent) and shows the event attended
    page.goto(f"{console.url}/anggota")
    page.get_by_placeholder("Cari nama, pemilik atau NIB").fill(f"sekar arum {tag}")
    page.get_by_role("link", name=business).click()
    expect(page.get_by_role("heading", name=business)).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Pelatihan batik pewarna alam {tag}")
    assert re.search(r"\bBatik\b", page.locator(".facts").inner_text())
