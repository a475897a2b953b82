"""The services' HTTP APIs, called with the signed-in person's token and language."""

from typing import Any

import httpx


class ApiError(Exception):
    """A service answered with a problem (RFC 9457)."""

    def __init__(self, status: int, detail: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or []

    def field_errors(self) -> dict[str, str]:
        """The problem's messages by field name (the first part of a dotted field)."""
        out: dict[str, str] = {}
        for error in self.errors:
            field = str(error.get("field") or "")
            out.setdefault(field.split(".")[0].split("[")[0], str(error.get("message", "")))
        return out


class Services:
    """One pooled client per service, shared by every request."""

    def __init__(self, urls: dict[str, str], timeout: float) -> None:
        self.clients = {
            name: httpx.AsyncClient(base_url=url, timeout=timeout) for name, url in urls.items()
        }

    async def close(self) -> None:
        """Close every pool."""
        for client in self.clients.values():
            await client.aclose()

    async def reachable(self) -> dict[str, bool]:
        """Whether each service answers /ready."""
        checks: dict[str, bool] = {}
        for name, client in self.clients.items():
            try:
                checks[name] = (await client.get("/ready", timeout=3)).status_code == 200
            except httpx.HTTPError:
                checks[name] = False
        return checks


class Api:
    """Calls on behalf of one person: their bearer token and `Accept-Language`."""

    def __init__(self, services: Services, token: str | None, language: str) -> None:
        self._services = services
        self._headers = {"Accept-Language": language}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    async def call(self, service: str, method: str, path: str, **kwargs: Any) -> Any:
        """Send one request; the JSON answer, None for 204, or `ApiError`."""
        client = self._services.clients[service]
        params = kwargs.pop("params", None)
        if params:
            kwargs["params"] = {k: v for k, v in params.items() if v not in (None, "")}
        try:
            response = await client.request(method, path, headers=self._headers, **kwargs)
        except httpx.HTTPError as exc:
            raise ApiError(503, f"{service} is not reachable: {exc}") from exc
        if response.status_code >= 400:
            raise _problem(response)
        return response.json() if response.content else None

    async def get(self, service: str, path: str, **params: Any) -> Any:
        """GET with query parameters."""
        return await self.call(service, "GET", path, params=params)

    async def post(self, service: str, path: str, body: Any = None) -> Any:
        """POST a JSON body."""
        return await self.call(service, "POST", path, json=body)

    async def items(self, service: str, path: str, **params: Any) -> list[Any]:
        """The items of a list endpoint's page (200 at most)."""
        params.setdefault("size", 200)
        page = await self.get(service, path, **params)
        return list(page["items"])


def _problem(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        return ApiError(response.status_code, response.text[:300] or response.reason_phrase)
    if not isinstance(body, dict):
        return ApiError(response.status_code, str(body)[:300])
    return ApiError(response.status_code, str(body.get("detail", "")), body.get("errors"))
