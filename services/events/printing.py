"""The attendance list (daftar hadir) of an event as a printable PDF, in Indonesian."""

from fastapi import Response

from shared.auth import CallerDep
from shared.printing import PDF_RESPONSES, council_title, document, pdf_response, tanggal
from shared.problem_docs import api_router

from .deps import UowDep
from .domain import Event
from .domain.times import local_time
from .handlers import scheduling

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
router = api_router()


def attendance_pdf(event: Event, names: dict[str, str]) -> bytes:
    """Council, event, day, time and place, then one row per participant to sign."""
    start, end = event.local_starts_at, event.local_ends_at
    days = tanggal(start.date())
    if end.date() != start.date():
        days += f" s.d. {tanggal(end.date())}"
    confirmed = [entry for entry in event.registrations if entry.status == "confirmed"]
    ids = [entry.member_id for entry in confirmed]
    ids += [m for m in event.attendee_ids if m not in ids]
    arrived = {e.member_id: e.checked_in_at for e in confirmed if e.checked_in_at}
    rows = []
    for i, member_id in enumerate(ids, start=1):
        at = arrived.get(member_id)
        shown = f"{local_time(at, council=event.council):%H.%M}" if at else ""
        rows.append([str(i), names.get(member_id, member_id), shown, ""])
    return document(
        title="DAFTAR HADIR",
        subtitles=[council_title(event.council), event.title],
        lines=[
            f"Hari/tanggal: {DAYS[start.weekday()]}, {days}",
            f"Waktu: {start:%H.%M} - {end:%H.%M} {start.tzname()}",
            f"Tempat: {event.venue or '-'}",
        ],
        header=["No", "Nama", "Jam Hadir", "Tanda Tangan"],
        rows=rows,
        widths=[12, 82, 25, 55],
        row_height=12,
    )


@router.get(
    "/events/{event_id}/attendance.pdf",
    tags=["registrations"],
    response_class=Response,
    responses=PDF_RESPONSES,
)
async def attendance_list(event_id: str, caller: CallerDep, uow: UowDep) -> Response:
    """The attendance list (daftar hadir) with a signature column, to print for the door."""
    shown = await scheduling.get_event(uow, caller=caller, event_id=event_id)
    pdf = attendance_pdf(shown.event, shown.names)
    return pdf_response(pdf, name=f"daftar-hadir-{shown.event.council}-{shown.event.id}")
