"""Agenda: the month view (a server-rendered grid) and the calendar subscription (feed keys)."""

import calendar
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_day_names
from fastapi import APIRouter
from fastapi.responses import Response

from shared.regions import time_zone_of

from ..client import ApiError
from ..i18n import current
from ..web import Page, PageDep
from .common import today

router = APIRouter()


def _month(text: str, council: str) -> date:
    """The first day of the month asked for (YYYY-MM), or of this month."""
    try:
        return datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        return date.fromisoformat(today(council)).replace(day=1)


def _shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _weeks(first: date, events: list[dict[str, Any]], council: str) -> list[list[dict[str, Any]]]:
    """The month's weeks (Monday first), each day with the events starting on it."""
    zone = ZoneInfo(time_zone_of(council))
    by_day: dict[date, list[dict[str, Any]]] = {}
    for event in events:
        day = datetime.fromisoformat(event["starts_at"]).astimezone(zone).date()
        by_day.setdefault(day, []).append(event)
    grid = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [{"day": d, "inside": d.month == first.month, "events": by_day.get(d, [])} for d in week]
        for week in grid
    ]


@router.get("/agenda/bulan")
async def month(page: PageDep, bulan: str = "") -> Response:
    """A month of the council's agenda as a grid that needs no script."""
    council = page.session.council
    first = _month(bulan, council)
    last = _shift(first, 1).toordinal() - 1
    window = {"from": first.isoformat(), "to": date.fromordinal(last).isoformat()}
    found = await page.api.items("events", "/events", **window)
    names = get_day_names("abbreviated", locale=current())
    return page.render(
        "agenda_month.html",
        weeks=_weeks(first, found, council),
        title=format_date(first, "LLLL y", locale=current()),
        weekdays=[names[i] for i in range(7)],
        previous=_shift(first, -1).strftime("%Y-%m"),
        next=_shift(first, 1).strftime("%Y-%m"),
        today=today(council),
    )


async def _feeds(page: Page, created: dict[str, Any] | None = None) -> Response:
    council = page.session.council
    keys = await page.api.get("events", f"/councils/{council}/feed-keys")
    return page.render("agenda_feeds.html", keys=keys, created=created)


@router.get("/agenda/langganan")
async def feeds(page: PageDep) -> Response:
    """The calendar subscription: the council's feed keys."""
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    return await _feeds(page)


@router.post("/agenda/langganan")
async def create_feed(page: PageDep) -> Response:
    """A new feed key; its https and webcal:// addresses are shown this once."""
    await page.form()
    created = await page.api.post("events", f"/councils/{page.session.council}/feed-keys")
    return await _feeds(page, created)


@router.post("/agenda/langganan/{key_id}/cabut")
async def revoke_feed(page: PageDep, key_id: str) -> Response:
    """Revoke a feed key: calendars subscribed with it stop updating."""
    await page.form()
    council = page.session.council
    await page.api.call("events", "DELETE", f"/councils/{council}/feed-keys/{key_id}")
    return page.redirect("/agenda/langganan")
