"""The door offline: the service worker, and the check-ins queued while the connection is down."""

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..client import ApiError
from ..session import csrf_valid
from ..web import BadCsrf, PageDep

router = APIRouter()
WORKER = Path(__file__).parent.parent / "static" / "offline" / "sw.js"
QUEUE_MAX = 500
Short = Annotated[str, Field(min_length=1, max_length=64)]


class Tap(BaseModel):
    """One check-in made at the door, perhaps offline."""

    model_config = ConfigDict(extra="forbid")

    member_id: Short
    client_id: Short
    checked_in_at: AwareDatetime


class Queue(BaseModel):
    """The check-ins waiting on a device."""

    model_config = ConfigDict(extra="forbid")

    check_ins: list[Tap] = Field(max_length=QUEUE_MAX)


@router.get("/sw.js", include_in_schema=False)
async def worker() -> Response:
    """The service worker, from the root so that it may control the agenda's pages."""
    headers = {"Service-Worker-Allowed": "/agenda/", "Cache-Control": "no-cache"}
    return FileResponse(WORKER, media_type="text/javascript", headers=headers)


@router.post("/agenda/{event_id}/antrean")
async def send_queue(page: PageDep, event_id: str, queue: Queue) -> JSONResponse:
    """Forward each waiting check-in to events: sent, refused (shown to the person) or retry."""
    if not csrf_valid(page.request, None):
        raise BadCsrf
    results = [await _forward(page, event_id, tap) for tap in queue.check_ins]
    return JSONResponse({"results": results})


async def _forward(page: Any, event_id: str, tap: Tap) -> dict[str, Any]:
    body = tap.model_dump(mode="json")
    outcome: dict[str, Any] = {"client_id": tap.client_id, "member_id": tap.member_id}
    try:
        entry = await page.api.post("events", f"/events/{event_id}/check-ins", body)
    except ApiError as exc:
        retry = exc.status in (401, 408, 429) or exc.status >= 500
        return outcome | {"status": "retry" if retry else "refused", "detail": exc.detail}
    return outcome | {"status": "sent", "checked_in_at": entry.get("checked_in_at")}
