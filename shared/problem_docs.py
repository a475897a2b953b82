"""How problem responses are documented: one `Problem` schema, typed `application/problem+json`."""

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

PROBLEM = "application/problem+json"


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
