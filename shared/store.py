"""The aggregate store: an aggregate document and the events it records, in one write.

Pending events live in the document's `_outbox`. After the save, the store tells the relay
which document has some: in memory when the relay runs in this process (`on_pending`), else
with a small insert-only marker in `_outbox_pending` (`mark_pending`). A new document's events
go with it in memory too: it holds no others, so the relay need not read it back.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from shared.aggregate import Conflict, StaleRevision
from shared.contracts.base import Event
from shared.observability import correlation_id
from shared.persistence import (
    OUTBOX,
    PENDING,
    SCHEMA,
    Document,
    document_lock,
    insert_new,
    on_ferretdb,
)


async def mark_pending(collection: AsyncCollection[Document], doc_ids: Sequence[str]) -> None:
    """Store markers telling a relay that these documents have events to publish, in one write.

    For saves whose relay does not run in their process, and for the relay's sweep. Markers
    are only ever inserted, each with its own id, and the relay deletes exactly the markers it
    read, and pulls from a document exactly the events it published: a save it did not see
    has a marker it did not read. A crash (or a failed marker write) between a save and its
    marker leaves events without a marker; the relay's sweep finds them, at start-up and every
    `sweep_s` after (`shared.messaging.relay`).
    """
    if doc_ids:
        now = datetime.now(UTC)  # the backlog's age (`shared/messaging/markers.py`)
        await collection.database[PENDING].insert_many(
            [
                {"_id": uuid.uuid4().hex, "collection": collection.name, "doc": d, "at": now}
                for d in doc_ids
            ]
        )


async def remove_published(
    collection: AsyncCollection[Document], doc_id: str, entries: list[Document]
) -> None:
    """Pull exactly these published events from a document (a save may add others meanwhile:
    they take turns under the document's lock)."""
    async with document_lock(collection, doc_id):
        await collection.update_one({"_id": doc_id}, {"$pullAll": {OUTBOX: entries}})


def pending_entry(event: Event, *, source: str) -> Document:
    """The outbox entry of an event: its CloudEvents id is fixed here, once."""
    from shared.contracts.envelope import Envelope

    envelope = Envelope(
        type=event.topic,
        source=source,
        subject=event.subject,
        dataschema=event.dataschema(),
        region=event.council,
        correlationid=correlation_id(),
    )
    return {"envelope": envelope.model_dump(mode="json"), "data": event.model_dump_json()}


class AggregateStore:
    """Stores aggregate documents with their pending events in the same single update."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        *,
        source: str,
        on_pending: Callable[[str, str, list[Document] | None], None] | None = None,
        schema: Callable[[], int] = lambda: 1,
    ) -> None:
        self.collection = collection
        self._source = source
        # (collection, document id, a new document's events or None); None: store a marker
        self._on_pending = on_pending
        self._schema = schema  # the `_schema` version saves stamp (`shared.migrations`)

    def _new(self, doc: Document, events: Sequence[Event]) -> Document:
        """A new aggregate's stored body: revision 1, its layout version, its pending events."""
        return {
            **doc,
            "revision": 1,
            SCHEMA: self._schema(),
            OUTBOX: [pending_entry(e, source=self._source) for e in events],
        }

    async def insert(self, doc: Document, events: Sequence[Event]) -> None:
        """Insert a new aggregate at revision 1; a duplicate key is a 409."""
        body = self._new(doc, events)
        try:
            await self.collection.insert_one(body)
        except DuplicateKeyError as exc:
            raise Conflict(f"{self.collection.name} {doc.get('_id')} already exists") from exc
        await self._saved_many([(body["_id"], body[OUTBOX])] if events else [])

    async def insert_many(self, items: Sequence[tuple[Document, Sequence[Event]]]) -> set[str]:
        """Insert new aggregates at revision 1 in one write, then tell the relay; returns the ids
        stored. An id stored already is left as it was."""
        bodies = [self._new(doc, events) for doc, events in items]
        known = await insert_new(self.collection, bodies)
        stored = {body["_id"] for body in bodies} - {body["_id"] for body in known}
        await self._saved_many([(b["_id"], b[OUTBOX]) for b in bodies if b["_id"] in stored])
        return stored

    async def update(
        self, doc_id: str, revision: int, changes: Document, events: Sequence[Event]
    ) -> None:
        """Apply changes if nobody saved since `revision`; else 409 (optimistic concurrency)."""
        update: Document = {
            "$set": {
                **changes,
                "revision": revision + 1,
                SCHEMA: self._schema(),
                "updated_at": datetime.now(UTC),
            }
        }
        if events:
            entries = [pending_entry(e, source=self._source) for e in events]
            update["$push"] = {OUTBOX: {"$each": entries}}
        async with document_lock(self.collection, doc_id):
            if not await self._write_at(doc_id, revision, update):
                raise StaleRevision(f"{self.collection.name} {doc_id} was changed meanwhile; retry")
        if events:  # the document may hold older events too: the relay reads it
            await self._saved_many([(doc_id, None)])

    async def _write_at(self, doc_id: str, revision: int, update: Document) -> bool:
        """Apply `update` if the stored revision is still `revision` (under the document lock).

        On MongoDB one guarded update, atomic across processes. On FerretDB v1 a filter with
        more than a bare `_id` decodes the whole collection (1.3 s at 20,000 members), and
        its updates are not isolated across processes anyway (one writer process there):
        the revision is read and the update written by bare `_id`, both index look-ups,
        while the lock keeps this process's other writers out.
        """
        if not await on_ferretdb(self.collection):
            guarded = {"_id": doc_id, "revision": revision}
            return (await self.collection.update_one(guarded, update)).matched_count == 1
        stored = await self.collection.find_one({"_id": doc_id}, {"revision": 1})
        if stored is None or stored.get("revision") != revision:
            return False
        return (await self.collection.update_one({"_id": doc_id}, update)).matched_count == 1

    async def _saved_many(self, saved: Sequence[tuple[str, list[Document] | None]]) -> None:
        """Tell the relay which documents have events: in memory (a new document with its
        events; None: the relay reads them), or by stored markers."""
        saved = [(doc_id, entries) for doc_id, entries in saved if entries is None or entries]
        if self._on_pending is None:
            await mark_pending(self.collection, [doc_id for doc_id, _ in saved])
            return
        for doc_id, entries in saved:
            self._on_pending(self.collection.name, doc_id, entries)
