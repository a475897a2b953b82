"""MongoDB documents <-> programs and work plans. Stored dates are ISO text, parsed back here."""

from datetime import date

from pymongo import ASCENDING, IndexModel

from shared.documents import fields_of, to_document
from shared.persistence import Document
from shared.regions import scope_filter
from shared.repository import Aggregates
from shared.store import AggregateStore

from .domain import BudgetLine, Kpi, KpiPoint, Program, implied_measure
from .ports import ProgramQuery
from .workplan.domain import WorkPlan

# Every collection whose aggregates record events: the relay publishes from these.
OUTBOX_COLLECTIONS = ["programs", "beneficiaries", "evaluations"]
MEMBER_VIEWS, TERM_VIEWS = "member_views", "term_views"  # read models, as in events
INDEXES = {
    "programs": [
        IndexModel([("council", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("term_id", ASCENDING)]),
    ],
    "workplans": [],  # _id = term id: one work plan per term
    "beneficiaries": [IndexModel([("program_id", ASCENDING)])],  # _id = program:member
    "evaluations": [
        IndexModel([("member_id", ASCENDING), ("evaluated_on", ASCENDING)]),
        IndexModel([("program_id", ASCENDING), ("evaluated_on", ASCENDING)]),
    ],
    MEMBER_VIEWS: [IndexModel([("council", ASCENDING)])],  # read model of member.*
    TERM_VIEWS: [IndexModel([("council", ASCENDING)])],  # read model of term.*
}
BOOKKEEPING = ("revision", "updated_at")


class Programs(Aggregates[Program]):
    """Work programs (program kerja)."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=program_document, from_doc=program_of)

    async def search(
        self, query: ProgramQuery, *, skip: int, limit: int
    ) -> tuple[list[Program], int]:
        """Programs within a scope matching the criteria given, by planned start."""
        criteria = {
            "council": query.council,
            "term_id": query.term_id,
            "status": query.status,
            "category": query.category,
        }
        match: Document = {**scope_filter(query.scope)}
        match.update({k: v for k, v in criteria.items() if v is not None})
        order = [("planned_start", 1), ("_id", 1)]
        return await self.page(match, sort=order, skip=skip, limit=limit)

    async def of_term(self, term_id: str) -> list[Program]:
        """Every program of a term."""
        return await self.find({"term_id": term_id})


class WorkPlans(Aggregates[WorkPlan]):
    """One work plan per inaugurated term; its id is the term id."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=work_plan_of)


def program_document(program: Program) -> Document:
    """A program as stored."""
    doc = to_document(program)
    doc["counted_event_ids"] = sorted(program.counted_event_ids)  # a set is not BSON
    return doc


def program_of(doc: Document) -> Program:
    """A stored program."""
    fields = fields_of(doc, drop=BOOKKEEPING)
    fields.update(dates_of(fields, "planned_start", "planned_end"))
    fields["kpis"] = [_kpi(k) for k in fields.get("kpis", [])]
    fields["budget"] = [BudgetLine(**b) for b in fields.get("budget", [])]
    fields["counted_event_ids"] = set(fields.get("counted_event_ids", []))
    return Program(revision=doc["revision"], **fields)


def _kpi(doc: Document) -> Kpi:
    """A stored KPI; one stored before KPIs stated their measure gets the implied one."""
    return Kpi(
        **{
            **doc,
            "measure": implied_measure(doc["key"], doc.get("measure")),
            "history": [KpiPoint(**point) for point in doc.get("history", [])],
        }
    )


def work_plan_of(doc: Document) -> WorkPlan:
    """A stored work plan."""
    fields = fields_of(doc, drop=BOOKKEEPING)
    fields.update(dates_of(fields, "period_start", "period_end"))
    return WorkPlan(revision=doc["revision"], **fields)


def dates_of(fields: Document, *names: str) -> Document:
    """The named ISO-text fields parsed back into dates (None stays None)."""
    return {n: date.fromisoformat(fields[n]) if fields.get(n) else None for n in names}
