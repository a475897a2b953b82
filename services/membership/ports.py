"""What the membership use cases need from storage and time: Protocols, and the unit of work.

The MongoDB repositories (`repository`) and the in-memory fakes of the unit tests
(`tests/fakes/membership.py`) both implement these Protocols.
"""

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.persistence import Document
from shared.repository import Store

from .domain import Council, Member, Term, TermStatus


class CouncilStore(Store[Council], Protocol):
    """The councils a deployment keeps; the id is the Kemendagri code."""

    async def registered(self, code: str) -> bool:
        """Whether the council is kept here (councils are never deleted, so a yes may be kept)."""

    async def within(
        self, *, scope: str, skip: int, limit: int, parent: str | None
    ) -> tuple[list[Council], int]:
        """A page of the councils within `scope` (only those directly below `parent`), by code."""


class MemberStore(Store[Member], Protocol):
    """The member register; an NIB belongs to one member at most."""

    async def save(self, aggregate: Member, *, previous_nib: str | None = None) -> None:
        """Store a change; the NIB claim moves from `previous_nib` when the NIB changed."""

    async def by_nib(self, nib: str) -> Member | None:
        """The business holding an NIB."""

    async def add_new(self, members: Sequence[Member]) -> list[Member]:
        """Store new members whose NIBs nobody claimed yet, at once; returns those stored."""

    async def search(
        self,
        *,
        scope: str,
        skip: int,
        limit: int,
        council: str | None = None,
        kind: MemberKind | None = None,
        category: CraftCategory | None = None,
        scale: BusinessScale | None = None,
        text: str | None = None,
    ) -> tuple[list[Member], int]:
        """A page of the members within `scope` matching every criterion given, newest first."""

    def export(
        self,
        *,
        scope: str,
        kind: MemberKind | None = None,
        category: CraftCategory | None = None,
        scale: BusinessScale | None = None,
    ) -> AsyncIterator[Document]:
        """Every stored member within `scope` matching the criteria, as documents, by id."""


class TermStore(Store[Term], Protocol):
    """Board terms (kepengurusan): the history of every council's boards."""

    async def of_council(self, council: str) -> list[Term]:
        """Every term of one council (the few a rule about periods or succession needs)."""

    async def history(
        self,
        *,
        scope: str,
        skip: int,
        limit: int,
        council: str | None = None,
        status: TermStatus | None = None,
    ) -> tuple[list[Term], int]:
        """A page of the terms within `scope` matching council and status, newest period first."""


@dataclass
class Membership:
    """The unit of work: repositories, the scope this deployment owns, and the clock."""

    councils: CouncilStore
    members: MemberStore
    terms: TermStore
    deployment_region: str
    clock: Callable[[], datetime]
