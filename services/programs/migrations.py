"""Migrations of programs' stored documents (see `shared.migrations`)."""

from datetime import datetime

from shared.clock import utc_now
from shared.migrations import Migration
from shared.persistence import Document

from .repository import MEMBER_VIEWS, TERM_VIEWS


def _kpi_history(doc: Document) -> Document:
    """Version 2: a KPI with an actual but no history gets one point, at the last save.

    The last save is the program's `updated_at`; a program never saved after its creation has
    no stored time at all, and its point is dated at the migration.
    """
    at: datetime = doc.get("updated_at") or utc_now()
    kpis = [
        {**kpi, "history": [{"at": at, "actual": kpi["actual"]}]}
        if kpi.get("actual", 0) > 0 and not kpi.get("history")
        else kpi
        for kpi in doc.get("kpis", [])
    ]
    return {"kpis": kpis}


MIGRATIONS = [
    Migration("programs", 2, _kpi_history, "a KPI's actual starts its history"),
]

# The read models took the collection names events gives them (moved at start).
MOVES = {"members": MEMBER_VIEWS, "terms": TERM_VIEWS}
