"""Exports of programs: a term's work plan (XLSX); the monev export is in `monev/exports`."""

from collections.abc import AsyncIterator
from typing import Annotated, Literal

from fastapi import Query
from fastapi.responses import StreamingResponse

from shared.auth import CallerDep
from shared.export_log import Counter, ExportLogDep, exports_router, recorded
from shared.exports import FILE_RESPONSES, Row, file_response, xlsx_bytes
from shared.problem_docs import api_router

from .deps import UowDep
from .domain import FUNDING_SOURCES, Program
from .monev import exports as monev_exports
from .workplan import handlers as workplan
from .workplan.summary import WorkPlanSummary

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
    summary, programs = await workplan.work_plan_export(uow, caller=caller, term_id=term_id)
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


router.include_router(monev_exports.router)
