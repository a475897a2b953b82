"""Program kerja: the list, the form with KPIs and budget lines, the actions, the work plan."""

import asyncio
import re
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import required, rupiah_amount
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import active_term, or_refusal, progress

router = APIRouter()
ROWS = 3
ACTIONS = ("approve", "start", "complete", "cancel")


@router.get("/program")
async def programs(page: PageDep) -> Response:
    """The council's programs with their KPI progress."""
    found, term = await asyncio.gather(
        page.api.items("programs", "/programs", council=page.session.council),
        active_term(page.api, page.session.council),
    )
    return page.render("programs.html", programs=[(p, progress(p)) for p in found], term=term)


def _key(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:36] or "kpi"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _plan(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The API body from the form, and what is wrong with it by field."""
    errors = required(form, "title", "category", "term_id")
    kpis: list[dict[str, Any]] = []
    budget: list[dict[str, Any]] = []
    for i in range(ROWS):
        name, target = form.get(f"kpi_name_{i}", ""), form.get(f"kpi_target_{i}", "")
        if name or target:
            value = rupiah_amount(target)
            if not name or value is None:
                errors[f"kpi_{i}"] = _("A KPI needs a name and a target number.")
                continue
            unit = form.get(f"kpi_unit_{i}") or _("units")
            key = _key(name, {k["key"] for k in kpis})
            measure = form.get(f"kpi_measure_{i}") or "manual"
            kpis.append(
                {"key": key, "name": name, "unit": unit, "target": value, "measure": measure}
            )
        amount = form.get(f"budget_amount_{i}", "")
        if amount:
            value = rupiah_amount(amount)
            if value is None:
                errors[f"budget_{i}"] = _("Write an amount in rupiah, e.g. 25.000.000.")
                continue
            line = {"source": form.get(f"budget_source_{i}", "APBD"), "amount": value}
            budget.append(line | {"note": form.get(f"budget_note_{i}") or None})
    body = {
        "council": form.get("council", ""),
        "term_id": form.get("term_id", ""),
        "title": form.get("title", ""),
        "category": form.get("category", ""),
        "bidang": form.get("bidang") or None,
        "planned_start": form.get("planned_start") or None,
        "planned_end": form.get("planned_end") or None,
        "kpis": kpis,
        "budget": budget,
    }
    return body, errors


async def _form(
    page: Page, form: dict[str, str], errors: dict[str, str], status: int = 200
) -> Response:
    council = page.session.council
    terms, found = await asyncio.gather(
        page.api.items("membership", "/terms", council=council),
        page.api.get("membership", f"/councils/{council}"),
    )
    return page.render(
        "program_form.html",
        status,
        form=form,
        errors=errors,
        terms=[t for t in terms if t["status"] != "ended"] or terms,
        council_bidang=found.get("bidang", []),
        rows=range(ROWS),
    )


@router.get("/program/baru")
async def new_program(page: PageDep) -> Response:
    """The program form: KPIs and budget lines (APBD, CSR, ...)."""
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    term = await active_term(page.api, page.session.council)
    form = {"term_id": term["id"] if term else "", "category": "training"}
    form |= {
        "kpi_measure_0": "attendance",
        "budget_source_0": "APBD",
        "budget_source_1": "CSR",
        "budget_source_2": "sponsor",
    }
    return await _form(page, form, {})


@router.post("/program/baru")
async def create(page: PageDep) -> Response:
    """Draft the program."""
    form = await page.form()
    body, errors = _plan({**form, "council": page.session.council})
    if not errors:
        created = await or_refusal(page.api.post("programs", "/programs", body))
        if not isinstance(created, ApiError):
            return page.redirect(f"/program/{created['id']}")
        errors = created.field_errors() or {"title": created.detail}
    return await _form(page, form, errors, 422)


@router.get("/program/{program_id}")
async def program(page: PageDep, program_id: str, galat: str = "") -> Response:
    """A program: KPIs against target, budget per source, its events, the actions allowed."""
    found, events = await asyncio.gather(
        page.api.get("programs", f"/programs/{program_id}"),
        page.api.items("events", "/events"),
    )
    mine = [e for e in events if e.get("program_id") == program_id]
    return page.render("program.html", program=found, events=mine, error=galat)


@router.post("/program/{program_id}/{action}")
async def act(page: PageDep, program_id: str, action: str) -> Response:
    """Approve, start, complete or cancel."""
    await page.form()
    if action not in ACTIONS:
        raise ApiError(404, "no such action")
    done = await or_refusal(page.api.post("programs", f"/programs/{program_id}/{action}", None))
    if isinstance(done, ApiError):
        return await program(page, program_id, galat=done.detail)
    return page.redirect(f"/program/{program_id}")


@router.get("/rencana/{term_id}")
async def work_plan(page: PageDep, term_id: str) -> Response:
    """A term's work plan: programs by bidang, budget per source, KPI progress."""
    plan = await page.api.get("programs", f"/workplans/{term_id}")
    titles = {p["program_id"]: p for p in plan["programs"]}
    return page.render("workplan.html", plan=plan, titles=titles)
