"""Documents: the services' exports and printouts, fetched with the person's token and streamed."""

from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse
from starlette.background import BackgroundTask

from .. import i18n
from ..client import ApiError, _problem
from ..web import Page, PageDep

router = APIRouter()
KEPT = ("content-type", "content-disposition")
Code = Annotated[str, Query(max_length=20)]


async def relay(page: Page, service: str, path: str, **params: str) -> Response:
    """The service's file, streamed as it comes (its type and file name kept)."""
    client: httpx.AsyncClient = page.request.app.state.services.clients[service]
    headers = {"Accept-Language": i18n.current()}
    headers["Authorization"] = f"Bearer {page.session.access_token}"
    wanted = {k: v for k, v in params.items() if v}
    request = client.build_request("GET", path, params=wanted, headers=headers)
    try:
        upstream = await client.send(request, stream=True)
    except httpx.HTTPError as exc:
        raise ApiError(503, f"{service} is not reachable: {exc}") from exc
    if upstream.status_code >= 400:
        await upstream.aread()
        await upstream.aclose()
        raise _problem(upstream)
    kept = {k: upstream.headers[k] for k in KEPT if k in upstream.headers}
    return StreamingResponse(
        upstream.aiter_bytes(), headers=kept, background=BackgroundTask(upstream.aclose)
    )


@router.get("/dokumen/anggota")
async def members(
    page: PageDep,
    format: Literal["csv", "xlsx"] = "xlsx",
    kontak: int = 0,
    council: Code = "",
    kind: Code = "",
    category: Code = "",
    scale: Code = "",
) -> Response:
    """The member list (of the council chosen, else the person's), contacts when asked for."""
    params = {"format": format, "council": council or page.session.council}
    params |= {"kind": kind, "category": category, "scale": scale}
    params["contacts"] = "true" if kontak and page.session.can_write else ""
    return await relay(page, "membership", "/members/export", **params)


@router.get("/dokumen/kegiatan/{event_id}/hadir.xlsx")
async def attendance(page: PageDep, event_id: str) -> Response:
    """An event's attendance as XLSX."""
    return await relay(page, "events", f"/events/{event_id}/attendance/export")


@router.get("/dokumen/kegiatan/{event_id}/daftar-hadir.pdf")
async def attendance_sheet(page: PageDep, event_id: str) -> Response:
    """An event's daftar hadir (with a signature column) as PDF."""
    return await relay(page, "events", f"/events/{event_id}/attendance.pdf")


@router.get("/dokumen/pengurus/{term_id}/susunan.pdf")
async def roster(page: PageDep, term_id: str) -> Response:
    """A term's susunan pengurus as PDF."""
    return await relay(page, "membership", f"/terms/{term_id}/roster.pdf")


@router.get("/dokumen/rencana/{term_id}.xlsx")
async def work_plan(page: PageDep, term_id: str) -> Response:
    """A term's work plan (programs, KPIs, budget per source) as XLSX."""
    return await relay(page, "programs", f"/workplans/{term_id}/export")


@router.get("/dokumen/program/{program_id}/monev.xlsx")
async def monev(page: PageDep, program_id: str) -> Response:
    """The monev of a program's businesses as XLSX."""
    return await relay(page, "programs", f"/programs/{program_id}/evaluations/export")
