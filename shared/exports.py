"""Exports: rows paged out of the database, streamed as CSV or XLSX, each export recorded.

Personal data leaves the platform only through an export that is recorded (who, when, what,
the filters, how many rows): UU PDP 27/2022 asks for that accountability. Rows are read in
pages by `_id` (a bare-_id range, which FerretDB answers without decoding the collection) and
written out as they come, so no export holds all its rows in memory.
"""

import csv
import io
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from fastapi.responses import StreamingResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import CursorNotFound

from shared.auth import Caller, CallerDep
from shared.pagination import Page, PageDep, page_of
from shared.persistence import Document, find_page
from shared.problem_docs import api_router
from shared.regions import scope_filter

Format = Literal["csv", "xlsx"]
Cell = str | int | float | datetime | None
Row = Sequence[Cell]
BATCH = 500
RESUMES = 5
FORMULA = ("=", "@")  # a CSV cell starting so runs as a formula in a spreadsheet
CHUNK = 64 * 1024
COLLECTION = "exports"
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {MEDIA["csv"]: {}, MEDIA["xlsx"]: {}}, "description": "The export file"}
}


async def paged(
    collection: AsyncCollection[Document], match: Document, *, batch: int = BATCH
) -> AsyncIterator[Document]:
    """Every matching document in `_id` order, fetched `batch` at a time.

    One server cursor (FerretDB v1 scans the collection once per query, so a query per page
    would scan it once per page); should the cursor be lost midway, the next one resumes after
    the last `_id` seen.
    """
    last: Any = None
    for _attempt in range(RESUMES):
        query = match if last is None else {"$and": [match, {"_id": {"$gt": last}}]}
        cursor = collection.find(query).sort("_id", ASCENDING).batch_size(batch)
        try:
            async for doc in cursor:
                last = doc["_id"]
                yield doc
            return
        except CursorNotFound:
            continue
        finally:
            await cursor.close()
    raise RuntimeError(f"the export cursor was lost {RESUMES} times")


async def csv_bytes(header: Row, rows: AsyncIterator[Row]) -> AsyncIterator[bytes]:
    """A CSV file (UTF-8 with BOM, so spreadsheets read the accents) a chunk at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff".encode() + _drain(buffer)
    async for row in rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
        if buffer.tell() >= CHUNK:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode()


def _plain(value: Cell) -> str | int | float:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with `'`."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value  # type: ignore[return-value]


async def xlsx_bytes(
    sheets: Iterable[tuple[str, Row, AsyncIterator[Row]]],
) -> AsyncIterator[bytes]:
    """An XLSX workbook written row by row (write-only: rows go to disk, not memory)."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(list(header))
        async for row in rows:
            sheet.append([_cell(sheet, v) for v in row])
    with tempfile.TemporaryFile() as file:
        book.save(file)
        file.seek(0)
        while chunk := file.read(CHUNK):
            yield chunk


def _cell(sheet: Any, value: Cell) -> Any:
    """An XLSX cell: a datetime as UTC wall time (Excel keeps no offsets), text always text."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str) and value.startswith("="):  # openpyxl would write a formula
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


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
FormatQuery = Annotated[Format, Query(description="csv or xlsx")]


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


def file_response(body: AsyncIterator[bytes], *, format: Format, name: str) -> StreamingResponse:
    """A streamed download named `name.<format>`."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    return StreamingResponse(body, media_type=MEDIA[format], headers=headers)


def stream_rows(
    format: Format, *, title: str, header: Row, rows: AsyncIterator[Row]
) -> AsyncIterator[bytes]:
    """One table as CSV or as a one-sheet workbook."""
    return csv_bytes(header, rows) if format == "csv" else xlsx_bytes([(title, header, rows)])


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
