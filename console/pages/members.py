"""Anggota: search, register, edit and look up members."""

import asyncio
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import member_body, member_errors
from ..web import Page, PageDep

router = APIRouter()


async def _councils(page: Page) -> list[dict[str, Any]]:
    return await page.api.items("membership", "/councils")


@router.get("/anggota")
async def members(
    page: PageDep,
    q: str = "",
    kind: str = "",
    category: str = "",
    scale: str = "",
    council: str = "",
    p: int = 1,
) -> Response:
    """Members within the person's scope: search and filters."""
    found, councils = await asyncio.gather(
        page.api.get(
            "membership",
            "/members",
            q=q[:100],
            kind=kind,
            category=category,
            scale=scale,
            council=council,
            page=max(p, 1),
            size=50,
        ),
        _councils(page),
    )
    items = found["items"]
    filters = {"q": q, "kind": kind, "category": category, "scale": scale, "council": council}
    return page.render(
        "members.html", found=found, items=items, filters=filters, councils=councils, p=p
    )


async def _form(
    page: Page, member: dict[str, Any] | None, form: dict[str, str], **errors: Any
) -> Response:
    status = 422 if errors.get("errors") else 200
    return page.render(
        "member_form.html",
        status=status,
        member=member,
        form=form,
        councils=await _councils(page),
        errors=errors.get("errors", {}),
        problem=errors.get("problem"),
    )


@router.get("/anggota/baru")
async def new_member(page: PageDep, kind: str = "business") -> Response:
    """The registration form."""
    if not page.session.can_write:
        raise ApiError(403, "read-only")
    return await _form(page, None, {"kind": kind, "council": page.session.council})


@router.post("/anggota/baru")
async def register(page: PageDep) -> Response:
    """Register a person or business; field errors come back beside the fields."""
    form = await page.form()
    errors = member_errors(form)
    if errors:
        return await _form(page, None, form, errors=errors)
    body = {"council": form.get("council") or page.session.council, "kind": form["kind"]}
    try:
        created = await page.api.post("membership", "/members", {**body, **member_body(form)})
    except ApiError as exc:
        if exc.status != 422:
            raise
        return await _form(page, None, form, errors=exc.field_errors(), problem=exc.detail)
    return page.redirect(f"/anggota/{created['id']}?baru=1")


@router.get("/anggota/{member_id}")
async def member(page: PageDep, member_id: str, baru: int = 0) -> Response:
    """A member: their record, the events they attended, their monev history."""
    found = await page.api.get("membership", f"/members/{member_id}")
    events, evaluations = await asyncio.gather(
        page.api.items("events", "/events", council=found["council"]),
        _evaluations(page, member_id),
    )
    attended = [e for e in events if member_id in e.get("attendee_ids", [])]
    return page.render(
        "member.html", member=found, attended=attended, evaluations=evaluations, created=baru
    )


async def _evaluations(page: Page, member_id: str) -> list[dict[str, Any]]:
    try:
        answer = await page.api.get("programs", f"/members/{member_id}/evaluations")
    except ApiError:
        return []
    return list(answer.get("evaluations", []))


@router.get("/anggota/{member_id}/ubah")
async def edit_member(page: PageDep, member_id: str) -> Response:
    """The edit form, filled in."""
    found = await page.api.get("membership", f"/members/{member_id}")
    form = {k: "" if v is None else str(v) for k, v in found.items() if not isinstance(v, list)}
    form["digital_channels"] = ", ".join(found.get("digital_channels") or [])
    return await _form(page, found, form)


@router.post("/anggota/{member_id}/ubah")
async def update_member(page: PageDep, member_id: str) -> Response:
    """Save the changed fields."""
    found = await page.api.get("membership", f"/members/{member_id}")
    form = {**(await page.form()), "kind": found["kind"]}
    errors = member_errors(form)
    if errors:
        return await _form(page, found, form, errors=errors)
    try:
        await page.api.call("membership", "PATCH", f"/members/{member_id}", json=member_body(form))
    except ApiError as exc:
        if exc.status != 422:
            raise
        return await _form(page, found, form, errors=exc.field_errors(), problem=exc.detail)
    return page.redirect(f"/anggota/{member_id}")
