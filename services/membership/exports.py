"""Member exports (CSV, XLSX) within the caller's scope; contact data only when asked for."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Query
from fastapi.responses import StreamingResponse
from pymongo.asynchronous.collection import AsyncCollection

from shared.auth import CallerDep
from shared.contracts.events import BusinessScale, CraftCategory, MemberKind
from shared.export_log import Counter, ExportLogDep, exports_router, recorded
from shared.exports import FILE_RESPONSES, FormatQuery, Row, file_response, paged, stream_rows
from shared.persistence import Document
from shared.problem_docs import api_router
from shared.regions import region_name

from . import handlers
from .deps import COUNCIL_CODE, UowDep
from .repository import member_filter as member_filter  # the filter bench/exports.py uses

COLUMNS = (
    "id",
    "council",
    "council_name",
    "kind",
    "name",
    "nib",
    "category",
    "scale",
    "owner_name",
    "digital_channels",
    "capital",
    "yearly_sales",
    "created_at",
)
CONTACTS = ("phone", "email")
router = api_router()
router.include_router(exports_router("exports"))


def member_row(doc: Document, *, contacts: bool) -> Row:
    """One member as an export row (contact columns last, when asked for)."""
    values: dict[str, Any] = {**doc, "id": doc["_id"], "council_name": region_name(doc["council"])}
    values["digital_channels"] = ", ".join(doc.get("digital_channels") or [])
    names = COLUMNS + (CONTACTS if contacts else ())
    return [values.get(name) for name in names]


def member_rows(
    members: AsyncCollection[Document], match: Document, *, contacts: bool
) -> AsyncIterator[Row]:
    """The matching members, a page at a time, as rows."""
    return _rows(paged(members, match), contacts=contacts)


async def _rows(docs: AsyncIterator[Document], *, contacts: bool) -> AsyncIterator[Row]:
    async for doc in docs:
        yield member_row(doc, contacts=contacts)


@router.get(
    "/members/export", tags=["members"], response_class=StreamingResponse, responses=FILE_RESPONSES
)
async def export_members(
    caller: CallerDep,
    uow: UowDep,
    log: ExportLogDep,
    format: FormatQuery = "csv",
    council: Annotated[str | None, Query(pattern=COUNCIL_CODE, description="Council code")] = None,
    kind: MemberKind | None = None,
    category: CraftCategory | None = None,
    scale: BusinessScale | None = None,
    contacts: Annotated[
        bool, Query(description="Add phone and e-mail (secretariat or admin)")
    ] = False,
) -> StreamingResponse:
    """The members within the caller's scope (and `council`), streamed; the export is recorded."""
    scope, found = handlers.export_members(
        uow,
        caller=caller,
        council=council,
        contacts=contacts,
        kind=kind,
        category=category,
        scale=scale,
    )
    filters = {"council": council, "kind": kind, "category": category, "scale": scale}
    export_id = await log.start(
        caller, council=scope, what="members", format=format, filters=filters, contacts=contacts
    )
    counter = Counter()
    rows = counter.count(_rows(found, contacts=contacts))
    header = COLUMNS + (CONTACTS if contacts else ())
    body = stream_rows(format, title="Anggota", header=header, rows=rows)
    name = f"anggota-{scope}"
    return file_response(recorded(body, log, export_id, counter), format=format, name=name)
