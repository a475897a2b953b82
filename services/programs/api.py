"""HTTP routes of work programs and work plans: parse, call one use case, answer."""

from typing import Annotated

from fastapi import Query, status

from shared.auth import CallerDep
from shared.contracts.events import ProgramCategory
from shared.pagination import Page, PageDep, page_of
from shared.problems import api_router

from . import exports, handlers
from .deps import UowDep
from .domain import ProgramStatus
from .ports import ProgramQuery
from .schemas import Cancellation, Completion, ProgramCreate, ProgramPublic, ProgramUpdate, Progress
from .workplan import handlers as workplan
from .workplan.schemas import WorkPlanPublic

router = api_router()
router.include_router(exports.router)


@router.post("/programs", status_code=status.HTTP_201_CREATED, tags=["programs"])
async def create_program(body: ProgramCreate, caller: CallerDep, uow: UowDep) -> ProgramPublic:
    """Draft a work program (program kerja) of a council's term."""
    program = await handlers.create_program(
        uow, caller=caller, council=body.council, term_id=body.term_id, plan=body.plan()
    )
    return ProgramPublic.of(program)


@router.get("/programs", tags=["programs"])
async def list_programs(
    caller: CallerDep,
    uow: UowDep,
    page: PageDep,
    council: Annotated[str | None, Query(max_length=20, description="Council code")] = None,
    term_id: Annotated[
        str | None, Query(max_length=100, description="Term (kepengurusan) id")
    ] = None,
    status: ProgramStatus | None = None,
    category: ProgramCategory | None = None,
) -> Page[ProgramPublic]:
    """Programs within the caller's scope, by planned start."""
    query = ProgramQuery(
        scope=caller.region, council=council, term_id=term_id, status=status, category=category
    )
    programs, total = await handlers.list_programs(
        uow, caller=caller, query=query, skip=page.skip, limit=page.size
    )
    return page_of(page, [ProgramPublic.of(p) for p in programs], total)


@router.get("/programs/{program_id}", tags=["programs"])
async def get_program(program_id: str, caller: CallerDep, uow: UowDep) -> ProgramPublic:
    """One program."""
    return ProgramPublic.of(await handlers.get_program(uow, caller=caller, program_id=program_id))


@router.patch("/programs/{program_id}", tags=["programs"])
async def edit_program(
    program_id: str, body: ProgramUpdate, caller: CallerDep, uow: UowDep
) -> ProgramPublic:
    """Change a draft's plan (title, bidang, category, dates, KPIs, budget)."""
    program = await handlers.edit_program(
        uow, caller=caller, program_id=program_id, changes=body.changes()
    )
    return ProgramPublic.of(program)


@router.post("/programs/{program_id}/approve", tags=["programs"])
async def approve_program(program_id: str, caller: CallerDep, uow: UowDep) -> ProgramPublic:
    """Approve a draft with a KPI under its inaugurated term; publishes `program.approved`.

    The planned dates must lie within the term's period (422 otherwise).
    """
    program = await handlers.approve_program(uow, caller=caller, program_id=program_id)
    return ProgramPublic.of(program)


@router.post("/programs/{program_id}/start", tags=["programs"])
async def start_program(program_id: str, caller: CallerDep, uow: UowDep) -> ProgramPublic:
    """Mark an approved program as under way."""
    program = await handlers.start_program(uow, caller=caller, program_id=program_id)
    return ProgramPublic.of(program)


@router.post("/programs/{program_id}/complete", tags=["programs"])
async def complete_program(
    program_id: str, caller: CallerDep, uow: UowDep, body: Completion | None = None
) -> ProgramPublic:
    """Close a running program with its final actuals; publishes `program.completed`."""
    finals = body.final_actuals if body else {}
    program = await handlers.complete_program(
        uow, caller=caller, program_id=program_id, final_actuals=finals
    )
    return ProgramPublic.of(program)


@router.post("/programs/{program_id}/cancel", tags=["programs"])
async def cancel_program(
    program_id: str, caller: CallerDep, uow: UowDep, body: Cancellation | None = None
) -> ProgramPublic:
    """Cancel a program that has not been completed."""
    reason = body.reason if body else None
    program = await handlers.cancel_program(
        uow, caller=caller, program_id=program_id, reason=reason
    )
    return ProgramPublic.of(program)


@router.post("/programs/{program_id}/kpis/{key}/progress", tags=["programs"])
async def record_progress(
    program_id: str, key: str, body: Progress, caller: CallerDep, uow: UowDep
) -> ProgramPublic:
    """Add an amount to a KPI's actual, or set the actual, while the program runs."""
    program = await handlers.record_progress(
        uow,
        caller=caller,
        program_id=program_id,
        key=key,
        amount=body.amount,
        actual=body.actual,
    )
    return ProgramPublic.of(program)


@router.get("/workplans/{term_id}", tags=["work plans"])
async def get_work_plan(term_id: str, caller: CallerDep, uow: UowDep) -> WorkPlanPublic:
    """A term's work plan: programs by bidang and status, budget per source, KPI progress."""
    summary = await workplan.work_plan(uow, caller=caller, term_id=term_id)
    return WorkPlanPublic.model_validate(summary)
