"""Agenda: the list, the event form, registrations, the check-in page at the door, conclusion."""

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import Response

from shared.regions import time_zone_of

from ..client import ApiError
from ..forms import required
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import member_names, or_refusal, today

router = APIRouter()


@router.get("/agenda")
async def agenda(page: PageDep, semua: int = 0) -> Response:
    """Coming events (or all of them), earliest first."""
    council = page.session.council
    since = None if semua else today(council)
    found = await page.api.items("events", "/events", **{"from": since})
    return page.render("events.html", events=found, all=semua)


async def _programs(page: Page) -> list[dict[str, Any]]:
    found = await page.api.items("programs", "/programs", council=page.session.council)
    return [p for p in found if p["status"] in ("approved", "in_progress")]


def _event_errors(form: dict[str, str]) -> dict[str, str]:
    errors = required(form, "title", "type", "day", "start", "end")
    if not errors and form["end"] <= form["start"]:
        errors["end"] = _("The end comes after the start.")
    if form.get("capacity") and not form["capacity"].isdigit():
        errors["capacity"] = _("Write a whole number.")
    return errors


def _at(form: dict[str, str], field: str, council: str) -> str:
    zone = ZoneInfo(time_zone_of(council))
    moment = datetime.combine(date.fromisoformat(form["day"]), time.fromisoformat(form[field]))
    return moment.replace(tzinfo=zone).isoformat()


@router.get("/agenda/baru")
async def new_event(page: PageDep, program: str = "") -> Response:
    """The event form."""
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    form = {"type": "training", "day": today(page.session.council), "program_id": program}
    form |= {"start": "09:00", "end": "12:00"}
    return page.render("event_form.html", form=form, errors={}, programs=await _programs(page))


@router.post("/agenda/baru")
async def schedule(page: PageDep) -> Response:
    """Schedule the event; venue overlaps come back as warnings on its page."""
    form, council = await page.form(), page.session.council
    errors = _event_errors(form)
    if not errors:
        body = {
            "council": council,
            "type": form["type"],
            "title": form["title"],
            "venue": form.get("venue") or None,
            "starts_at": _at(form, "start", council),
            "ends_at": _at(form, "end", council),
            "capacity": int(form["capacity"]) if form.get("capacity") else None,
            "program_id": form.get("program_id") or None,
        }
        created = await or_refusal(page.api.post("events", "/events", body))
        if not isinstance(created, ApiError):
            return await _show(page, created, warnings=created.get("warnings", []))
        errors = created.field_errors() or {"title": created.detail}
    programs = await _programs(page)
    return page.render("event_form.html", 422, form=form, errors=errors, programs=programs)


async def _show(page: Page, event: dict[str, Any], warnings: list[Any] | None = None) -> Response:
    ids = [r["member_id"] for r in event["registrations"]]
    names = await member_names(page.api, ids)
    return page.render("event.html", event=event, names=names, warnings=warnings or [])


@router.get("/agenda/{event_id}")
async def event(page: PageDep, event_id: str) -> Response:
    """An event with its registrations and waitlist, by name."""
    return await _show(page, await page.api.get("events", f"/events/{event_id}"))


@router.get("/agenda/{event_id}/calon")
async def candidates(page: PageDep, event_id: str, q: str = "") -> Response:
    """Members to register, found by name (an htmx partial)."""
    found = await page.api.get("events", f"/events/{event_id}")
    taken = {r["member_id"] for r in found["registrations"]}
    members = await page.api.items("membership", "/members", q=q[:100], size=20) if q else []
    return page.render(
        "_candidates.html", event=found, members=[m for m in members if m["id"] not in taken]
    )


@router.post("/agenda/{event_id}/daftar")
async def register(page: PageDep, event_id: str) -> Response:
    """Register a member (confirmed while places remain, else waitlisted)."""
    form = await page.form()
    body = {"member_id": form.get("member_id", "")}
    await page.api.post("events", f"/events/{event_id}/registrations", body)
    return page.redirect(f"/agenda/{event_id}")


@router.get("/agenda/{event_id}/hadir")
async def check_in_page(page: PageDep, event_id: str, q: str = "") -> Response:
    """The door: confirmed registrants found by name, one tap each."""
    found = await page.api.get("events", f"/events/{event_id}")
    rows = await _rows(page, found, q)
    return page.render("checkin.html", event=found, rows=rows, q=q)


async def _rows(page: Page, event: dict[str, Any], q: str) -> list[dict[str, Any]]:
    confirmed = [r for r in event["registrations"] if r["status"] == "confirmed"]
    names = await member_names(page.api, [r["member_id"] for r in confirmed])
    rows = [{**r, "name": names[r["member_id"]]} for r in confirmed]
    needle = q.casefold().strip()
    return sorted(
        (r for r in rows if needle in r["name"].casefold()), key=lambda r: r["name"].casefold()
    )


@router.post("/agenda/{event_id}/hadir/{member_id}")
async def check_in(page: PageDep, event_id: str, member_id: str) -> Response:
    """Check one registrant in; htmx swaps their row."""
    await page.form()
    entry = await page.api.post("events", f"/events/{event_id}/check-ins", {"member_id": member_id})
    if not page.request.headers.get("hx-request"):
        return page.redirect(f"/agenda/{event_id}/hadir")
    names = await member_names(page.api, [member_id])
    found = await page.api.get("events", f"/events/{event_id}")
    row = {**entry, "name": names[member_id]}
    return page.render("_checkin_row.html", event=found, row=row)


@router.post("/agenda/{event_id}/selesai")
async def conclude(page: PageDep, event_id: str) -> Response:
    """Record that the event took place, with those who checked in."""
    await page.form()
    await page.api.post("events", f"/events/{event_id}/conclude", None)
    return page.redirect(f"/agenda/{event_id}")
