"""Administration (admins only): the councils below mine and their bidang."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import required
from ..web import Page, PageDep

router = APIRouter()


def admin_only(page: Page) -> None:
    """A 403 page for anyone who does not administer the council."""
    if not page.session.is_admin:
        raise ApiError(403, "admins only")


def bidang_of(text: str) -> list[str]:
    """Bidang typed one per line (or comma-separated), blanks left out."""
    parts = [p.strip() for line in text.splitlines() for p in line.split(",")]
    return list(dict.fromkeys(p for p in parts if p))


async def _show(
    page: Page, form: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> Response:
    code = page.session.council
    mine: dict[str, Any] = await page.api.get("membership", f"/councils/{code}")
    below = await page.api.items("membership", "/councils", parent=code)
    values = {"mine": mine, "below": below, "form": form or {}, "errors": errors or {}}
    return page.render("admin.html", 422 if errors else 200, **values)


@router.get("/admin")
async def councils(page: PageDep) -> Response:
    """My council's bidang, the councils directly below it, and the form for a new one."""
    admin_only(page)
    return await _show(page)


@router.post("/admin/dewan")
async def create_council(page: PageDep) -> Response:
    """Create a council below mine from its Kemendagri code."""
    admin_only(page)
    form = await page.form()
    errors = required(form, "code")
    if not errors:
        body = {"code": form["code"], "bidang": bidang_of(form.get("bidang", ""))}
        try:
            await page.api.post("membership", "/councils", body)
            return page.redirect("/admin")
        except ApiError as exc:
            if exc.status not in (403, 409, 422):
                raise
            errors = {"code": exc.detail}
    return await _show(page, form, errors)


@router.get("/admin/dewan/{code}")
async def council(page: PageDep, code: str) -> Response:
    """One council in my scope, with its bidang to edit."""
    admin_only(page)
    found = await page.api.get("membership", f"/councils/{code}")
    below = await page.api.items("membership", "/councils", parent=code)
    return page.render("admin_council.html", council=found, below=below, error=None)


@router.post("/admin/dewan/{code}/bidang")
async def set_bidang(page: PageDep, code: str) -> Response:
    """Replace a council's bidang (one per line)."""
    admin_only(page)
    form = await page.form()
    body = {"bidang": bidang_of(form.get("bidang", ""))}
    try:
        await page.api.call("membership", "PATCH", f"/councils/{code}", json=body)
    except ApiError as exc:
        if exc.status != 422:
            raise
        found = await page.api.get("membership", f"/councils/{code}")
        below = await page.api.items("membership", "/councils", parent=code)
        return page.render("admin_council.html", 422, council=found, below=below, error=exc.detail)
    return page.redirect(f"/admin/dewan/{code}")
