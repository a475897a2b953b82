"""MongoDB documents <-> enrolments (UKM binaan) and evaluations (monev)."""

from collections.abc import AsyncIterator

from shared.documents import fields_of, to_document
from shared.exports import paged
from shared.persistence import Document
from shared.regions import scope_filter
from shared.repository import Aggregates
from shared.store import AggregateStore

from ..domain import Amendment
from ..repository import BOOKKEEPING, dates_of
from .domain import Beneficiary, Evaluation, Indicators

_LISTS = ("digital_channels", "certifications", "marketplaces")


class Beneficiaries(Aggregates[Beneficiary]):
    """Assisted businesses (UKM binaan); one per program and member (`enrolment_id`)."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=beneficiary_of)

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Beneficiary], int]:
        """A program's assisted businesses, in the order they were enrolled."""
        order = [("enrolled_on", 1), ("_id", 1)]
        return await self.page({"program_id": program_id}, sort=order, skip=skip, limit=limit)


class Evaluations(Aggregates[Evaluation]):
    """Monev evaluations of assisted businesses."""

    def __init__(self, store: AggregateStore) -> None:
        super().__init__(store, to_doc=to_document, from_doc=evaluation_of)

    async def of_member(
        self, member_id: str, *, scope: str, program_id: str | None = None
    ) -> list[Evaluation]:
        """A business's evaluations by programs within a scope."""
        match: Document = {"member_id": member_id, **scope_filter(scope)}
        if program_id:
            match["program_id"] = program_id
        return await self.find(match, sort=[("evaluated_on", 1)])

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Evaluation], int]:
        """A program's evaluations, the latest visit first."""
        order = [("evaluated_on", -1), ("_id", 1)]
        return await self.page({"program_id": program_id}, sort=order, skip=skip, limit=limit)

    def export(self, program_id: str) -> AsyncIterator[Document]:
        """Every stored evaluation of a program, by id, a batch at a time."""
        return paged(self.collection, {"program_id": program_id})


def beneficiary_of(doc: Document) -> Beneficiary:
    """A stored enrolment."""
    fields = fields_of(doc, drop=BOOKKEEPING)
    fields.update(dates_of(fields, "enrolled_on"))
    fields["history"] = _history(fields)
    return Beneficiary(revision=doc["revision"], **fields)


def evaluation_of(doc: Document) -> Evaluation:
    """A stored evaluation."""
    fields = fields_of(doc, drop=BOOKKEEPING)
    fields.update(dates_of(fields, "evaluated_on"))
    fields["history"] = _history(fields)
    found = fields["indicators"]
    fields["indicators"] = Indicators(
        monthly_revenue=found.get("monthly_revenue"),
        employees=found.get("employees"),
        **{k: tuple(found.get(k, ())) for k in _LISTS},
    )
    return Evaluation(revision=doc["revision"], **fields)


def _history(fields: Document) -> list[Amendment]:
    """The stored corrections and withdrawals of a record (none for one stored before them)."""
    return [Amendment(**a) for a in fields.get("history", [])]
