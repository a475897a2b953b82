"""HTTP schemas of work programs: the plan as sent (`plan`), the program as shown (`program`)."""

from .plan import BudgetLineIn, KpiIn, ProgramCreate, ProgramUpdate
from .program import Cancellation, Completion, KpiPointPublic, KpiPublic, ProgramPublic, Progress

__all__ = [
    "BudgetLineIn",
    "Cancellation",
    "Completion",
    "KpiIn",
    "KpiPointPublic",
    "KpiPublic",
    "ProgramCreate",
    "ProgramPublic",
    "ProgramUpdate",
    "Progress",
]
