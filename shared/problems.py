"""Errors as RFC 9457 problem details (`application/problem+json`)."""

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from shared.aggregate import DomainError

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status: int, detail: str, *, instance: str | None = None, **extra: Any) -> JSONResponse:
    """A problem-details response."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _location(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, detail, instance=request.url.path, errors=errors)


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    detail = f"{exc.field}: {exc.message}" if exc.field else exc.message
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
    return problem(exc.status, detail, instance=request.url.path, errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return problem(exc.status_code, str(exc.detail), instance=request.url.path)


def install(app: FastAPI) -> None:
    """Answer every error of the app as problem details."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(HTTPException, _http)


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid token"},
    403: {"description": "Outside the token's scope, or a read-only token"},
    404: {"description": "Not found (or outside the scope)"},
    409: {"description": "Conflict with the current state"},
    422: {"description": "Invalid field, named in `detail`"},
}


def api_router() -> APIRouter:
    """A router whose operations document the problem responses every route may give."""
    return APIRouter(responses=ERROR_RESPONSES)


def unit_of_work(request: Request) -> Any:
    """The service's use-case context, set on the app by its composition root."""
    return request.app.state.uow
