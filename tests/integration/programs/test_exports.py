"""Programs exports on the real stack: the work plan and the monev, as the API shows them."""

import csv
import io
from datetime import date
from typing import Any

import openpyxl
import pytest

from tests.conftest import token
from tests.integration.programs.harness import ProgramsService, act, draft, running_program

CITY = "33.75"
pytestmark = pytest.mark.timeout(900)


def _sheet(content: bytes, title: str) -> list[dict[str, Any]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    header, *rows = [list(r) for r in book[title].iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


async def test_the_work_plan_workbook_matches_the_work_plan(programs: ProgramsService) -> None:
    term_id = await programs.feed.inaugurate(CITY, date(2021, 10, 26), date(2026, 10, 25))
    kpi = {"key": "ukm_go_digital", "name": "UKM go digital", "unit": "UKM", "target": 40}
    first = await draft(programs.http, CITY, term_id, title="Pelatihan foto produk")
    second = await draft(
        programs.http,
        CITY,
        term_id,
        title="Pameran batik pesisir",
        category="exhibition",
        kpis=[{**kpi, "measure": "manual"}],
        budget=[
            {"source": "APBD", "amount": 30_000_000},
            {"source": "CSR", "amount": 20_000_000, "note": "Bank Jateng"},
        ],
    )
    for program in (first, second):
        await act(programs, program, "approve")
    r = await programs.http.get(f"/workplans/{term_id}/export", headers=token(CITY, "viewer"))
    assert r.status_code == 200, r.text
    plan = (await programs.http.get(f"/workplans/{term_id}", headers=token(CITY))).json()

    rows = _sheet(r.content, "Program")
    assert [row["program_id"] for row in rows] == [p["program_id"] for p in plan["programs"]]
    for row, program in zip(rows, plan["programs"], strict=True):
        assert (row["title"], row["status"]) == (program["title"], program["status"])
        assert row["budget_total"] == program["budget_total"]
    pameran = next(row for row in rows if row["title"] == "Pameran batik pesisir")
    assert (pameran["budget_APBD"], pameran["budget_CSR"], pameran["budget_APBN"]) == (
        30_000_000,
        20_000_000,
        0,
    )
    kpis = _sheet(r.content, "KPI")
    expected = [
        (p["program_id"], k["key"], k["target"], k["actual"])
        for p in plan["programs"]
        for k in p["kpis"]
    ]
    assert [(k["program_id"], k["key"], k["target"], k["actual"]) for k in kpis] == expected
    budget = {row["source"]: row for row in _sheet(r.content, "Anggaran")}
    for source, amount in plan["budget_by_source"].items():
        assert budget[source]["amount"] == amount
    assert budget["APBD share"]["share"] == pytest.approx(plan["apbd_share"])
    assert budget["total"]["amount"] == plan["budget_total"] == 100_000_000

    hidden = await programs.http.get(f"/workplans/{term_id}/export", headers=token("17"))
    assert hidden.status_code == 404


async def test_the_monev_export_matches_the_programs_evaluations(programs: ProgramsService) -> None:
    program = await running_program(programs, CITY, category="monev")
    businesses = [
        await programs.feed.member(CITY, name) for name in ("Tenun Ikat Sari", "Batik Ölé")
    ]
    for i, business in enumerate(businesses):
        body = {"member_id": business, "enrolled_on": "2021-11-01"}
        r = await programs.http.post(
            f"/programs/{program['id']}/beneficiaries", json=body, headers=token(CITY)
        )
        assert r.status_code == 201, r.text
        visit = {
            "program_id": program["id"],
            "member_id": business,
            "evaluated_on": "2022-06-01",
            "score": 3 + i,
            "indicators": {"monthly_revenue": 10_000_000 * (i + 1), "marketplaces": ["shopee"]},
        }
        r = await programs.http.post("/evaluations", json=visit, headers=token(CITY))
        assert r.status_code == 201, r.text
    r = await programs.http.get(
        f"/programs/{program['id']}/evaluations/export", headers=token(CITY, "viewer")
    )
    assert r.status_code == 200, r.text
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    listed = await programs.http.get(f"/programs/{program['id']}/evaluations", headers=token(CITY))
    by_id = {e["id"]: e for e in listed.json()["items"]}
    assert sorted(by_id) == [row["evaluation_id"] for row in rows]
    for row in rows:
        shown = by_id[row["evaluation_id"]]
        assert (row["member_id"], row["member_name"]) == (shown["member_id"], shown["member_name"])
        assert int(row["score"]) == shown["score"] and row["evaluated_on"] == shown["evaluated_on"]
        assert int(row["monthly_revenue"]) == shown["indicators"]["monthly_revenue"]
        assert row["marketplaces"] == "shopee"
    log = (await programs.http.get("/exports", headers=token(CITY, "admin"))).json()["items"]
    assert any(e["what"] == "monev" and e["rows"] == 2 for e in log)
