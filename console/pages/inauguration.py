"""Inauguration through an event: an agenda item of type inauguration covering draft terms."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shared.regions import time_zone_of

from ..client import ApiError
from ..forms import required
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import or_refusal, today

router = APIRouter()


async def _form_page(
    page: Page, form: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    drafts = await page.api.items("membership", "/terms", status="draft")
    return page.render("inauguration_form.html", status, form=form, errors=errors, drafts=drafts)


@router.get("/agenda/pelantikan/baru")
async def new_inauguration(page: PageDep, term: str = "") -> Response:
    """The form: the ceremony's time and place and the draft terms it inaugurates."""
    form: dict[str, Any] = {"day": today(page.session.council), "start": "09:00", "end": "11:00"}
    form |= {"title": _("Inauguration of the board"), "term_ids": [term] if term else []}
    return await _form_page(page, form, {})


def _at(day: str, clock: str, council: str) -> str:
    zone = ZoneInfo(time_zone_of(council))
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=zone).isoformat()


@router.post("/agenda/pelantikan/baru")
async def schedule_inauguration(page: PageDep, request: Request) -> Response:
    """Schedule the inauguration; concluding it inaugurates the chosen terms."""
    fields = await page.form()
    chosen = [str(v) for v in (await request.form()).getlist("term_ids")]
    form: dict[str, Any] = {**fields, "term_ids": chosen}
    errors = required(fields, "title", "day", "start", "end")
    if not chosen:
        errors["term_ids"] = _("Choose at least one draft term.")
    if not errors:
        council = page.session.council
        body: dict[str, Any] = {"council": council, "type": "inauguration"}
        body |= {"title": fields["title"]}
        body |= {"venue": fields.get("venue") or None, "term_ids": chosen}
        body |= {"starts_at": _at(fields["day"], fields["start"], council)}
        body |= {"ends_at": _at(fields["day"], fields["end"], council)}
        created = await or_refusal(page.api.post("events", "/events", body))
        if not isinstance(created, ApiError):
            return page.redirect(f"/agenda/{created['id']}")
        errors = created.field_errors() or {"title": created.detail}
    return await _form_page(page, form, errors, 422)
