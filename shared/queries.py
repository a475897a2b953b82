"""Unknown query parameters are refused with a 422, as unknown body fields are.

`build_app` adds `reject_unknown_query` as a dependency of every route of the app. It compares
the request's query keys with the query parameters the matched route declares (its own and those
of its dependencies, by alias, e.g. `page`, `size`, `from`), so a misspelt filter (`?counci=17`)
is an error instead of a silently unfiltered list.
"""

from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

# Routes are not hashable: keyed by id, holding the route so that the id stays its own.
_DECLARED: dict[int, tuple[object, frozenset[str]]] = {}


def declared_query(route: Any) -> frozenset[str]:
    """The query parameter names (aliases) a route and its dependencies declare."""
    found = _DECLARED.get(id(route))
    if found is None or found[0] is not route:
        found = (route, frozenset(_query_names(route.dependant)))
        _DECLARED[id(route)] = found
    return found[1]


def _matched(request: Request) -> Any:
    """The route that answers: FastAPI's effective route (with the dependencies of the
    routers it was included by) where it keeps one in the scope, else the matched route."""
    effective = request.scope.get("fastapi", {}).get("effective_route_context")
    if getattr(effective, "dependant", None) is not None:
        return effective
    route = request.scope.get("route")
    return route if isinstance(route, APIRoute) else None


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def unknown_query_errors(request: Request) -> list[dict[str, Any]]:
    """One validation error per query key the matched route does not declare."""
    route = _matched(request)
    if route is None:
        return []
    known = declared_query(route)
    expected = ", ".join(sorted(known)) if known else "none"
    return [
        {
            "type": "extra_forbidden",
            "loc": ("query", key),
            "msg": f"unknown query parameter (expected: {expected})",
            "input": request.query_params.get(key),
        }
        for key in dict.fromkeys(request.query_params.keys())
        if key not in known
    ]


async def reject_unknown_query(request: Request) -> None:
    """A dependency: answer 422 naming each query parameter the route does not take."""
    errors = unknown_query_errors(request)
    if errors:
        raise RequestValidationError(errors)
