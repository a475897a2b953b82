"""Server-drawn charts: member counts on the dashboard, a program's KPI over time and budget."""

import re

import httpx
from playwright.sync_api import Browser, Locator, expect

from tests.conftest import token
from tests.e2e.console.conftest import PHONE, RunningConsole, open_page, sign_in

COUNCIL = "33.75"
SCALES = ("mikro", "kecil", "menengah")
CATEGORIES = ("batik", "tenun", "anyaman", "kayu", "gerabah_keramik", "logam", "perhiasan")
CATEGORIES += ("bambu_rotan", "other")


def _shown(figure: Locator) -> dict[str, int]:
    """Each bar's code and the number written beside it (digits only: Rp 4.000.000 is 4000000)."""
    bars = figure.locator("g.bar")
    return {
        str(bars.nth(i).get_attribute("data-key")): int(
            re.sub(r"\D", "", bars.nth(i).locator("text.value").text_content() or "")
        )
        for i in range(bars.count())
    }


def test_dashboard_bars_carry_the_member_counts_of_the_api(
    console: RunningConsole, browser: Browser
) -> None:
    def total(**facet: str) -> int:
        return int(console.api("membership", "/members", COUNCIL, size=1, **facet)["total"])

    scales = {s: total(scale=s) for s in SCALES}
    categories = {c: n for c in CATEGORIES if (n := total(category=c))}
    assert scales["mikro"] and categories, "the demo has micro businesses and crafts"
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@pekalongan.dekranasda.id")
    by_scale = page.locator("figure.bars").filter(has_text="Menurut skala")
    by_craft = page.locator("figure.bars").filter(has_text="Menurut kriya")
    expect(by_scale.locator("g.bar")).to_have_count(len(SCALES))
    assert _shown(by_scale) == scales
    assert _shown(by_craft) == categories
    by_scale.locator('a[href="/anggota?scale=mikro"]').click()
    expect(page.get_by_text(f"{scales['mikro']} anggota", exact=True)).to_be_visible()


def _program_with_two_changes(console: RunningConsole) -> str:
    """A running program whose KPI was recorded twice (5, then 12 of 40), with two budget lines."""
    term = console.api("membership", "/terms", COUNCIL, council=COUNCIL, status="inaugurated")
    body = {
        "council": COUNCIL,
        "term_id": term["items"][0]["id"],
        "title": "Pendampingan pemasaran daring batik",
        "category": "digitalisation",
        "kpis": [{"key": "buyers", "name": "Pembeli baru", "unit": "orang", "target": 40}],
        "budget": [
            {"source": "APBD", "amount": 10_000_000},
            {"source": "CSR", "amount": 4_000_000},
        ],
    }
    with httpx.Client(base_url=console.platform.urls["programs"], timeout=15) as client:
        client.headers.update(token(COUNCIL, "secretariat"))
        created = client.post("/programs", json=body)
        assert created.status_code == 201, created.text
        path = f"/programs/{created.json()['id']}"
        for step in ("approve", "start"):
            assert client.post(f"{path}/{step}").status_code == 200
        for actual in (5, 12):
            r = client.post(f"{path}/kpis/buyers/progress", json={"actual": actual})
            assert r.status_code == 200, r.text
    return str(created.json()["id"])


def test_a_program_shows_its_kpi_over_time_and_its_budget_per_source(
    console: RunningConsole, browser: Browser
) -> None:
    program_id = _program_with_two_changes(console)
    found = console.api("programs", f"/programs/{program_id}", COUNCIL)
    assert [p["actual"] for p in found["kpis"][0]["history"]] == [5, 12]
    page = open_page(browser, PHONE)
    sign_in(page, console.url, "sekretariat@pekalongan.dekranasda.id")
    page.goto(f"{console.url}/program/{program_id}")
    chart = page.locator("#kpi-buyers figure.steps")
    expect(chart.locator("circle")).to_have_count(2)
    expect(chart).to_contain_text("Target 40")
    expect(chart.locator("circle title").last).to_have_text(re.compile(r": 12 orang$"))
    budget = page.locator("figure.bars").filter(has_text="Anggaran per sumber")
    assert _shown(budget) == {"APBD": 10_000_000, "CSR": 4_000_000}
