"""Administration (accounts, grants, scope) and the agenda's month view and calendar feed."""

import os
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import token
from tests.e2e.console.conftest import PASSWORD, PHONE, RunningConsole, open_page, sign_in
from tests.stack import ROOT

# the first test starts the services, loads the demo and starts the console: minutes when busy
pytestmark = pytest.mark.timeout(900)


def _shot(page: Page, tmp_path: Path, name: str) -> None:
    """A phone-width screenshot: into docs/screenshots when CONSOLE_SCREENSHOTS=1."""
    docs = os.environ.get("CONSOLE_SCREENSHOTS") == "1"
    folder = ROOT / "docs" / "screenshots" if docs else tmp_path
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _new_account(console: RunningConsole, council: str, role: str) -> str:
    """An account made by the platform operator; its e-mail."""
    email = f"{role}-{uuid.uuid4().hex[:6]}@dekranasda.test"
    body = {"email": email, "name": f"Uji {role}", "password": PASSWORD, "council": council}
    url = f"{console.platform.urls['membership']}/accounts"
    operator = token("ID", "admin", sub="operator")
    r = httpx.post(url, json=body | {"role": role}, headers=operator, timeout=15)
    assert r.status_code == 201, r.text
    return email


@pytest.fixture(scope="module")
def scheduled(console: RunningConsole) -> dict[str, str]:
    """A Bengkulu exhibition ten days from now."""
    starts = datetime.now(ZoneInfo("Asia/Jakarta")).replace(hour=9, minute=0) + timedelta(days=10)
    body = {"council": "17", "type": "exhibition", "title": f"Pameran Uji {uuid.uuid4().hex[:4]}"}
    body |= {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=3)).isoformat()}
    url = f"{console.platform.urls['events']}/events"
    r = httpx.post(url, json=body, headers=token("17", "secretariat"), timeout=15)
    assert r.status_code == 201, r.text
    return dict(r.json())


def test_an_admin_grants_a_secretariat_role_to_a_new_account(
    console: RunningConsole, browser: Browser, tmp_path: Path
) -> None:
    email = f"staf-{uuid.uuid4().hex[:6]}@bengkulu.dekranasda.id"
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "admin@bengkulu.dekranasda.id")
    page.get_by_role("link", name="Administrasi").click()
    expect(page.locator("#councils")).to_be_visible()
    _shot(page, tmp_path, "15-admin-dewan")
    page.get_by_role("link", name="Akun", exact=True).click()
    page.get_by_label("Nama").fill("Staf Baru")
    page.get_by_label("Surel").fill(email)
    page.get_by_label("Kata sandi awal").fill(PASSWORD)
    page.get_by_label("Dewan").select_option("17")
    page.get_by_label("Peran").select_option("viewer")
    page.get_by_role("button", name="Buat akun").click()
    expect(page.get_by_role("heading", name="Staf Baru")).to_be_visible()
    page.get_by_label("Dewan").select_option("17")
    page.get_by_label("Peran").select_option("secretariat")
    page.get_by_role("button", name="Berikan").click()
    expect(page.locator("#grants")).to_contain_text("Sekretariat")
    _shot(page, tmp_path, "16-admin-akun")
    newcomer = open_page(browser, PHONE)
    sign_in(newcomer, console.url, email)
    expect(newcomer.locator("footer")).to_contain_text("Staf Baru · Sekretariat")
    expect(newcomer.get_by_role("link", name="Administrasi")).to_have_count(0)


def test_a_pekalongan_admin_neither_sees_nor_grants_for_bengkulu(
    console: RunningConsole, browser: Browser
) -> None:
    bengkulu_admin = console.api("membership", "/accounts", email="admin@bengkulu.dekranasda.id")
    page = open_page(browser, PHONE)
    sign_in(page, console.url, _new_account(console, "33.75", "admin"))
    page.goto(f"{console.url}/admin/akun")
    expect(page.locator("#accounts")).to_contain_text("pekalongan")
    expect(page.locator("main")).not_to_contain_text("bengkulu")
    options = page.locator("#f-council option").all_inner_texts()
    assert options and all("17" not in o.split("(")[-1] for o in options), options
    for path in ("/admin/dewan/17", f"/admin/akun/{bengkulu_admin['items'][0]['id']}"):
        response = page.goto(f"{console.url}{path}")
        assert response is not None and response.status in (403, 404)
        expect(page.locator("main")).not_to_contain_text("Bengkulu")


def test_a_viewer_gets_no_administration(console: RunningConsole, browser: Browser) -> None:
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "viewer@pekalongan.dekranasda.id")
    expect(page.get_by_role("link", name="Administrasi")).to_have_count(0)
    response = page.goto(f"{console.url}/admin")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="Anda tidak berwenang")).to_be_visible()


def test_the_month_view_shows_a_scheduled_event(
    console: RunningConsole, browser: Browser, scheduled: dict[str, str], tmp_path: Path
) -> None:
    event = scheduled
    starts = datetime.fromisoformat(event["starts_at"]).astimezone(ZoneInfo("Asia/Jakarta"))
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/agenda")
    page.get_by_role("link", name="Bulan", exact=True).click()
    page.goto(f"{console.url}/agenda/bulan?bulan={starts:%Y-%m}")
    cell = page.locator("table.month td", has=page.get_by_role("link", name=event["title"]))
    expect(cell.locator(".date").first).to_have_text(str(starts.day))
    _shot(page, tmp_path, "17-agenda-bulan")


def test_a_subscription_link_returns_the_calendar(
    console: RunningConsole, browser: Browser, scheduled: dict[str, str]
) -> None:
    event = scheduled
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/agenda/bulan")
    page.get_by_role("link", name="Langganan kalender").click()
    page.get_by_role("button", name="Buat tautan langganan").click()
    url = page.get_by_label("Alamat untuk ditempel (https)").input_value()
    expect(page.get_by_role("link", name="Buka di aplikasi kalender")).to_have_attribute(
        "href", "webcal://" + url.split("://", 1)[1]
    )
    feed = httpx.get(url, timeout=15)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    assert event["title"] in feed.text.replace("\r\n ", "")


def test_a_secretariat_reschedules_drops_a_registration_and_calls_an_event_off(
    console: RunningConsole, browser: Browser
) -> None:
    starts = datetime.now(ZoneInfo("Asia/Jakarta")).replace(hour=9, minute=0) + timedelta(days=12)
    body = {"council": "17", "type": "training", "title": f"Pelatihan Uji {uuid.uuid4().hex[:4]}"}
    body |= {"starts_at": starts.isoformat(), "ends_at": (starts + timedelta(hours=2)).isoformat()}
    events, writer = console.platform.urls["events"], token("17", "secretariat")
    event = httpx.post(f"{events}/events", json=body, headers=writer, timeout=15).json()
    member = console.api("membership", "/members", "17", council="17", size=1)["items"][0]
    registration = {"member_id": member["id"]}
    url = f"{events}/events/{event['id']}/registrations"
    assert httpx.post(url, json=registration, headers=writer, timeout=15).status_code == 201
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/agenda/{event['id']}")
    page.get_by_role("link", name="Ubah atau batalkan").click()
    page.get_by_label("Tempat").fill("Balai Uji")
    page.get_by_role("button", name="Simpan waktu baru").click()
    expect(page.locator("main")).to_contain_text("Balai Uji")
    page.get_by_role("link", name="Ubah atau batalkan").click()
    expect(page.locator("#registrations")).to_contain_text(member["name"])
    page.get_by_role("button", name="Batalkan pendaftaran").click()
    expect(page.locator("#registrations")).not_to_contain_text(member["name"])
    page.get_by_role("button", name="Batalkan kegiatan").click()
    expect(page.locator("main")).to_contain_text("Dibatalkan")


def test_a_programs_assisted_businesses_evaluations_and_a_kpi_by_hand(
    console: RunningConsole, browser: Browser
) -> None:
    programs = console.api("programs", "/programs", status="in_progress", size=100)["items"]
    program = next(p for p in programs if any(k["measure"] == "manual" for k in p["kpis"]))
    kpi = next(k for k in program["kpis"] if k["measure"] == "manual")
    path = f"/programs/{program['id']}"
    enrolled = console.api("programs", f"{path}/beneficiaries")["items"]
    evaluations = console.api("programs", f"{path}/evaluations")["items"]
    email = {"17": "sekretariat@bengkulu", "33.75": "sekretariat@pekalongan"}[program["council"]]
    page = open_page(browser, PHONE)
    sign_in(page, console.url, f"{email}.dekranasda.id")
    page.goto(f"{console.url}/program/{program['id']}")
    page.get_by_role("link", name="UKM binaan dan monev").click()
    for b in enrolled:
        expect(page.locator("#enrolled")).to_contain_text(b["member_name"])
    expect(page.locator("#evaluations li")).to_have_count(max(len(evaluations), 1))
    target = str(int(kpi["target"]))
    page.locator(f"#f-kpi-{kpi['key']}").fill(target)
    page.get_by_role("button", name="Simpan capaian").first.click()
    expect(page.locator(f"#f-kpi-{kpi['key']}")).to_have_value(target)
    found = console.api("programs", path)
    assert next(k for k in found["kpis"] if k["key"] == kpi["key"])["actual"] == kpi["target"]


def test_an_inauguration_event_covers_a_draft_term_chosen_by_name(
    console: RunningConsole, browser: Browser
) -> None:
    year = 2040 + uuid.uuid4().int % 50 * 5  # a period no other test's term overlaps
    body = {"council": "17", "period_start": f"{year}-01-01", "period_end": f"{year + 5}-01-01"}
    url = f"{console.platform.urls['membership']}/terms"
    r = httpx.post(url, json=body, headers=token("17", "secretariat"), timeout=15)
    assert r.status_code == 201, r.text
    term = r.json()
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/pengurus/{term['id']}")
    page.get_by_role("link", name="Kukuhkan melalui kegiatan").click()
    choice = page.get_by_role("checkbox", name=f"Bengkulu · 1 Jan {year}", exact=False)
    expect(choice).to_be_checked()
    for _ in range(20):  # the events service learns of the draft term from its topic
        page.get_by_role("button", name="Jadwalkan pengukuhan ini").click()
        if page.get_by_role("heading", name="Pengukuhan pengurus").is_visible():
            break
        page.wait_for_timeout(1000)
    expect(page.get_by_role("heading", name="Pengukuhan pengurus")).to_be_visible()
    event_id = page.url.rsplit("/", 1)[-1]
    assert console.api("events", f"/events/{event_id}", "17")["term_ids"] == [term["id"]]


def test_a_draft_program_is_edited(console: RunningConsole, browser: Browser) -> None:
    term = console.api("membership", "/terms", "17", council="17", status="inaugurated")["items"][0]
    body = {"council": "17", "term_id": term["id"], "title": "Draf Uji", "category": "training"}
    url = f"{console.platform.urls['programs']}/programs"
    r = httpx.post(url, json=body, headers=token("17", "secretariat"), timeout=15)
    assert r.status_code == 201, r.text
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/program/{r.json()['id']}")
    page.get_by_role("link", name="Ubah program").click()
    title = f"Pelatihan Pewarna Alami {uuid.uuid4().hex[:4]}"
    page.get_by_label("Judul").fill(title)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_an_admin_edits_a_councils_bidang(console: RunningConsole, browser: Browser) -> None:
    below = console.api("membership", "/councils", "17", parent="17")["items"]
    code = below[0]["code"] if below else "17"
    bidang = f"Bidang Uji {uuid.uuid4().hex[:4]}"
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "admin@bengkulu.dekranasda.id")
    page.goto(f"{console.url}/admin/dewan/{code}")
    field = page.get_by_label("Bidang, satu per baris")
    field.fill(f"{field.input_value()}\n{bidang}".strip())
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_label("Bidang, satu per baris")).to_contain_text(bidang)
    assert bidang in console.api("membership", f"/councils/{code}", "17")["bidang"]
