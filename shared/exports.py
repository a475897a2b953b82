"""Exports: rows paged out of the database and streamed as CSV or XLSX.

Each export is recorded (`shared.export_log`: who, when, what, the filters, how many rows;
UU PDP 27/2022). Rows are read in
pages by `_id` (a bare-_id range, which FerretDB answers without decoding the collection) and
written out as they come, so no export holds all its rows in memory.
"""

import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import StreamingResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import CursorNotFound

from shared.persistence import Document

Format = Literal["csv", "xlsx"]
Cell = str | int | float | datetime | None
Row = Sequence[Cell]
BATCH = 500
RESUMES = 5
FORMULA = ("=", "@")  # a CSV cell starting so runs as a formula in a spreadsheet
CHUNK = 64 * 1024
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


FormatQuery = Annotated[Format, Query(description="csv or xlsx")]


def file_response(body: AsyncIterator[bytes], *, format: Format, name: str) -> StreamingResponse:
    """A streamed download named `name.<format>`."""
    headers = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    return StreamingResponse(body, media_type=MEDIA[format], headers=headers)


def stream_rows(
    format: Format, *, title: str, header: Row, rows: AsyncIterator[Row]
) -> AsyncIterator[bytes]:
    """One table as CSV or as a one-sheet workbook."""
    return csv_bytes(header, rows) if format == "csv" else xlsx_bytes([(title, header, rows)])
