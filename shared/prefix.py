"""Serving under a path prefix that a reverse proxy strips (`HTTP_ROOT_PATH`).

The proxy (`ops/Caddyfile`) forwards `https://host/events/events/42` as `/events/42` with
`X-Forwarded-Prefix: /events`. Such a request gets `root_path` /events (and the prefix back on
its path, as ASGI expects), so the API pages, the OpenAPI `servers` and absolute URLs name
the public path. Requests without the header (the console and health checks on the internal
network) are served as they are, so a service's own `/events` routes never collide with it.
"""

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

HEADER = b"x-forwarded-prefix"


class ForwardedPrefix:
    """ASGI middleware: honour `X-Forwarded-Prefix` when it is the configured prefix only."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app = app
        self.prefix = prefix.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.prefix and scope["type"] in ("http", "websocket"):
            sent = dict(scope["headers"]).get(HEADER, b"").decode("latin-1").rstrip("/")
            if sent == self.prefix:
                scope = _prefixed(scope, self.prefix)
        await self.app(scope, receive, send)


def _prefixed(scope: Scope, prefix: str) -> Scope:
    out: dict[str, Any] = dict(scope)
    out["root_path"] = scope.get("root_path", "") + prefix
    out["path"] = prefix + scope["path"]
    if "raw_path" in scope and scope["raw_path"] is not None:
        out["raw_path"] = prefix.encode() + scope["raw_path"]
    return out
