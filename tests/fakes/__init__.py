"""In-memory stand-ins for the repositories, for unit tests of use cases (no database).

`InMemory[A]` keeps the rules of `shared.repository.Aggregates`: a new aggregate is stored at
revision 1, a save moves the revision on by one and is refused with `StaleRevision` when the
stored revision moved meanwhile, a duplicate id is a `Conflict`, and the events that rode
along are appended to `published`. Each service's fakes (`tests/fakes/<service>.py`) add the
queries of its Protocols on top of `where`.
"""

import copy
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from shared.aggregate import Aggregate, Conflict, StaleRevision
from shared.contracts.base import Event

A = TypeVar("A", bound=Aggregate)


class InMemory(Generic[A]):
    """A repository in a dict: stored copies, so a test sees only what was saved."""

    def __init__(self, items: Iterable[A] = ()) -> None:
        self.items: dict[str, A] = {}
        self.published: list[Event] = []
        for item in items:
            self.put(item)

    def put(self, aggregate: A) -> A:
        """Arrange: store an aggregate as it is (revision at least 1), publishing nothing."""
        aggregate.revision = max(aggregate.revision, 1)
        aggregate.pending = []
        self.items[aggregate.id] = copy.deepcopy(aggregate)
        return aggregate

    async def add(self, aggregate: A) -> None:
        """Insert at revision 1; a duplicate id is a `Conflict`."""
        if aggregate.id in self.items:
            raise Conflict(f"{aggregate.id} already exists")
        self._store(aggregate, revision=1)

    async def save(self, aggregate: A) -> None:
        """Write if the stored revision is still the one loaded; `StaleRevision` otherwise."""
        stored = self.items.get(aggregate.id)
        if stored is None or stored.revision != aggregate.revision:
            raise StaleRevision(f"{aggregate.id} was changed meanwhile; retry")
        self._store(aggregate, revision=aggregate.revision + 1)

    async def get(self, aggregate_id: str) -> A | None:
        """A copy of the stored aggregate."""
        stored = self.items.get(aggregate_id)
        return copy.deepcopy(stored) if stored is not None else None

    async def by_ids(self, ids: Sequence[str]) -> dict[str, A]:
        """Copies of the stored aggregates with these ids."""
        return {i: copy.deepcopy(self.items[i]) for i in ids if i in self.items}

    def where(self, predicate: Callable[[A], bool]) -> list[A]:
        """Copies of the stored aggregates the predicate keeps, in insertion order."""
        return [copy.deepcopy(a) for a in self.items.values() if predicate(a)]

    def _store(self, aggregate: A, *, revision: int) -> None:
        self.published.extend(aggregate.pending)
        aggregate.revision, aggregate.pending = revision, []
        self.items[aggregate.id] = copy.deepcopy(aggregate)
