"""Use cases of work plans: open one per inaugurated term, summarise it, export it."""

from collections.abc import Sequence

from shared.aggregate import Conflict
from shared.auth import Caller
from shared.contracts import TermInaugurated
from shared.messaging import Delivery
from shared.regions import covers

from ..domain import Program
from ..ports import Planning
from . import domain
from .domain import WorkPlan
from .summary import WorkPlanSummary, summarise


async def _plan(uow: Planning, caller: Caller, term_id: str) -> WorkPlan:
    found = await uow.work_plans.get(term_id)
    return caller.scoped(found, f"work plan of term {term_id} (is it inaugurated?)")


async def work_plan(uow: Planning, *, caller: Caller, term_id: str) -> WorkPlanSummary:
    """The summary of a term's work plan: programs, budget per source, KPI progress."""
    plan = await _plan(uow, caller, term_id)
    return summarise(plan=plan, programs=await uow.programs.of_term(term_id))


async def work_plan_export(
    uow: Planning, *, caller: Caller, term_id: str
) -> tuple[WorkPlanSummary, dict[str, Program]]:
    """A term's work plan summary and its programs by id, for the workbook."""
    plan = await _plan(uow, caller, term_id)
    programs = await uow.programs.of_term(term_id)
    return summarise(plan=plan, programs=programs), {p.id: p for p in programs}


async def open_work_plan(uow: Planning, *, inaugurated: TermInaugurated) -> bool:
    """Open the inaugurated term's work plan once; True only when it was opened now."""
    if not covers(uow.deployment_region, inaugurated.council):
        return False  # another deployment keeps this council's plans
    existing = await uow.work_plans.get(inaugurated.term_id)
    plan, opened = domain.open_work_plan(inaugurated=inaugurated, existing=existing)
    if not opened:
        return False
    try:
        await uow.work_plans.add(plan)
    except Conflict:
        return False  # opened meanwhile (its id is the term's)
    return True


async def keep_terms(uow: Planning, *, batch: Sequence[Delivery]) -> None:
    """Keep the terms a batch describes, and open the work plan of each inaugurated one."""
    await uow.terms.apply(batch)
    for delivery in batch:
        if isinstance(delivery.event, TermInaugurated):
            await open_work_plan(uow, inaugurated=delivery.event)
