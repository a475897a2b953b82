"""The attendance of an event as CSV or XLSX (recorded like every export)."""

from collections.abc import AsyncIterator, Mapping

from fastapi.responses import StreamingResponse

from shared.auth import CallerDep
from shared.export_log import Counter, ExportLogDep, exports_router, recorded
from shared.exports import FILE_RESPONSES, FormatQuery, Row, file_response, stream_rows
from shared.problem_docs import api_router

from .deps import UowDep
from .domain import Event
from .handlers import scheduling

HEADER = (
    "no",
    "member_id",
    "member_name",
    "status",
    "registered_at",
    "checked_in_at",
    "attended",
)
router = api_router()
router.include_router(exports_router("exports"))


def attendance(event: Event, names: Mapping[str, str]) -> list[Row]:
    """Every registration in order, then attendees given at conclusion who had none."""
    attended = set(event.attendee_ids)
    if event.status != "concluded":
        attended = set(event.roster.checked_in_ids)
    rows: list[Row] = []
    for entry in event.registrations:
        rows.append(
            [
                len(rows) + 1,
                entry.member_id,
                names.get(entry.member_id),
                entry.status,
                entry.registered_at,
                entry.checked_in_at,
                "ya" if entry.member_id in attended else "tidak",
            ]
        )
    registered = {entry.member_id for entry in event.registrations}
    for member_id in event.attendee_ids:
        if member_id not in registered:
            rows.append([len(rows) + 1, member_id, names.get(member_id), None, None, None, "ya"])
    return rows


async def _each(rows: list[Row]) -> AsyncIterator[Row]:
    for row in rows:
        yield row


@router.get(
    "/events/{event_id}/attendance/export",
    tags=["registrations"],
    response_class=StreamingResponse,
    responses=FILE_RESPONSES,
)
async def export_attendance(
    event_id: str, caller: CallerDep, uow: UowDep, log: ExportLogDep, format: FormatQuery = "csv"
) -> StreamingResponse:
    """Registrations, check-in times and attendance as a file; the export is recorded."""
    shown = await scheduling.get_event(uow, caller=caller, event_id=event_id)
    event, rows = shown.event, attendance(shown.event, shown.names)
    export_id = await log.start(
        caller,
        council=event.council,
        what="attendance",
        format=format,
        filters={"event_id": event.id},
    )
    counter = Counter()
    body = stream_rows(format, title="Kehadiran", header=HEADER, rows=counter.count(_each(rows)))
    name = f"kehadiran-{event.council}-{event.id}"
    return file_response(recorded(body, log, export_id, counter), format=format, name=name)
