"""The console's FastAPI app: pages, static assets, sessions, errors, health and metrics."""

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared.observability import HTTP_LATENCY, configure_logging

from . import i18n
from .client import ApiError, Services
from .pages import ROUTERS
from .session import LANG_COOKIE, Cookies
from .settings import ConsoleSettings
from .web import BadCsrf, SignInRequired, render, sign_in_url

STATIC = Path(__file__).parent / "static"


def create_app(settings: ConsoleSettings) -> FastAPI:
    """The console app for the given settings."""
    configure_logging(settings.service, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = Services(settings.service_urls, settings.service_timeout_s)
        yield
        await app.state.services.close()

    app = FastAPI(title="Dekranasda console", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.cookies = Cookies(
        settings.secret_key.get_secret_value(),
        ttl_s=settings.session_ttl_s,
        secure=not settings.local,
    )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.middleware("http")(_around)
    _errors(app)
    _operations(app)
    for router in ROUTERS:
        app.include_router(router)
    return app


async def _around(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Language, session and CSRF cookies, and the request's latency."""
    started = time.perf_counter()
    i18n.use(
        i18n.negotiate(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    )
    response = await call_next(request)
    cookies: Cookies = request.app.state.cookies
    new_session = getattr(request.state, "new_session", None)
    if new_session is not None:
        cookies.write(response, new_session)
    if getattr(request.state, "end_session", False):
        cookies.clear(response)
    cookies.keep_csrf(request, response)
    response.headers.setdefault("Cache-Control", "no-store")
    route = getattr(request.scope.get("route"), "path", "unmatched")
    HTTP_LATENCY.labels("console", request.method, route, response.status_code).observe(
        time.perf_counter() - started
    )
    return response


def _errors(app: FastAPI) -> None:
    async def signed_out(request: Request, exc: Exception) -> Response:
        url = sign_in_url(request)
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    async def bad_csrf(request: Request, exc: Exception) -> Response:
        return render(request, "error.html", status=403, status_code=403, kind="csrf")

    async def service_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        if exc.status == 401:
            request.state.end_session = True
            return await signed_out(request, exc)
        session = request.app.state.cookies.read(request)
        kind = {403: "forbidden", 404: "missing"}.get(exc.status, "failed")
        return render(
            request,
            "error.html",
            status=exc.status if exc.status in (403, 404, 409, 422) else 502,
            status_code=exc.status,
            kind=kind,
            detail=exc.detail,
            session=session,
        )

    app.add_exception_handler(SignInRequired, signed_out)
    app.add_exception_handler(BadCsrf, bad_csrf)
    app.add_exception_handler(ApiError, service_error)


def _operations(app: FastAPI) -> None:
    @app.get("/health", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": "console"}

    @app.get("/ready", include_in_schema=False)
    async def ready(request: Request) -> JSONResponse:
        checks = await request.app.state.services.reachable()
        ok = all(checks.values())
        body = {"status": "ready" if ok else "not ready", "checks": checks}
        return JSONResponse(body, status_code=200 if ok else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
