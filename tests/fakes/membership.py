"""In-memory membership repositories (the Protocols of `services.membership.ports`)."""

from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from services.membership.domain import Council, Member, Term, TermStatus
from services.membership.ports import Membership
from shared.aggregate import Conflict, StaleRevision
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.documents import to_document
from shared.persistence import Document
from shared.regions import covers
from tests.fakes import InMemory


class FakeCouncils(InMemory[Council]):
    """Councils by code."""

    async def registered(self, code: str) -> bool:
        """Whether the council is kept."""
        return await self.get(code) is not None

    async def within(
        self, *, scope: str, skip: int, limit: int, parent: str | None = None
    ) -> tuple[list[Council], int]:
        """Councils within the scope (below `parent`, if given), by code."""
        found = self.where(lambda c: covers(scope, c.id) and (parent is None or c.parent == parent))
        found.sort(key=lambda c: c.id)
        return found[skip : skip + limit], len(found)


class FakeMembers(InMemory[Member]):
    """Members; an NIB held by another stored member is a `Conflict` naming `nib`."""

    async def add(self, aggregate: Member) -> None:
        """Insert at revision 1, the NIB unique."""
        self._unique_nib(aggregate)
        await super().add(aggregate)

    async def save(self, aggregate: Member, *, previous_nib: str | None = None) -> None:
        """Write the change, the NIB unique."""
        self._unique_nib(aggregate)
        await super().save(aggregate)

    async def by_nib(self, nib: str) -> Member | None:
        """The business holding an NIB."""
        return next(iter(self.where(lambda m: m.nib == nib)), None)

    async def add_new(self, members: Sequence[Member]) -> list[Member]:
        """Insert the members whose NIB no stored member holds."""
        stored = []
        for member in members:
            if member.nib and await self.by_nib(member.nib) is None:
                await super().add(member)
                stored.append(member)
        return stored

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
        """Members within the scope matching every criterion given, newest first."""
        wanted = {"council": council, "kind": kind, "category": category, "scale": scale}

        def keeps(m: Member) -> bool:
            fields = (m.name, m.owner_name or "", m.nib or "")
            return (
                covers(scope, m.council)
                and all(v is None or getattr(m, k) == v for k, v in wanted.items())
                and (not text or any(text.casefold() in f.casefold() for f in fields))
            )

        found = sorted(self.where(keeps), key=lambda m: m.created_at, reverse=True)
        return found[skip : skip + limit], len(found)

    async def export(
        self,
        *,
        scope: str,
        kind: MemberKind | None = None,
        category: CraftCategory | None = None,
        scale: BusinessScale | None = None,
    ) -> AsyncIterator[Document]:
        """The matching members as stored documents, by id."""
        found, _ = await self.search(
            scope=scope, skip=0, limit=len(self.items), kind=kind, category=category, scale=scale
        )
        for member in sorted(found, key=lambda m: m.id):
            yield to_document(member)

    def _unique_nib(self, member: Member) -> None:
        holders = self.where(lambda m: m.nib is not None and m.nib == member.nib)
        if any(h.id != member.id for h in holders):
            raise Conflict(f"NIB {member.nib} is already registered", field="nib")


class FakeTerms(InMemory[Term]):
    """Terms; `fail_saves` saves are refused as stale first (a lost race)."""

    fail_saves = 0

    async def save(self, aggregate: Term) -> None:
        """Write the change, unless a lost race is still to be played."""
        if self.fail_saves:
            self.fail_saves -= 1
            raise StaleRevision(f"{aggregate.id} was changed meanwhile; retry")
        await super().save(aggregate)

    async def of_council(self, council: str) -> list[Term]:
        """Every term of a council."""
        return self.where(lambda t: t.council == council)

    async def history(
        self,
        *,
        scope: str,
        skip: int,
        limit: int,
        council: str | None = None,
        status: TermStatus | None = None,
    ) -> tuple[list[Term], int]:
        """Terms within the scope matching council and status, newest period first."""
        found = self.where(
            lambda t: (
                covers(scope, t.council)
                and council in (None, t.council)
                and status in (None, t.status)
            )
        )
        found.sort(key=lambda t: t.council)
        found.sort(key=lambda t: t.period_start, reverse=True)
        return found[skip : skip + limit], len(found)


@dataclass
class FakeMembership(Membership):
    """The unit of work on the fakes, typed as such so tests reach `items` and `published`."""

    councils: FakeCouncils
    members: FakeMembers
    terms: FakeTerms


def membership(
    region: str = "ID",
    *,
    councils: Iterable[str] = (),
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> FakeMembership:
    """A unit of work on empty fakes (but for the councils named) of a deployment's region."""
    now = clock()
    return FakeMembership(
        councils=FakeCouncils(Council.create(code, now=now) for code in councils),
        members=FakeMembers(),
        terms=FakeTerms(),
        deployment_region=region,
        clock=clock,
    )
