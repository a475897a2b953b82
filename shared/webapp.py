"""The FastAPI app around a service's `Runtime`: its routes plus health, readiness, metrics,
problems, the offline API docs and the HTTP edge (deadline, body cap, access log, prefix)."""

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from shared import apidocs, problems
from shared.edge import Edge
from shared.messaging import Subscription
from shared.observability import configure_logging
from shared.observed import Observed
from shared.prefix import ForwardedPrefix
from shared.queries import reject_unknown_query
from shared.service import Runtime
from shared.tokens import TokenVerifier

log = logging.getLogger("shared.service")  # the start-up line operators grep for stays put


def build_app(
    runtime: Runtime,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    uow: Any,
    subscriptions: Sequence[Subscription] = (),
) -> FastAPI:
    """The FastAPI app of a service: its routes plus health, readiness, metrics and errors."""
    settings = runtime.settings
    configure_logging(settings.service, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        log.info("%s ready on port %s", settings.service, settings.port)
        yield
        await runtime.stop()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,  # `/docs` and `/redoc` come from shared.apidocs, with bundled assets
        redoc_url=None,
        dependencies=[Depends(reject_unknown_query)],  # unknown query parameters: 422
    )
    for sub in subscriptions:
        runtime.subscribe(sub)
    app.state.runtime = runtime
    app.state.uow = uow  # what the routes' use cases work on (`problems.unit_of_work`)
    app.state.verifier = TokenVerifier.for_settings(settings)  # refuses development secrets
    _install_edge(app, runtime)
    for router in routers:
        app.include_router(router)
    return app


def _operations(runtime: Runtime) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="The process is up")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": runtime.settings.service}

    @router.get(
        "/ready",
        summary="Kafka and MongoDB are reachable and the outbox relay publishes",
        responses={503: {"description": "A dependency does not answer, or events wait"}},
    )
    async def ready() -> JSONResponse:
        checks = await runtime.ready()
        ok = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ok else "not ready", "checks": checks},
            status_code=200 if ok else 503,
        )

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def _install_edge(app: FastAPI, runtime: Runtime) -> None:
    """Problems, the offline API docs, the HTTP edge and the operations routes."""
    settings = runtime.settings
    problems.install(app)
    apidocs.install(app)
    app.add_middleware(
        Edge,
        seconds=settings.http_request_timeout_s,
        max_body_bytes=settings.http_max_body_bytes,
    )
    app.add_middleware(Observed, service=settings.service)
    app.add_middleware(ForwardedPrefix, prefix=settings.http_root_path)
    app.include_router(_operations(runtime))
