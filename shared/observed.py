"""Per-request correlation id, latency histogram and access line, as plain ASGI middleware.

Plain ASGI rather than Starlette's `BaseHTTPMiddleware`: that one runs the app in a task group
with memory streams for every request, a measurable share of a cheap read's time.
"""

import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.observability import ACCESS_LOGGER, HTTP_LATENCY, set_correlation_id

access_log = logging.getLogger(ACCESS_LOGGER)
HEADER = b"x-correlation-id"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
"""Methods named in access lines and metric labels; any other is `OTHER` (a made-up method
must neither carry data into the log nor grow the metric's label set)."""


class Observed:
    """ASGI middleware: `X-Correlation-ID` in and out, `http_request_duration`, one access line."""

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app, self.service = app, service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = dict(scope["headers"]).get(HEADER)
        correlation = sent.decode("latin-1") if sent else str(uuid.uuid4())
        stamp = correlation.encode("latin-1")
        set_correlation_id(correlation)
        started, status = time.perf_counter(), 500

        async def stamped(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (HEADER, stamp)]
            await send(message)

        try:
            await self.app(scope, receive, stamped)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            elapsed = time.perf_counter() - started
            HTTP_LATENCY.labels(self.service, method, path, status).observe(elapsed)
            _access(method, path, status, elapsed)
            set_correlation_id(None)


def _access(method: str, route: str, status: int, elapsed_s: float) -> None:
    """One access line per request (the correlation id comes with every line)."""
    duration_ms = round(elapsed_s * 1000, 1)
    access_log.info(
        "%s %s %s %sms",
        method,
        route,
        status,
        duration_ms,
        extra={"method": method, "route": route, "status": status, "duration_ms": duration_ms},
    )
