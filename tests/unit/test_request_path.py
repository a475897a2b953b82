"""No request of any service hops to a worker thread before its own work (issue 17).

FastAPI runs a plain `def` endpoint or dependency in a thread pool for every request, and
Starlette's `BaseHTTPMiddleware` runs the app in a task group with memory streams: both cost
a cheap read a large share of its time.
"""

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.middleware.base import BaseHTTPMiddleware

SERVICES = ("membership", "programs", "events")


def _app(service: str) -> Any:
    return importlib.import_module(f"services.{service}.app").create_app()


def _routes(routes: list[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):  # FastAPI includes routers lazily
            yield from _routes(route.original_router.routes)


def _calls(dependant: Dependant) -> Iterator[Any]:
    if dependant.call is not None:
        yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def _is_async(call: Any) -> bool:
    return inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
        getattr(call, "__call__", None)  # noqa: B004 - a callable instance (HTTPBearer)
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_endpoint_and_dependency_is_async(service: str) -> None:
    """A plain `def` among them would cost a thread hand-off per request."""
    app = _app(service)
    routes = list(_routes(app.routes))
    assert len(routes) > 10
    plain = {
        f"{route.path}: {getattr(call, '__qualname__', call)}"
        for route in routes
        for call in _calls(route.dependant)
        if not _is_async(call)
    }
    plain |= {
        f"app: {d.dependency}" for d in app.router.dependencies if not _is_async(d.dependency)
    }
    assert not plain, f"plain `def` on the request path: {sorted(plain)}"


@pytest.mark.parametrize("service", SERVICES)
def test_no_base_http_middleware(service: str) -> None:
    """Middleware is plain ASGI: no task group and streams per request."""
    app = _app(service)
    assert not [m for m in app.user_middleware if issubclass(m.cls, BaseHTTPMiddleware)]
