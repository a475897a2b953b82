"""Errors as RFC 9457 problem details (`application/problem+json`)."""

import logging
from typing import Any

from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from pymongo.errors import ConnectionFailure, ExecutionTimeout, WaitQueueTimeoutError
from starlette.exceptions import HTTPException

from shared.aggregate import DomainError
from shared.messages import say

log = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
RETRY_AFTER_S = 5
"""What a 503 tells the caller to wait before trying again."""
UNAVAILABLE = (ConnectionFailure, ExecutionTimeout, WaitQueueTimeoutError)
"""The database did not answer in time (or at all); pymongo's timeouts are among these."""
KAFKA_UNAVAILABLE = (KafkaConnectionError, KafkaTimeoutError)


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
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if status == 503:
        headers["Retry-After"] = str(RETRY_AFTER_S)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


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
    return problem(exc.status_code, str(exc.detail), instance=request.url.path)


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


class FieldError(BaseModel):
    """One invalid field and what is wrong with it."""

    field: str | None
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem (`application/problem+json`)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


def _documented(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description}


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: _documented("No valid token"),
    403: _documented("Outside the token's scope, or a read-only token"),
    404: _documented("Not found (or outside the scope)"),
    409: _documented("Conflict with the current state"),
    413: _documented("The request body is larger than the service takes"),
    422: _documented("Invalid field (or a body that is not JSON), named in `detail`"),
    503: _documented("A dependency did not answer in time; see `Retry-After`"),
}


def problem_media_type(doc: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document with every 4xx/5xx answer typed `application/problem+json`."""
    for path in doc.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if status[0] in "45" and "application/json" in content:
                    content[PROBLEM] = content.pop("application/json")
    return doc


def api_router() -> APIRouter:
    """A router whose operations document the problem responses every route may give."""
    return APIRouter(responses=ERROR_RESPONSES)


def unit_of_work(request: Request) -> Any:
    """The service's use-case context, set on the app by its composition root."""
    return request.app.state.uow
