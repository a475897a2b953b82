"""Exports of programs: a term's work plan (XLSX) and the monev of a program's businesses."""

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Depends, Query
from fastapi.responses import StreamingResponse

from shared.auth import CallerDep
from shared.exports import (
    BATCH,
    FILE_RESPONSES,
    Counter,
    ExportLogDep,
    FormatQuery,
    Row,
    exports_router,
    file_response,
    paged,
    recorded,
    stream_rows,
    xlsx_bytes,
)
from shared.persistence import Document
from shared.problem_docs import api_router
from shared.problems import unit_of_work

from . import handlers
from .domain import Program
from .handlers import Planning
from .values import FUNDING_SOURCES
from .workplan.domain import WorkPlanSummary

UowDep = Annotated[Planning, Depends(unit_of_work)]
PROGRAM_HEADER = (
    *("program_id", "title", "bidang", "category", "status", "planned_start", "planned_end"),
    *(f"budget_{source}" for source in FUNDING_SOURCES),
    *("budget_total", "kpi_progress"),
)
KPI_HEADER = (
    "program_id",
    "program",
    "key",
    "name",
    "unit",
    "measure",
    "target",
    "actual",
    "ratio",
)
BUDGET_HEADER = ("source", "amount", "share")
MONEV_HEADER = (
    "evaluation_id",
    "member_id",
    "member_name",
    "evaluated_on",
    "score",
    "monthly_revenue",
    "employees",
    "digital_channels",
    "certifications",
    "marketplaces",
    "notes",
    "withdrawn_at",
)
LISTS = ("digital_channels", "certifications", "marketplaces")
router = api_router()
router.include_router(exports_router("exports"))


async def _each(rows: list[Row]) -> AsyncIterator[Row]:
    for row in rows:
        yield row


def program_rows(summary: WorkPlanSummary, programs: dict[str, Program]) -> list[Row]:
    """One row per program of the plan: dates, budget per source, total, KPI progress."""
    rows: list[Row] = []
    for item in summary.programs:
        program = programs[item.program_id]
        per_source = dict.fromkeys(FUNDING_SOURCES, 0)
        for line in program.budget:
            per_source[line.source] += line.amount
        dates = (program.planned_start, program.planned_end)
        rows.append(
            [item.program_id, item.title, item.bidang, item.category, item.status]
            + [d.isoformat() if d else None for d in dates]
            + [per_source[s] for s in FUNDING_SOURCES]
            + [item.budget_total, item.progress]
        )
    return rows


def kpi_rows(summary: WorkPlanSummary) -> list[Row]:
    """One row per KPI: its target, actual and ratio."""
    return [
        [p.program_id, p.title, k.key, k.name, k.unit, k.measure, k.target, k.actual, k.ratio]
        for p in summary.programs
        for k in p.kpis
    ]


def budget_rows(summary: WorkPlanSummary) -> list[Row]:
    """The budget per source (cancelled programs left out), the total and the APBD share."""
    total = summary.budget_total
    rows: list[Row] = [
        [source, amount, amount / total if total else None]
        for source, amount in summary.budget_by_source.items()
    ]
    rows.append(["total", total, 1.0 if total else None])
    rows.append(["APBD share", summary.apbd_total, summary.apbd_share])
    return rows


@router.get(
    "/workplans/{term_id}/export",
    tags=["work plans"],
    response_class=StreamingResponse,
    responses=FILE_RESPONSES,
)
async def export_work_plan(
    term_id: str,
    caller: CallerDep,
    uow: UowDep,
    log: ExportLogDep,
    format: Annotated[Literal["xlsx"], Query(description="xlsx")] = "xlsx",
) -> StreamingResponse:
    """The work plan of a term as a workbook: programs, KPIs, budget per source and APBD share."""
    summary = await handlers.work_plan(uow, caller=caller, term_id=term_id)
    programs = {p.id: p for p in await uow.programs.of_term(term_id)}
    sheets = [
        ("Program", PROGRAM_HEADER, program_rows(summary, programs)),
        ("KPI", KPI_HEADER, kpi_rows(summary)),
        ("Anggaran", BUDGET_HEADER, budget_rows(summary)),
    ]
    export_id = await log.start(
        caller,
        council=summary.council,
        what="work plan",
        format=format,
        filters={"term_id": term_id},
    )
    counter = Counter()
    body = xlsx_bytes([(title, head, counter.count(_each(rows))) for title, head, rows in sheets])
    name = f"rencana-kerja-{summary.council}-{term_id}"
    return file_response(recorded(body, log, export_id, counter), format=format, name=name)


async def monev_rows(uow: Planning, program_id: str) -> AsyncIterator[Row]:
    """The program's evaluations in `_id` order, names looked up a page at a time."""
    page: list[Document] = []
    async for doc in paged(uow.evaluations.collection, {"program_id": program_id}):
        page.append(doc)
        if len(page) == BATCH:
            for row in await _named(uow, page):
                yield row
            page = []
    for row in await _named(uow, page):
        yield row


async def _named(uow: Planning, docs: list[Document]) -> list[Row]:
    names = await uow.members.names(sorted({d["member_id"] for d in docs}))
    rows: list[Row] = []
    for d in docs:
        found = d.get("indicators") or {}
        lists = [", ".join(found.get(k) or []) for k in LISTS]
        rows.append(
            [
                *(d["_id"], d["member_id"], names.get(d["member_id"]), str(d["evaluated_on"])[:10]),
                *(d.get("score"), found.get("monthly_revenue"), found.get("employees"), *lists),
                *(d.get("notes"), d.get("withdrawn_at")),
            ]
        )
    return rows


@router.get(
    "/programs/{program_id}/evaluations/export",
    tags=["monev"],
    response_class=StreamingResponse,
    responses=FILE_RESPONSES,
)
async def export_monev(
    program_id: str, caller: CallerDep, uow: UowDep, log: ExportLogDep, format: FormatQuery = "csv"
) -> StreamingResponse:
    """The monev of a program's businesses (every evaluation); the export is recorded."""
    program = await handlers.get_program(uow, caller=caller, program_id=program_id)
    export_id = await log.start(
        caller,
        council=program.council,
        what="monev",
        format=format,
        filters={"program_id": program_id},
    )
    counter = Counter()
    rows = counter.count(monev_rows(uow, program.id))
    body = stream_rows(format, title="Monev", header=MONEV_HEADER, rows=rows)
    name = f"monev-{program.council}-{program.id}"
    return file_response(recorded(body, log, export_id, counter), format=format, name=name)
