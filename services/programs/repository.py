"""MongoDB documents <-> programs aggregates. Stored dates are ISO text and parsed back here."""

from datetime import date
from typing import Any

from pymongo import ASCENDING, IndexModel

from shared.aggregate import Aggregate, Conflict
from shared.persistence import AggregateStore, Document, fields_of, find_page, to_document
from shared.regions import scope_filter

from .domain import Program
from .monev.domain import Beneficiary, Evaluation, Indicators
from .values import Amendment, BudgetLine, Kpi, KpiPoint, implied_measure
from .workplan.domain import WorkPlan

# Every collection whose aggregates record events: the relay publishes from these.
OUTBOX_COLLECTIONS = ["programs", "beneficiaries", "evaluations"]
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
    "members": [IndexModel([("council", ASCENDING)])],  # read model of member.*
    "terms": [IndexModel([("council", ASCENDING)])],  # read model of term.*
}
_BOOKKEEPING = ("revision", "updated_at")
# A term's programs and a member's evaluations are shown whole; this bounds a runaway query.
WHOLE_LIST_CAP = 2000


class _Aggregates:
    """Insert and save one kind of aggregate; the object's revision follows the stored one."""

    def __init__(self, store: AggregateStore) -> None:
        self.store = store

    @property
    def collection(self) -> Any:
        """The underlying collection."""
        return self.store.collection

    async def _insert(self, aggregate: Aggregate, doc: Document) -> None:
        await self.store.insert(doc, aggregate.pending)
        aggregate.revision, aggregate.pending = 1, []

    async def _update(self, aggregate: Aggregate, doc: Document) -> None:
        doc.pop("_id", None)
        await self.store.update(aggregate.id, aggregate.revision, doc, aggregate.pending)
        aggregate.revision, aggregate.pending = aggregate.revision + 1, []


class Programs(_Aggregates):
    """Work programs (program kerja)."""

    async def add(self, program: Program) -> None:
        """Store a new draft."""
        await self._insert(program, _program_doc(program))

    async def save(self, program: Program) -> None:
        """Store a change with its events; 409 if someone saved in between."""
        await self._update(program, _program_doc(program))

    async def get(self, program_id: str) -> Program | None:
        """One program by id."""
        doc = await self.collection.find_one({"_id": program_id})
        return _program(doc) if doc else None

    async def search(
        self, *, scope: str, skip: int, limit: int, **criteria: Any
    ) -> tuple[list[Program], int]:
        """Programs within a scope matching the criteria given, by planned start."""
        query: Document = {**scope_filter(scope)}
        query.update({k: v for k, v in criteria.items() if v is not None})
        order = [("planned_start", 1), ("_id", 1)]
        docs, total = await find_page(self.collection, query, sort=order, skip=skip, limit=limit)
        return [_program(d) for d in docs], total

    async def of_term(self, term_id: str) -> list[Program]:
        """Every program of a term."""
        cursor = self.collection.find({"term_id": term_id}).limit(WHOLE_LIST_CAP)
        return [_program(d) async for d in cursor]


class WorkPlans(_Aggregates):
    """One work plan per inaugurated term; its id is the term id."""

    async def add(self, plan: WorkPlan) -> bool:
        """Store a newly opened plan; False when it was opened meanwhile."""
        try:
            await self._insert(plan, to_document(plan))
        except Conflict:
            return False
        return True

    async def get(self, term_id: str) -> WorkPlan | None:
        """The work plan of a term."""
        doc = await self.collection.find_one({"_id": term_id})
        if doc is None:
            return None
        fields = fields_of(doc, drop=_BOOKKEEPING)
        fields.update(_dates(fields, "period_start", "period_end"))
        return WorkPlan(revision=doc["revision"], **fields)


class Beneficiaries(_Aggregates):
    """Assisted businesses (UKM binaan); one per program and member."""

    @staticmethod
    def id_for(program_id: str, member_id: str) -> str:
        """The id that makes an enrolment unique per program and member."""
        return f"{program_id}:{member_id}"

    async def add(self, beneficiary: Beneficiary) -> None:
        """Store an enrolment; a second one of the same business is a 409."""
        await self._insert(beneficiary, to_document(beneficiary))

    async def save(self, beneficiary: Beneficiary) -> None:
        """Store a correction or withdrawal with its event; 409 if someone saved in between."""
        await self._update(beneficiary, to_document(beneficiary))

    async def get(self, program_id: str, member_id: str) -> Beneficiary | None:
        """The enrolment of a business in a program."""
        doc = await self.collection.find_one({"_id": self.id_for(program_id, member_id)})
        if doc is None:
            return None
        return _beneficiary(doc)

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Beneficiary], int]:
        """A program's assisted businesses, in the order they were enrolled."""
        query = {"program_id": program_id}
        order = [("enrolled_on", 1), ("_id", 1)]
        docs, total = await find_page(self.collection, query, sort=order, skip=skip, limit=limit)
        return [_beneficiary(d) for d in docs], total


class Evaluations(_Aggregates):
    """Monev evaluations of assisted businesses."""

    async def add(self, evaluation: Evaluation) -> None:
        """Store an evaluation with its event."""
        await self._insert(evaluation, to_document(evaluation))

    async def get(self, evaluation_id: str) -> Evaluation | None:
        """One evaluation by id."""
        doc = await self.collection.find_one({"_id": evaluation_id})
        return _evaluation(doc) if doc else None

    async def save(self, evaluation: Evaluation) -> None:
        """Store a correction or withdrawal with its event; 409 if someone saved in between."""
        await self._update(evaluation, to_document(evaluation))

    async def of_member(
        self, member_id: str, *, scope: str, program_id: str | None = None
    ) -> list[Evaluation]:
        """A business's evaluations by programs within a scope."""
        query: Document = {"member_id": member_id, **scope_filter(scope)}
        if program_id:
            query["program_id"] = program_id
        cursor = self.collection.find(query).sort("evaluated_on", 1).limit(WHOLE_LIST_CAP)
        return [_evaluation(d) async for d in cursor]

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Evaluation], int]:
        """A program's evaluations, the latest visit first."""
        query = {"program_id": program_id}
        order = [("evaluated_on", -1), ("_id", 1)]
        docs, total = await find_page(self.collection, query, sort=order, skip=skip, limit=limit)
        return [_evaluation(d) for d in docs], total


def _program_doc(program: Program) -> Document:
    doc = to_document(program)
    doc["counted_event_ids"] = sorted(program.counted_event_ids)  # a set is not BSON
    return doc


def _program(doc: Document) -> Program:
    fields = fields_of(doc, drop=_BOOKKEEPING)
    fields.update(_dates(fields, "planned_start", "planned_end"))
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


def _beneficiary(doc: Document) -> Beneficiary:
    fields = fields_of(doc, drop=_BOOKKEEPING)
    fields.update(_dates(fields, "enrolled_on"))
    fields["history"] = _history(fields)
    return Beneficiary(revision=doc["revision"], **fields)


def _history(fields: Document) -> list[Amendment]:
    """The stored corrections and withdrawals of a record (none for one stored before them)."""
    return [Amendment(**a) for a in fields.get("history", [])]


def _evaluation(doc: Document) -> Evaluation:
    fields = fields_of(doc, drop=_BOOKKEEPING)
    fields.update(_dates(fields, "evaluated_on"))
    fields["history"] = _history(fields)
    found = fields["indicators"]
    fields["indicators"] = Indicators(
        monthly_revenue=found.get("monthly_revenue"),
        employees=found.get("employees"),
        **{
            k: tuple(found.get(k, ()))
            for k in ("digital_channels", "certifications", "marketplaces")
        },
    )
    return Evaluation(revision=doc["revision"], **fields)


def _dates(fields: Document, *names: str) -> Document:
    """The named ISO-text fields parsed back into dates (None stays None)."""
    return {n: date.fromisoformat(fields[n]) if fields.get(n) else None for n in names}
