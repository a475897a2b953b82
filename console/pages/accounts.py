"""Administration (admins only): accounts, their roles per council, disabling and enabling."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from ..client import ApiError
from ..forms import required
from ..i18n import gettext as _
from ..labels import ROLES
from ..web import Page, PageDep
from .admin import admin_only

router = APIRouter()


async def _choices(page: Page) -> dict[str, list[tuple[str, str]]]:
    """The councils an admin may grant for (theirs and every one below) and the roles."""
    found = await page.api.items("membership", "/councils")
    return {
        "council_options": [(c["code"], f"{c['name']} ({c['code']})") for c in found],
        "role_options": [(r, _(ROLES[r])) for r in ("viewer", "secretariat", "admin")],
    }


async def _list(
    page: Page, form: dict[str, str] | None = None, errors: dict[str, str] | None = None
) -> Response:
    found = await page.api.items("membership", "/accounts")
    values: dict[str, Any] = {"accounts": found, **await _choices(page)}
    values |= {"form": form or {"council": page.session.council, "role": "viewer"}}
    return page.render("accounts.html", 422 if errors else 200, errors=errors or {}, **values)


@router.get("/admin/akun")
async def accounts(page: PageDep) -> Response:
    """Accounts in my scope and the form for a new one."""
    admin_only(page)
    return await _list(page)


def _account_errors(form: dict[str, str]) -> dict[str, str]:
    errors = required(form, "email", "name", "password", "council", "role")
    if form.get("password") and len(form["password"]) < 10:
        errors["password"] = _("At least 10 characters.")
    return errors


@router.post("/admin/akun")
async def create(page: PageDep) -> Response:
    """Create an account with its first role; the password is told to the person privately."""
    admin_only(page)
    form = await page.form()
    errors = _account_errors(form)
    if not errors:
        body = {k: form[k] for k in ("email", "name", "password", "council", "role")}
        try:
            created = await page.api.post("membership", "/accounts", body)
            return page.redirect(f"/admin/akun/{created['id']}")
        except ApiError as exc:
            if exc.status not in (403, 409, 422):
                raise
            errors = exc.field_errors() or {"email": exc.detail}
    return await _list(page, form, errors)


async def _show(page: Page, account_id: str, error: str | None = None) -> Response:
    found = await page.api.get("membership", f"/accounts/{account_id}")
    values: dict[str, Any] = {"account": found, **await _choices(page)}
    return page.render("account.html", 422 if error else 200, error=error, **values)


@router.get("/admin/akun/{account_id}")
async def account(page: PageDep, account_id: str) -> Response:
    """One account: its roles per council, the grant form, disable or enable."""
    admin_only(page)
    return await _show(page, account_id)


async def _act(page: Page, account_id: str, method: str, path: str, body: Any = None) -> Response:
    try:
        await page.api.call("membership", method, f"/accounts/{account_id}{path}", json=body)
    except ApiError as exc:
        if exc.status not in (403, 409, 422):
            raise
        return await _show(page, account_id, exc.detail)
    return page.redirect(f"/admin/akun/{account_id}")


@router.post("/admin/akun/{account_id}/izin")
async def grant(page: PageDep, account_id: str) -> Response:
    """Give (or change) a role in a council of my scope."""
    admin_only(page)
    form = await page.form()
    if required(form, "council", "role"):
        return await _show(page, account_id, _("Choose a council and a role."))
    body = {"council": form["council"], "role": form["role"]}
    return await _act(page, account_id, "POST", "/grants", body)


@router.post("/admin/akun/{account_id}/izin/{council}/cabut")
async def revoke(page: PageDep, account_id: str, council: str) -> Response:
    """Withdraw the role in a council."""
    admin_only(page)
    await page.form()
    return await _act(page, account_id, "DELETE", f"/grants/{council}")


@router.post("/admin/akun/{account_id}/{action}")
async def status(page: PageDep, account_id: str, action: str) -> Response:
    """Disable (nonaktifkan) or enable (aktifkan) an account."""
    paths = {"nonaktifkan": "/disable", "aktifkan": "/enable"}
    if action not in paths:
        raise ApiError(404, "no such action")
    admin_only(page)
    await page.form()
    return await _act(page, account_id, "POST", paths[action])
