"""Sign-in, choosing the council, sign-out and the language switch."""

from urllib.parse import urlparse

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from .. import i18n
from ..auth import refresh, sign_in, sign_out
from ..client import ApiError
from ..session import LANG_COOKIE, Cookies
from ..web import PageDep, api_for, checked_form, render

router = APIRouter()


def _safe(target: str | None) -> str:
    """Only paths on this site: never send a person elsewhere after signing in."""
    if not target or urlparse(target).netloc or not target.startswith("/") or "//" in target:
        return "/"
    return target


@router.get("/masuk")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return render(request, "signin.html", next=_safe(next), email="", error=None)


@router.post("/masuk")
async def sign_in_submit(request: Request) -> Response:
    """Check e-mail and password with membership; start the session."""
    form = await checked_form(request)
    email, target = form.get("email", ""), _safe(form.get("next"))
    try:
        session = await sign_in(api_for(request, None), email, form.get("password", ""))
    except ApiError as exc:
        if exc.status >= 500:
            raise
        error = i18n.gettext("Wrong e-mail or password.")
        if exc.status == 429:
            error = i18n.gettext("Too many attempts. Try again in a few minutes.")
        return render(request, "signin.html", status=401, next=target, email=email, error=error)
    request.state.new_session = session
    if len(session.grants) > 1:
        target = f"/dewan?next={target}"
    return RedirectResponse(target, status_code=303)


@router.get("/dewan")
async def council_page(page: PageDep, next: str = "/") -> Response:
    """Choose which of the person's councils to work in."""
    return page.render("councils.html", next=_safe(next))


@router.post("/dewan")
async def council_submit(page: PageDep) -> Response:
    """Switch the session to another council the person has a grant for."""
    form = await page.form()
    council = form.get("council")
    if council not in {g.get("council") for g in page.session.grants}:
        return page.redirect("/dewan")
    api = api_for(page.request, None)
    page.request.state.new_session = await refresh(api, page.session, council)
    return page.redirect(_safe(form.get("next")))


@router.post("/keluar")
async def sign_out_submit(page: PageDep) -> Response:
    """End the session here and at membership."""
    form = await page.form()
    await sign_out(api_for(page.request, None), page.session)
    page.request.state.end_session = True
    response = RedirectResponse("/masuk", status_code=303)
    if form.get("queue") == "clear":  # the device's door queue was sent or discarded first
        response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.get("/bahasa/{language}")
async def switch_language(request: Request, language: str, next: str = "/") -> Response:
    """Switch between Bahasa Indonesia and English."""
    response = RedirectResponse(_safe(next), status_code=303)
    if language in i18n.LANGUAGES:
        cookies: Cookies = request.app.state.cookies
        response.set_cookie(
            LANG_COOKIE, language, max_age=365 * 86400, samesite="lax", secure=cookies.secure
        )
    return response
