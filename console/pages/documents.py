"""Documents: the services' exports and printouts, fetched with the person's token and streamed."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Literal
from urllib.parse import quote

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


FILES = {  # the console's address: the service and its address of the same record's file
    # an event's attendance (XLSX) and its daftar hadir with a signature column (PDF)
    "/dokumen/kegiatan/{id}/hadir.xlsx": ("events", "/events/{id}/attendance/export"),
    "/dokumen/kegiatan/{id}/daftar-hadir.pdf": ("events", "/events/{id}/attendance.pdf"),
    # a term's susunan pengurus (PDF) and work plan: programs, KPIs, budget per source (XLSX)
    "/dokumen/pengurus/{id}/susunan.pdf": ("membership", "/terms/{id}/roster.pdf"),
    "/dokumen/rencana/{id}.xlsx": ("programs", "/workplans/{id}/export"),
    # the monev of a program's businesses (XLSX)
    "/dokumen/program/{id}/monev.xlsx": ("programs", "/programs/{id}/evaluations/export"),
}


def _one_file(service: str, upstream: str) -> Callable[[Page, str], Awaitable[Response]]:
    """The route that relays one record's file from `service`."""

    async def fetch(page: PageDep, id: str) -> Response:
        return await relay(page, service, upstream.format(id=quote(id, safe="")))

    return fetch


for _path, (_service, _upstream) in FILES.items():
    router.add_api_route(_path, _one_file(_service, _upstream), methods=["GET"])
