"""Errors as RFC 9457 problem details (`application/problem+json`)."""

import logging
from collections.abc import Mapping
from typing import Any

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure, ExecutionTimeout, WaitQueueTimeoutError
from starlette.exceptions import HTTPException
from starlette.routing import compile_path

from shared.aggregate import DomainError
from shared.messages import say
from shared.problem_docs import ERROR_RESPONSES, PROBLEM, api_router, problem_media_type

log = logging.getLogger(__name__)
__all__ = ["ERROR_RESPONSES", "PROBLEM", "api_router", "install", "problem", "unit_of_work"]

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
_UNREADABLE_BODY = "There was an error parsing the body"
"""FastAPI's 400 for a JSON body it cannot decode; answered as the 422 of any invalid JSON."""
RETRY_AFTER_S = 5
"""What a 503 tells the caller to wait before trying again."""
UNAVAILABLE = (ConnectionFailure, ExecutionTimeout, WaitQueueTimeoutError)
"""The database did not answer in time (or at all); pymongo's timeouts are among these."""
KAFKA_UNAVAILABLE = (KafkaConnectionError, KafkaTimeoutError)


def problem(
    status: int,
    detail: str,
    *,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """A problem-details response (`extra`: more members, e.g. `errors`)."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update({k: v for k, v in extra.items() if v is not None})
    sent = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 503:
        sent["Retry-After"] = str(RETRY_AFTER_S)
    sent.update(headers or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=sent)


def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def _field(error: dict[str, Any]) -> str:
    if error.get("type") == "json_invalid":
        return "body"
    return _location(tuple(error["loc"]))


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{"field": _field(e), "message": say(e)} for e in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(422, detail, instance=request.url.path, errors=errors)


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    detail = f"{exc.field}: {exc.message}" if exc.field else exc.message
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else None
    return problem(exc.status, detail, instance=request.url.path, errors=errors)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400 and exc.detail == _UNREADABLE_BODY:  # e.g. not UTF-8 text
        message = "is not valid JSON (it cannot be read as UTF-8 text)"
        errors = [{"field": "body", "message": message}]
        return problem(422, f"body: {message}", instance=request.url.path, errors=errors)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:  # Starlette names only the first route's methods
        headers["Allow"] = ", ".join(_allowed(request))
    return problem(exc.status_code, str(exc.detail), instance=request.url.path, headers=headers)


def _allowed(request: Request) -> list[str]:
    """Every method the OpenAPI document lists for this path."""
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        if compile_path(template)[0].match(request.url.path):
            methods.update(m.upper() for m in operations if m != "parameters")
    return sorted(methods)


def unavailable(request: Request, why: str) -> JSONResponse:
    """503: a dependency did not answer in time; try again after `Retry-After` seconds."""
    detail = f"{why}; try again in {RETRY_AFTER_S} s"
    return problem(503, detail, instance=request.url.path)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.warning("%s %s: dependency unavailable: %r", request.method, request.url.path, exc)
    what = "the message broker" if isinstance(exc, KAFKA_UNAVAILABLE) else "the database"
    return unavailable(request, f"{what} did not answer in time")


async def unexpected(request: Request, exc: Exception) -> JSONResponse:
    """500 as a problem; a timeout of pymongo's that is not listed above still answers 503."""
    if getattr(exc, "timeout", False) is True:
        return await _unavailable(request, exc)
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return problem(500, "an unexpected error; it was logged", instance=request.url.path)


def install(app: FastAPI) -> None:
    """Answer every error of the app as problem details."""
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(HTTPException, _http)
    for unreachable in (*UNAVAILABLE, *KAFKA_UNAVAILABLE):
        app.add_exception_handler(unreachable, _unavailable)
    app.add_exception_handler(Exception, unexpected)
    generate = app.openapi
    app.openapi = lambda: problem_media_type(generate())  # type: ignore[method-assign]


async def unit_of_work(request: Request) -> Any:
    """The service's use-case context, set on the app by its composition root (async: no
    worker-thread hop per request, which FastAPI makes for a plain `def` dependency)."""
    return request.app.state.uow
