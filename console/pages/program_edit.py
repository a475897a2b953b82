"""Editing a draft program's plan: title, category, bidang and planned dates."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import required
from ..i18n import gettext as _
from ..web import Page, PageDep
from .common import or_refusal

router = APIRouter()
FIELDS = ("title", "category", "bidang", "planned_start", "planned_end")


async def _form_page(
    page: Page, program: dict[str, Any], form: dict[str, Any], errors: dict[str, str]
) -> Response:
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    values = {"program": program, "form": form, "errors": errors}
    return page.render("program_edit.html", 422 if errors else 200, **values)


@router.get("/program/{program_id}/ubah")
async def edit(page: PageDep, program_id: str) -> Response:
    """The plan of a draft program, to change."""
    program = await page.api.get("programs", f"/programs/{program_id}")
    form = {name: program.get(name) or "" for name in FIELDS}
    return await _form_page(page, program, form, {})


@router.post("/program/{program_id}/ubah")
async def save(page: PageDep, program_id: str) -> Response:
    """Save the changed plan (only while the program is a draft)."""
    form = await page.form()
    errors = required(form, "title", "category")
    if not errors and form.get("planned_end", "") < form.get("planned_start", ""):
        errors["planned_end"] = _("The end comes after the start.")
    if not errors:
        body = {name: form.get(name) or None for name in FIELDS}
        path = f"/programs/{program_id}"
        done = await or_refusal(page.api.call("programs", "PATCH", path, json=body))
        if not isinstance(done, ApiError):
            return page.redirect(f"/program/{program_id}")
        errors = done.field_errors() or {"title": done.detail}
    program = await page.api.get("programs", f"/programs/{program_id}")
    return await _form_page(page, program, form, errors)
