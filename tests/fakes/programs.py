"""In-memory programs repositories and read models (the Protocols of `services.programs.ports`)."""

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from services.programs.domain import Program
from services.programs.monev.domain import Beneficiary, Evaluation
from services.programs.ports import Planning, ProgramQuery
from services.programs.views import TermView
from services.programs.workplan.domain import WorkPlan
from shared.contracts import TermInaugurated
from shared.documents import to_document
from shared.messaging import Delivery
from shared.persistence import Document
from shared.regions import covers
from shared.views import MemberView
from tests.fakes import InMemory

NOW = datetime(2022, 3, 1, 2, 30, tzinfo=UTC)


class FakePrograms(InMemory[Program]):
    """Programs by id."""

    async def search(
        self, query: ProgramQuery, *, skip: int, limit: int
    ) -> tuple[list[Program], int]:
        """Programs within the scope matching the query, by planned start (none first), id."""
        wanted = {
            "council": query.council,
            "term_id": query.term_id,
            "status": query.status,
            "category": query.category,
        }
        found = self.where(
            lambda p: (
                covers(query.scope, p.council)
                and all(v is None or getattr(p, k) == v for k, v in wanted.items())
            )
        )
        found.sort(key=lambda p: (p.planned_start is not None, p.planned_start or date.min, p.id))
        return found[skip : skip + limit], len(found)

    async def of_term(self, term_id: str) -> list[Program]:
        """Every program of a term."""
        return self.where(lambda p: p.term_id == term_id)


class FakeBeneficiaries(InMemory[Beneficiary]):
    """Enrolments by `enrolment_id`."""

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Beneficiary], int]:
        """A program's enrolments in enrolment order."""
        found = sorted(
            self.where(lambda b: b.program_id == program_id), key=lambda b: (b.enrolled_on, b.id)
        )
        return found[skip : skip + limit], len(found)


class FakeEvaluations(InMemory[Evaluation]):
    """Evaluations by id."""

    async def of_member(
        self, member_id: str, *, scope: str, program_id: str | None = None
    ) -> list[Evaluation]:
        """A business's evaluations within the scope, oldest visit first."""
        found = self.where(
            lambda e: (
                e.member_id == member_id
                and covers(scope, e.council)
                and program_id in (None, e.program_id)
            )
        )
        return sorted(found, key=lambda e: e.evaluated_on)

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Evaluation], int]:
        """A program's evaluations, the latest visit first."""
        found = sorted(self.where(lambda e: e.program_id == program_id), key=lambda e: e.id)
        found.sort(key=lambda e: e.evaluated_on, reverse=True)
        return found[skip : skip + limit], len(found)

    async def export(self, program_id: str) -> AsyncIterator[Document]:
        """A program's evaluations as stored documents, by id."""
        for evaluation in sorted(self.where(lambda e: e.program_id == program_id), key=_id):
            yield to_document(evaluation)


def _id(evaluation: Evaluation) -> str:
    return evaluation.id


class FakeMemberViews:
    """Members as their topics told programs."""

    def __init__(self, members: Iterable[MemberView] = ()) -> None:
        self.members = {m.member_id: m for m in members}

    async def view(self, member_id: str) -> MemberView | None:
        """A member, or None."""
        return self.members.get(member_id)

    async def names(self, member_ids: list[str]) -> dict[str, str]:
        """The names of the known members among these ids."""
        return {i: self.members[i].name for i in member_ids if i in self.members}


class FakeTermViews:
    """Terms as their topics told programs; `apply` keeps each `term.inaugurated`."""

    def __init__(self, terms: Iterable[TermView] = ()) -> None:
        self.terms = {t.term_id: t for t in terms}

    async def view(self, term_id: str) -> TermView | None:
        """A term, or None."""
        return self.terms.get(term_id)

    async def apply(self, deliveries: Sequence[Delivery]) -> int:
        """Keep the inaugurated terms of the batch."""
        kept = [d.event for d in deliveries if isinstance(d.event, TermInaugurated)]
        for t in kept:
            self.terms[t.term_id] = TermView(
                term_id=t.term_id,
                council=t.council,
                status="inaugurated",
                period_start=t.period_start,
                period_end=t.period_end,
                bidang=tuple(t.bidang) if t.bidang is not None else None,
            )
        return len(kept)


@dataclass
class FakePlanning(Planning):
    """The unit of work on the fakes, typed as such so tests reach `items` and `published`."""

    programs: FakePrograms
    work_plans: InMemory[WorkPlan]
    beneficiaries: FakeBeneficiaries
    evaluations: FakeEvaluations
    members: FakeMemberViews
    terms: FakeTermViews


def planning(
    region: str = "ID",
    *,
    terms: Iterable[TermView] = (),
    members: Iterable[MemberView] = (),
    clock: Callable[[], datetime] = lambda: NOW,
) -> FakePlanning:
    """A unit of work on empty stores, knowing these terms and members, of a deployment's region."""
    return FakePlanning(
        programs=FakePrograms(),
        work_plans=InMemory(),
        beneficiaries=FakeBeneficiaries(),
        evaluations=FakeEvaluations(),
        members=FakeMemberViews(members),
        terms=FakeTermViews(terms),
        deployment_region=region,
        clock=clock,
    )
