"""The events a program publishes: its plan on approval, its final actuals on completion."""

from typing import TYPE_CHECKING

from shared.contracts.events import ProgramApproved, ProgramCompleted

if TYPE_CHECKING:
    from .program import Program


def approved_event(program: "Program") -> ProgramApproved:
    """`program.approved`: the plan as approved."""
    return ProgramApproved(
        council=program.council,
        program_id=program.id,
        term_id=program.term_id,
        bidang=program.bidang,
        title=program.title,
        category=program.category,
        planned_start=program.planned_start,
        planned_end=program.planned_end,
        kpis=[kpi.to_contract() for kpi in program.kpis],
        budget=[line.to_contract() for line in program.budget],
    )


def completed_event(program: "Program") -> ProgramCompleted:
    """`program.completed`: the final actuals of a completed program."""
    assert program.completed_at is not None
    return ProgramCompleted(
        council=program.council,
        program_id=program.id,
        term_id=program.term_id,
        completed_at=program.completed_at,
        kpis=[kpi.to_contract() for kpi in program.kpis],
    )
