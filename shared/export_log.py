"""The export record: who took which data, when, with which filters, how many rows.

Personal data leaves the platform only through an export that is recorded (UU PDP 27/2022);
admins see the records of their scope at each service's `GET /exports`.
"""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, Field
from pymongo import DESCENDING
from pymongo.asynchronous.collection import AsyncCollection

from shared.auth import Caller, CallerDep
from shared.exports import Row
from shared.pagination import Page, PageDep, page_of
from shared.persistence import Document, find_page
from shared.problem_docs import api_router
from shared.regions import scope_filter

COLLECTION = "exports"


class ExportPublic(BaseModel):
    """One recorded export: who took which data, when, with which filters, how many rows."""

    id: str
    sub: str = Field(description="The token subject who exported")
    council: str = Field(description="The council scope of the export")
    what: str = Field(examples=["members"])
    format: str
    filters: dict[str, Any]
    contacts: bool = Field(description="Whether phone numbers and e-mail addresses were included")
    started_at: datetime
    finished_at: datetime | None = Field(description="None while streaming or if broken off")
    rows: int | None


class ExportLog:
    """The exports of one service's database."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def start(self, caller: Caller, *, council: str, what: str, **details: Any) -> str:
        """Record that an export begins; returns its id."""
        record = {
            "_id": uuid.uuid4().hex,
            "sub": caller.sub,
            "council": council,
            "what": what,
            "format": details.pop("format"),
            "filters": details.pop("filters", {}),
            "contacts": bool(details.pop("contacts", False)),
            "started_at": datetime.now(UTC),
            "finished_at": None,
            "rows": None,
        }
        await self.collection.insert_one(record)
        return str(record["_id"])

    async def finish(self, export_id: str, rows: int) -> None:
        """Record how many rows an export held once it is written out."""
        done = {"finished_at": datetime.now(UTC), "rows": rows}
        await self.collection.update_one({"_id": export_id}, {"$set": done})

    async def search(self, scope: str, *, skip: int, limit: int) -> tuple[list[Document], int]:
        """The exports within a scope, newest first."""
        match = scope_filter(scope)
        newest = [("started_at", DESCENDING)]
        return await find_page(self.collection, match, sort=newest, skip=skip, limit=limit)


async def export_log(request: Request) -> ExportLog:
    """The export log of the service that answers the request."""
    return ExportLog(request.app.state.runtime.db[COLLECTION])


ExportLogDep = Annotated[ExportLog, Depends(export_log)]


class Counter:
    """Counts the rows that pass through, for the export record."""

    def __init__(self) -> None:
        self.rows = 0

    async def count(self, rows: AsyncIterator[Row]) -> AsyncIterator[Row]:
        """The same rows, counted."""
        async for row in rows:
            self.rows += 1
            yield row


def recorded(
    body: AsyncIterator[bytes], log: ExportLog, export_id: str, counter: Counter
) -> AsyncIterator[bytes]:
    """The file's bytes; once they are all out, the export record gets its row count."""

    async def stream() -> AsyncIterator[bytes]:
        async for chunk in body:
            yield chunk
        await log.finish(export_id, counter.rows)

    return stream()


def exports_router(tag: str = "exports") -> Any:
    """`GET /exports`: the recorded exports of this service within an admin's scope."""
    router = api_router()

    @router.get("/exports", tags=[tag])
    async def list_exports(
        caller: CallerDep, log: ExportLogDep, page: PageDep
    ) -> Page[ExportPublic]:
        """Who exported what, when and how many rows (admins, within their scope)."""
        caller.require_admin()
        docs, total = await log.search(caller.region, skip=page.skip, limit=page.size)
        items = [ExportPublic(id=d["_id"], **_fields(d)) for d in docs]
        return page_of(page, items, total)

    return router


def _fields(doc: Document) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "_id"}
