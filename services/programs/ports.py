"""What the programs use cases need from storage and time: Protocols, and the unit of work.

The MongoDB repositories (`repository`, `monev/repository`, `projections`) and the in-memory
fakes of the unit tests (`tests/fakes/programs.py`) both implement these Protocols.
"""

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.contracts.events import ProgramCategory
from shared.messaging import Delivery
from shared.persistence import Document
from shared.repository import Store
from shared.views import MemberView

from .domain import Program, ProgramStatus
from .monev.domain import Beneficiary, Evaluation
from .views import TermView
from .workplan.domain import WorkPlan


@dataclass(frozen=True, kw_only=True)
class ProgramQuery:
    """What a list of programs is filtered by, within the caller's `scope`."""

    scope: str
    council: str | None = None
    term_id: str | None = None
    status: ProgramStatus | None = None
    category: ProgramCategory | None = None


class ProgramStore(Store[Program], Protocol):
    """Work programs (program kerja)."""

    async def search(
        self, query: ProgramQuery, *, skip: int, limit: int
    ) -> tuple[list[Program], int]:
        """A page of the programs matching the query, by planned start, and how many match."""

    async def of_term(self, term_id: str) -> list[Program]:
        """Every program of a term."""


class BeneficiaryStore(Store[Beneficiary], Protocol):
    """Assisted businesses (UKM binaan); the id is `monev.domain.enrolment_id`."""

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Beneficiary], int]:
        """A page of a program's assisted businesses in enrolment order, and how many."""


class EvaluationStore(Store[Evaluation], Protocol):
    """Monev evaluations of assisted businesses."""

    async def of_member(
        self, member_id: str, *, scope: str, program_id: str | None = None
    ) -> list[Evaluation]:
        """A business's evaluations by programs within a scope, oldest visit first."""

    async def of_program(
        self, program_id: str, *, skip: int, limit: int
    ) -> tuple[list[Evaluation], int]:
        """A page of a program's evaluations, the latest visit first, and how many."""

    def export(self, program_id: str) -> AsyncIterator[Document]:
        """Every stored evaluation of a program, as documents, by id (streamed)."""


class MemberViews(Protocol):
    """Members as their topics describe them (no contact data)."""

    async def view(self, member_id: str) -> MemberView | None:
        """A member, or None when no event named it yet."""

    async def names(self, member_ids: list[str]) -> dict[str, str]:
        """The names of the known members among these ids."""


class TermViews(Protocol):
    """Terms (kepengurusan) as `term.inaugurated`/`term.ended` describe them."""

    async def view(self, term_id: str) -> TermView | None:
        """The term, or None when it is unknown."""

    async def apply(self, deliveries: Sequence[Delivery]) -> int:
        """Keep the terms a batch of term events describes (newest state wins)."""


@dataclass
class Planning:
    """The stores and read models the use cases work on, the scope this deployment owns, and
    the clock (the composition root's: UTC, to the millisecond that MongoDB keeps)."""

    programs: ProgramStore
    work_plans: Store[WorkPlan]
    beneficiaries: BeneficiaryStore
    evaluations: EvaluationStore
    members: MemberViews
    terms: TermViews
    deployment_region: str
    clock: Callable[[], datetime]
