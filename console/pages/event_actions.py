"""Changing an event: reschedule, call it off, drop registrations (secretariat and admins)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import Response

from shared.regions import time_zone_of

from ..client import ApiError
from ..forms import required
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import or_refusal

router = APIRouter()


def _form_of(event: dict[str, Any]) -> dict[str, str]:
    """The event's day, times and venue on the council's wall clock."""
    zone = ZoneInfo(time_zone_of(event["council"]))
    starts = datetime.fromisoformat(event["starts_at"]).astimezone(zone)
    ends = datetime.fromisoformat(event["ends_at"]).astimezone(zone)
    return {
        "day": starts.date().isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": ends.strftime("%H:%M"),
        "venue": event.get("venue") or "",
    }


async def _show(
    page: Page,
    event_id: str,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    event = await page.api.get("events", f"/events/{event_id}")
    values = {"event": event, "form": form or _form_of(event), "errors": errors or {}}
    return page.render("event_actions.html", 422 if errors else 200, **values)


@router.get("/agenda/{event_id}/ubah")
async def actions(page: PageDep, event_id: str) -> Response:
    """The reschedule form, calling the event off, and dropping registrations."""
    return await _show(page, event_id)


def _at(day: str, clock: str, zone: ZoneInfo) -> str:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=zone).isoformat()


@router.post("/agenda/{event_id}/jadwal-ulang")
async def reschedule(page: PageDep, event_id: str) -> Response:
    """Move the event to another day, time or venue."""
    form = await page.form()
    errors = required(form, "day", "start", "end")
    if not errors and form["end"] <= form["start"]:
        errors["end"] = _("The end comes after the start.")
    if not errors:
        zone = ZoneInfo(time_zone_of(page.session.council))
        body = {
            "starts_at": _at(form["day"], form["start"], zone),
            "ends_at": _at(form["day"], form["end"], zone),
            "venue": form.get("venue") or None,
        }
        done = await or_refusal(page.api.post("events", f"/events/{event_id}/reschedule", body))
        if not isinstance(done, ApiError):
            return page.redirect(f"/agenda/{event_id}")
        errors = {"day": done.detail}
    return await _show(page, event_id, form, errors)


@router.post("/agenda/{event_id}/batalkan")
async def cancel(page: PageDep, event_id: str) -> Response:
    """Call the event off, with an optional reason."""
    form = await page.form()
    body = {"reason": form["reason"]} if form.get("reason") else None
    await page.api.post("events", f"/events/{event_id}/cancel", body)
    return page.redirect(f"/agenda/{event_id}")


@router.post("/agenda/{event_id}/daftar/{member_id}/batal")
async def drop(page: PageDep, event_id: str, member_id: str) -> Response:
    """Drop one registration; the first on the waitlist moves up."""
    await page.form()
    await page.api.call("events", "DELETE", f"/events/{event_id}/registrations/{member_id}")
    return page.redirect(f"/agenda/{event_id}/ubah")
