"""One aggregate repository for every service: revisions, pending events, paging, safe writes.

A service's repository is an `Aggregates[A]` given the two mapping functions of its kind of
aggregate (`to_doc`, `from_doc`); it subclasses it for its own queries. Use cases see only a
Protocol (`Store[A]` and each service's `ports.py`), so unit tests use the in-memory fakes of
`tests/fakes`.
"""

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from pymongo.asynchronous.collection import AsyncCollection

from shared.aggregate import Aggregate
from shared.persistence import Document, find_by_ids, find_page
from shared.store import AggregateStore

A = TypeVar("A", bound=Aggregate)
WHOLE_LIST_CAP = 2000
"""A list shown whole (a term's programs, a council's calendar) stops here: a runaway bound."""


class Store(Protocol[A]):
    """What every use case may do with one kind of aggregate."""

    async def add(self, aggregate: A) -> None:
        """Store a new aggregate with its events (a duplicate id is a `Conflict`)."""

    async def save(self, aggregate: A) -> None:
        """Store a change with its events (`StaleRevision` when saved meanwhile)."""

    async def get(self, aggregate_id: str) -> A | None:
        """One aggregate by id, or None."""

    async def by_ids(self, ids: Sequence[str]) -> dict[str, A]:
        """The aggregates with these ids that exist, by id."""


class Aggregates(Generic[A]):
    """Stores one kind of aggregate in one collection; the object follows the stored revision."""

    def __init__(
        self,
        store: AggregateStore,
        *,
        to_doc: Callable[[A], Document],
        from_doc: Callable[[Document], A],
    ) -> None:
        self.store = store
        self._to_doc = to_doc
        self._from_doc = from_doc

    @property
    def collection(self) -> AsyncCollection[Document]:
        """The underlying collection."""
        return self.store.collection

    async def add(self, aggregate: A, *, extra: Document | None = None) -> None:
        """Insert at revision 1 with the pending events; `extra` fields are stored beside."""
        await self.store.insert({**self._to_doc(aggregate), **(extra or {})}, aggregate.pending)
        aggregate.revision, aggregate.pending = 1, []

    async def save(self, aggregate: A) -> None:
        """Write the change if nobody saved since it was loaded; the revision moves on by one."""
        doc = self._to_doc(aggregate)
        doc.pop("_id", None)
        await self.store.update(aggregate.id, aggregate.revision, doc, aggregate.pending)
        aggregate.revision, aggregate.pending = aggregate.revision + 1, []

    async def get(self, aggregate_id: str) -> A | None:
        """One aggregate by id."""
        doc = await self.collection.find_one({"_id": aggregate_id})
        return self._from_doc(doc) if doc else None

    async def by_ids(self, ids: Sequence[str]) -> dict[str, A]:
        """The aggregates with these ids, in one query."""
        docs = await find_by_ids(self.collection, list(dict.fromkeys(ids)))
        return {d["_id"]: self._from_doc(d) for d in docs}

    async def page(
        self, query: Document, *, sort: Sequence[tuple[str, int]], skip: int, limit: int
    ) -> tuple[list[A], int]:
        """One page of the aggregates matching `query`, and how many match in all."""
        docs, total = await find_page(self.collection, query, sort=sort, skip=skip, limit=limit)
        return [self._from_doc(d) for d in docs], total

    async def find(
        self, query: Document, *, sort: Sequence[tuple[str, int]] = (), limit: int = WHOLE_LIST_CAP
    ) -> list[A]:
        """Every aggregate matching `query` (up to `limit`), in `sort` order."""
        cursor = self.collection.find(query)
        if sort:
            cursor = cursor.sort(list(sort))
        return [self._from_doc(d) async for d in cursor.limit(limit)]
