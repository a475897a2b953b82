"""The board roster (susunan pengurus) of a term as a printable PDF, in Indonesian."""

from datetime import timedelta

from fastapi import Response

from shared.auth import CallerDep
from shared.printing import PDF_RESPONSES, council_title, document, pdf_response, tanggal
from shared.problem_docs import api_router

from . import handlers
from .deps import UowDep
from .domain.terms import Term

STATUS = {"draft": "Draf", "inaugurated": "Dikukuhkan", "ended": "Berakhir"}
router = api_router()


def roster_pdf(term: Term) -> bytes:
    """The roster: council, period, decree, then every position with its bidang and holder."""
    last_day = term.period_end - timedelta(days=1)  # the period is half-open
    lines = [
        f"Periode: {tanggal(term.period_start)} s.d. {tanggal(last_day)}",
        f"Nomor SK: {term.decree_number or '-'}",
        f"Status: {STATUS.get(term.status, term.status)}",
    ]
    rows = [
        [str(i), seat.title, seat.bidang or "-", seat.member_name or seat.member_id]
        for i, seat in enumerate(term.positions, start=1)
    ]
    return document(
        title="SUSUNAN PENGURUS",
        subtitles=[
            council_title(term.council),
            f"Masa Bakti {term.period_start.year}-{last_day.year}",
        ],
        lines=lines,
        header=["No", "Jabatan", "Bidang", "Nama"],
        rows=rows,
        widths=[12, 55, 50, 57],
    )


@router.get(
    "/terms/{term_id}/roster.pdf",
    tags=["terms"],
    response_class=Response,
    responses=PDF_RESPONSES,
)
async def term_roster(term_id: str, caller: CallerDep, uow: UowDep) -> Response:
    """The board roster (susunan pengurus) of a term as a PDF to print or file with the decree."""
    term = await handlers.get_term(uow, caller=caller, term_id=term_id)
    return pdf_response(roster_pdf(term), name=f"susunan-pengurus-{term.council}-{term.id}")
