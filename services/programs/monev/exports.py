"""Export of a program's monev: every evaluation of its businesses, streamed, recorded."""

from collections.abc import AsyncIterator

from fastapi.responses import StreamingResponse

from shared.auth import CallerDep
from shared.export_log import Counter, ExportLogDep, recorded
from shared.exports import FILE_RESPONSES, FormatQuery, Row, file_response, stream_rows
from shared.persistence import Document
from shared.problem_docs import api_router

from ..deps import UowDep
from . import handlers
from .handlers import Named

MONEV_HEADER = (
    "evaluation_id",
    "member_id",
    "member_name",
    "evaluated_on",
    "score",
    "monthly_revenue",
    "employees",
    "digital_channels",
    "certifications",
    "marketplaces",
    "notes",
    "withdrawn_at",
)
LISTS = ("digital_channels", "certifications", "marketplaces")
router = api_router()


async def monev_rows(named: AsyncIterator[Named[Document]]) -> AsyncIterator[Row]:
    """One row per stored evaluation, with the business's name."""
    async for item in named:
        d, found = item.record, item.record.get("indicators") or {}
        lists = [", ".join(found.get(k) or []) for k in LISTS]
        yield [
            *(d["_id"], d["member_id"], item.member_name, str(d["evaluated_on"])[:10]),
            *(d.get("score"), found.get("monthly_revenue"), found.get("employees"), *lists),
            *(d.get("notes"), d.get("withdrawn_at")),
        ]


@router.get(
    "/programs/{program_id}/evaluations/export",
    tags=["monev"],
    response_class=StreamingResponse,
    responses=FILE_RESPONSES,
)
async def export_monev(
    program_id: str, caller: CallerDep, uow: UowDep, log: ExportLogDep, format: FormatQuery = "csv"
) -> StreamingResponse:
    """The monev of a program's businesses (every evaluation); the export is recorded."""
    program, named = await handlers.monev_export(uow, caller=caller, program_id=program_id)
    export_id = await log.start(
        caller,
        council=program.council,
        what="monev",
        format=format,
        filters={"program_id": program_id},
    )
    counter = Counter()
    rows = counter.count(monev_rows(named))
    body = stream_rows(format, title="Monev", header=MONEV_HEADER, rows=rows)
    name = f"monev-{program.council}-{program.id}"
    return file_response(recorded(body, log, export_id, counter), format=format, name=name)
