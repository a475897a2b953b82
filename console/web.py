"""What every page handler gets: the session, the API on the person's behalf, rendering."""

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared.regions import region_name

from . import charts, i18n, labels
from .auth import refresh
from .client import Api, ApiError, Services
from .session import Cookies, Session, csrf_valid

TEMPLATES = Environment(
    loader=FileSystemLoader(str(__import__("pathlib").Path(__file__).parent / "templates")),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
)
TEMPLATES.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]


def _translate_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Code and translated label pairs, for select options."""
    return [(value, i18n.gettext(text)) for value, text in pairs]


TEMPLATES.filters.update(
    rupiah=i18n.rupiah,
    number=i18n.number,
    percent=i18n.percent,
    day=i18n.day,
    translate_pairs=_translate_pairs,
)
TEMPLATES.globals.update(
    moment=i18n.moment, zone_name=i18n.zone_name, council_name=region_name, **labels.ALL
)
TEMPLATES.globals.update(
    chart_bars=charts.bars, by_source=charts.by_source, kpi_steps=charts.kpi_steps
)


class SignInRequired(Exception):
    """No valid session: the person is sent to the sign-in page."""


class BadCsrf(Exception):
    """A form came without the browser's CSRF token."""


@dataclass
class Page:
    """One request of a signed-in person."""

    request: Request
    session: Session
    api: Api

    def render(self, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        """A whole page, or the partial an htmx request asks for."""
        return render(self.request, template, status=status, session=self.session, **values)

    def redirect(self, url: str) -> Response:
        """After a successful form: to the given page (htmx follows HX-Redirect)."""
        if self.request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    async def form(self) -> dict[str, str]:
        """The posted form, once its CSRF token checked out."""
        return await checked_form(self.request)


def render(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """Render a template with the console's common values."""
    cookies: Cookies = request.app.state.cookies
    context = {
        "request": request,
        "lang": i18n.current(),
        "csrf": cookies.csrf(request),
        "path": request.url.path,
        **values,
    }
    html = TEMPLATES.get_template(template).render(context)
    return HTMLResponse(html, status_code=status)


async def checked_form(request: Request) -> dict[str, str]:
    """The posted fields; `BadCsrf` when the token does not match the cookie."""
    form = await request.form()
    fields = {k: str(v).strip() for k, v in form.multi_items() if isinstance(v, str)}
    if not csrf_valid(request, fields.get("csrf_token")):
        raise BadCsrf
    return fields


def api_for(request: Request, token: str | None) -> Api:
    """The services on behalf of a token, in the request's language."""
    services: Services = request.app.state.services
    return Api(services, token, i18n.current())


async def _page(request: Request) -> Page:
    cookies: Cookies = request.app.state.cookies
    margin = request.app.state.settings.refresh_margin_s
    session = cookies.read(request)
    if session is None:
        raise SignInRequired
    if session.stale(margin):
        try:
            session = await refresh(api_for(request, None), session)
        except ApiError as exc:
            raise SignInRequired from exc
        request.state.new_session = session
    return Page(request=request, session=session, api=api_for(request, session.access_token))


PageDep = Annotated[Page, Depends(_page)]


def sign_in_url(request: Request) -> str:
    """The sign-in page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/masuk?next={quote(target)}"
