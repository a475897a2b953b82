"""The programs domain: work programs, their KPIs and budget (pure: no storage, no HTTP).

`program` holds the aggregate and its lifecycle, `planning` drafting, `progress` KPI actuals
recorded by hand or counted from attendance, `kpis` and `values` the value types and checks,
`published` the events. Monev and the work plan are sub-domains with packages of their own.
"""

from .kpis import HISTORY_LIMIT, KPI_MEASURES, Kpi, KpiMeasure, KpiPoint, implied_measure
from .planning import create_program
from .program import PROGRAM_STATUSES, RUNNING, Program, ProgramStatus
from .progress import count_attendance, record_progress
from .values import FUNDING_SOURCES, Amendment, BudgetLine, FundingSource

__all__ = [
    "FUNDING_SOURCES",
    "HISTORY_LIMIT",
    "KPI_MEASURES",
    "PROGRAM_STATUSES",
    "RUNNING",
    "Amendment",
    "BudgetLine",
    "FundingSource",
    "Kpi",
    "KpiMeasure",
    "KpiPoint",
    "Program",
    "ProgramStatus",
    "count_attendance",
    "create_program",
    "implied_measure",
    "record_progress",
]
